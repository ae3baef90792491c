#!/usr/bin/env bash
# Throwaway PostgreSQL server for tests.
#
#   eval "$(scripts/pg.sh start)"        # exports SPOTCHECK_TEST_POSTGRES_URL and SPOTCHECK_PG_DIR
#   scripts/pg.sh stop "$SPOTCHECK_PG_DIR"
#   scripts/pg.sh status "$SPOTCHECK_PG_DIR"
#   scripts/pg.sh check                  # only verify that the server binaries are installed
#   source scripts/pg.sh                 # same as eval "$(scripts/pg.sh start)"
#
# Why our own initdb instead of the Debian cluster: tests need a server that
# nobody else uses, that starts in a second on a free port, that can run with
# durability switched off, and that leaves nothing behind once it is stopped.
#
# Everything that is not an `export` line goes to stderr, so that the output of
# `start` can be eval'd.
#
# Environment knobs (all optional):
#   SPOTCHECK_PG_BINDIR   directory holding initdb/pg_ctl (default: newest /usr/lib/postgresql/*/bin)
#   SPOTCHECK_PG_DB       database to create (default: spotcheck_test)
#   SPOTCHECK_PG_PORT     port to use instead of picking a free one

# Sourced: run ourselves as a child (so `set -euo pipefail` below does not leak
# into the caller's shell) and import the exports.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
    if __spotcheck_pg_out="$(bash "${BASH_SOURCE[0]}" start)"; then
        eval "$__spotcheck_pg_out"
        unset __spotcheck_pg_out
        return 0
    else
        unset __spotcheck_pg_out
        return 1
    fi
fi

set -euo pipefail

PG_USER=postgres # the database superuser name, and the OS user the server runs as when we are root
DB_NAME="${SPOTCHECK_PG_DB:-spotcheck_test}"
MARKER=.spotcheck-pg # written into every dir we create, so `stop` never deletes a foreign folder

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

# Locate initdb/pg_ctl. Debian keeps them off PATH under /usr/lib/postgresql/VERSION/bin.
find_bindir() {
    if [[ -n "${SPOTCHECK_PG_BINDIR:-}" ]]; then
        [[ -x "$SPOTCHECK_PG_BINDIR/initdb" && -x "$SPOTCHECK_PG_BINDIR/pg_ctl" ]] ||
            die "SPOTCHECK_PG_BINDIR=$SPOTCHECK_PG_BINDIR has no initdb/pg_ctl"
        printf '%s\n' "$SPOTCHECK_PG_BINDIR"
        return
    fi
    local d best=""
    # sort -V so that 16 beats 9.6; keep the newest that is complete.
    while IFS= read -r d; do
        [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]] && best="$d"
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
    if [[ -z "$best" ]] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        best="$(dirname "$(readlink -f "$(command -v initdb)")")"
    fi
    if [[ -z "$best" ]]; then
        log "error: PostgreSQL server binaries (initdb, pg_ctl) not found."
        log "       The tests need a real PostgreSQL server. Install it with"
        log "         bash .ci/run --install-only      (installs everything CI needs), or"
        log "         apt-get install postgresql"
        log "       or point SPOTCHECK_TEST_POSTGRES_URL at an existing empty database."
        exit 1
    fi
    printf '%s\n' "$best"
}

# PostgreSQL refuses to run as root. As root we run the server tools as the
# `postgres` OS user (created by Debian's postgresql-common); as anybody else
# we run them as ourselves.
as_pg() {
    if [[ "$(id -u)" -ne 0 ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$PG_USER" -- "$@"
    else
        # su needs one command string; quote every word.
        su "$PG_USER" -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
}

# A port nobody listens on. Asking the kernel (bind to port 0) avoids guessing;
# the loop is the fallback when python3 is missing. There is a small race until
# the server binds it, which `start` handles by retrying with another port.
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
        return
    fi
    local p
    for ((p = 55432 + RANDOM % 1000; p < 65000; p++)); do
        # A refused connection means nothing listens there.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            printf '%s\n' "$p"
            return
        fi
    done
    die "no free port found"
}

cmd_check() {
    local bindir
    bindir="$(find_bindir)"
    log "using $("$bindir/postgres" --version) from $bindir"
}

cmd_start() {
    local bindir dir port attempt started=0
    bindir="$(find_bindir)"
    if [[ "$(id -u)" -eq 0 ]] && ! id "$PG_USER" >/dev/null 2>&1; then
        die "running as root but there is no '$PG_USER' OS user to run the server as (apt-get install postgresql creates it)"
    fi

    # /tmp rather than $TMPDIR: the unix socket path must stay under ~100 bytes,
    # and as root the postgres user must be able to reach the folder.
    dir="$(mktemp -d /tmp/spotcheck-pg.XXXXXX)"
    : >"$dir/$MARKER"
    # From here on, a failure must not leave a half-started server or the folder behind.
    trap 'as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
    mkdir "$dir/data" "$dir/sock"
    chmod 700 "$dir/data"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown -R "$PG_USER:" "$dir"
    fi

    log "initdb in $dir/data ($("$bindir/postgres" --version))"
    # C locale: identical sorting everywhere, no dependency on generated locales.
    # --no-sync: the data is thrown away anyway. trust auth: the server only
    # listens on loopback and on a socket in our private folder.
    (cd "$dir" && as_pg "$bindir/initdb" -D "$dir/data" -U "$PG_USER" -A trust \
        -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1) ||
        {
            cat "$dir/initdb.log" >&2
            die "initdb failed"
        }

    # Durability off (fsync, synchronous_commit, full_page_writes): a crash
    # loses only test data, and tests run several times faster.
    # conf.d-style append keeps initdb's defaults for everything else.
    cat >>"$dir/data/postgresql.conf" <<EOF

# --- added by scripts/pg.sh: throwaway test server ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
# Swift Testing runs suites side by side, each store with its own pool of up to 8.
max_connections = 400
jit = off
timezone = 'UTC'
log_timezone = 'UTC'
EOF

    for attempt in 1 2 3 4 5; do
        port="${SPOTCHECK_PG_PORT:-$(free_port)}"
        log "starting on 127.0.0.1:$port (attempt $attempt)"
        # stdout of pg_ctl goes to stderr: our stdout may be a $(...) pipe, and
        # nothing long-running may hold it open.
        if (cd "$dir" && as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port" start </dev/null >&2); then
            started=1
            break
        fi
        [[ -n "${SPOTCHECK_PG_PORT:-}" ]] && break # a fixed port won't get better by retrying
        log "start failed, retrying with another port; server.log says:"
        tail -n 5 "$dir/server.log" >&2 || true
    done
    if [[ "$started" -ne 1 ]]; then
        tail -n 30 "$dir/server.log" >&2 || true
        die "PostgreSQL did not start"
    fi
    printf '%s\n' "$port" >"$dir/port"

    local i
    for ((i = 0; i < 60; i++)); do
        "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U "$PG_USER" && break
        sleep 0.5
    done
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U "$PG_USER" ||
        die "server started but pg_isready does not answer"

    # Over TCP as the database superuser: no OS user switch needed for clients.
    "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$DB_NAME" >&2 ||
        die "createdb $DB_NAME failed"
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -d "$DB_NAME" -U "$PG_USER" ||
        die "database $DB_NAME not ready"

    trap - EXIT
    local url="postgres://$PG_USER@127.0.0.1:$port/$DB_NAME"
    log "ready: $url (data in $dir; stop with: scripts/pg.sh stop $dir)"
    printf 'export SPOTCHECK_TEST_POSTGRES_URL=%q\n' "$url"
    printf 'export SPOTCHECK_PG_DIR=%q\n' "$dir"
}

dir_arg() {
    local dir="${1:-${SPOTCHECK_PG_DIR:-}}"
    [[ -n "$dir" ]] || die "usage: $0 stop|status DIR (or set SPOTCHECK_PG_DIR)"
    [[ -f "$dir/$MARKER" ]] || die "$dir was not made by scripts/pg.sh (no $MARKER); refusing to touch it"
    printf '%s\n' "$dir"
}

cmd_stop() {
    local dir bindir
    dir="$(dir_arg "${1:-}")"
    bindir="$(find_bindir)"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        # fast = roll back open transactions and disconnect clients, no waiting for them.
        if ! as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop </dev/null >&2; then
            log "fast stop failed; stopping immediately"
            as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop </dev/null >&2 || true
        fi
    fi
    rm -rf "$dir"
    log "stopped and removed $dir"
}

cmd_status() {
    local dir bindir
    dir="$(dir_arg "${1:-}")"
    bindir="$(find_bindir)"
    as_pg "$bindir/pg_ctl" -D "$dir/data" status >&2
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop "${2:-}" ;;
status) cmd_status "${2:-}" ;;
check) cmd_check ;;
*)
    printf 'usage: %s start | stop DIR | status DIR | check\n' "$0" >&2
    exit 2
    ;;
esac
