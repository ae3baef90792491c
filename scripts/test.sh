#!/usr/bin/env bash
# THE test command of spotcheck: what the README tells people to run and what
# .ci/run ends with.
#
#   scripts/test.sh                     # build, unit + PostgreSQL tests, then scripts/checks/*.sh
#   scripts/test.sh --filter Store      # extra arguments go to `swift test`
#
# Steps: swift build --build-tests; a throwaway PostgreSQL (scripts/pg.sh)
# unless SPOTCHECK_TEST_POSTGRES_URL is already set; swift test --skip-build;
# every scripts/checks/*.sh; a summary with timings. Exits non-zero if any
# step failed. The throwaway server is stopped and its folder removed on every
# exit path (success, failure, Ctrl-C).
#
# Environment knobs (all optional):
#   SPOTCHECK_TEST_POSTGRES_URL  use this database instead of starting one
#   SPOTCHECK_TEST_PARALLEL      1: swift test --parallel (test processes run
#                                concurrently against the ONE shared database);
#                                0: --no-parallel (also serialises Swift Testing
#                                inside its process); unset: swift test's default
#   SPOTCHECK_SKIP_CHECKS=1      skip scripts/checks/*.sh
#   SPOTCHECK_CHECK_TIMEOUT      seconds per check script (default 900)
#   SWIFTPM_FLAGS                extra flags for every swift build/test call,
#                                e.g. "--scratch-path .build-mine"

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

# Swift lives in /opt/swift on our machines and is not always on PATH.
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

read -r -a SWIFTPM_ARGS <<<"${SWIFTPM_FLAGS:-}"

STEP_NAMES=()
STEP_RESULTS=()
STEP_SECONDS=()
FAILED=0
PG_DIR=""
TEST_LOG=""
T_START=$EPOCHREALTIME

say() { printf '\n==> %s\n' "$*"; }

# seconds between two $EPOCHREALTIME values, one decimal.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

record() { # name result start
    STEP_NAMES+=("$1")
    STEP_RESULTS+=("$2")
    STEP_SECONDS+=("$(elapsed "$3" "$EPOCHREALTIME")")
    if [[ "$2" == FAIL ]]; then FAILED=1; fi
}

# shellcheck disable=SC2317  # only called from the EXIT trap, which shellcheck cannot see
summary() {
    local i
    printf '\n==> summary (%ss in all)\n' "$(elapsed "$T_START" "$EPOCHREALTIME")"
    for i in "${!STEP_NAMES[@]}"; do
        printf '  %-5s %7ss  %s\n' "${STEP_RESULTS[$i]}" "${STEP_SECONDS[$i]}" "${STEP_NAMES[$i]}"
    done
    # Repeat swift test's own closing lines last, so that whoever reads only the
    # end of the log sees the real test counts.
    if [[ -n "$TEST_LOG" && -s "$TEST_LOG" ]]; then
        {
            # XCTest reports "Executed 0 tests" when all tests are Swift Testing ones; that line says nothing.
            grep -E 'Executed [0-9]+ tests?, with' "$TEST_LOG" | grep -v 'Executed 0 tests' | tail -n 1
            grep -E 'Test run with [0-9]+ tests?' "$TEST_LOG" | tail -n 1
        } || true
    fi
}

# shellcheck disable=SC2317  # the EXIT trap handler
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$PG_DIR" ]]; then
        bash "$ROOT/scripts/pg.sh" stop "$PG_DIR" || true
    fi
    summary
    if [[ -n "$TEST_LOG" ]]; then rm -f "$TEST_LOG"; fi
    if [[ $rc -eq 0 && $FAILED -ne 0 ]]; then rc=1; fi
    if [[ $rc -eq 0 ]]; then echo "test.sh: all steps passed"; else echo "test.sh: FAILED (exit $rc)"; fi
    exit "$rc"
}
trap cleanup EXIT

# Ctrl-C / kill: stop a running check too, then exit with the conventional
# code; the EXIT trap does the rest. A check runs under `timeout`, which puts
# it in its own process group, so a terminal's Ctrl-C would not reach it.
CHILD=""
# shellcheck disable=SC2317  # signal trap handler
on_signal() {
    if [[ -n "$CHILD" ]]; then
        kill -TERM "$CHILD" 2>/dev/null || true # timeout passes it on to the whole check
        wait "$CHILD" 2>/dev/null || true
    fi
    exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# --- preflight: fail in seconds, not after a ten-minute build -------------
if [[ -z "${SPOTCHECK_TEST_POSTGRES_URL:-}" ]]; then
    say "checking for PostgreSQL server binaries"
    if ! bash scripts/pg.sh check; then
        echo "test.sh: PostgreSQL is required (tests run with SPOTCHECK_REQUIRE_POSTGRES=1)." >&2
        echo "test.sh: run 'bash .ci/run --install-only' or 'apt-get install postgresql', then retry." >&2
        exit 1
    fi
fi

# --- build -----------------------------------------------------------------
say "swift build --build-tests ${SWIFTPM_ARGS[*]}"
swift --version 2>&1 | head -n 1
t=$EPOCHREALTIME
if swift build --build-tests "${SWIFTPM_ARGS[@]}"; then
    record "swift build --build-tests" PASS "$t"
else
    record "swift build --build-tests" FAIL "$t"
    exit 1 # nothing else can run without a build
fi
BIN_DIR="$(swift build --show-bin-path "${SWIFTPM_ARGS[@]}")"
export SPOTCHECK_BIN="$BIN_DIR/spotcheck"

# --- PostgreSQL ----------------------------------------------------------------
if [[ -n "${SPOTCHECK_TEST_POSTGRES_URL:-}" ]]; then
    say "using the given SPOTCHECK_TEST_POSTGRES_URL"
else
    say "starting a throwaway PostgreSQL"
    t=$EPOCHREALTIME
    if ! pg_env="$(bash scripts/pg.sh start)"; then
        record "start PostgreSQL" FAIL "$t"
        exit 1
    fi
    eval "$pg_env"
    PG_DIR="$SPOTCHECK_PG_DIR"
    record "start PostgreSQL" PASS "$t"
fi
export SPOTCHECK_TEST_POSTGRES_URL
# Tests that need PostgreSQL fail instead of skipping when this is set.
export SPOTCHECK_REQUIRE_POSTGRES=1

# --- swift test ----------------------------------------------------------------
# Serial by default: all test processes share one database. Swift Testing still
# runs tests inside one process concurrently unless a suite is .serialized.
PARALLEL_ARGS=()
case "${SPOTCHECK_TEST_PARALLEL:-}" in
1 | true | yes) PARALLEL_ARGS=(--parallel) ;;
0 | false | no) PARALLEL_ARGS=(--no-parallel) ;;
"") ;;
*) echo "test.sh: SPOTCHECK_TEST_PARALLEL must be 1 or 0" >&2; exit 2 ;;
esac
say "swift test --skip-build ${PARALLEL_ARGS[*]} $*"
TEST_LOG="$(mktemp /tmp/spotcheck-test-log.XXXXXX)"
t=$EPOCHREALTIME
# tee keeps the output live; pipefail makes the pipeline fail if swift test does.
if swift test --skip-build "${SWIFTPM_ARGS[@]}" "${PARALLEL_ARGS[@]}" "$@" 2>&1 | tee "$TEST_LOG"; then
    record "swift test" PASS "$t"
else
    record "swift test" FAIL "$t"
fi

# --- script checks (scripts/checks/*.sh) ----------------------------------------
# Run even when swift test failed: a full picture in one CI run is cheaper than
# fixing one failure per run. Contract: scripts/checks/README.md.
shopt -s nullglob
checks=("$ROOT"/scripts/checks/*.sh)
shopt -u nullglob
if [[ "${SPOTCHECK_SKIP_CHECKS:-}" == 1 ]]; then
    say "skipping ${#checks[@]} check script(s) (SPOTCHECK_SKIP_CHECKS=1)"
elif [[ ${#checks[@]} -gt 0 ]]; then
    export SPOTCHECK_REPO_ROOT="$ROOT"
    export SPOTCHECK_CHECKS_LIB="$ROOT/scripts/checks/lib"
    export SPOTCHECK_ARTIFACTS_DIR="${SPOTCHECK_ARTIFACTS_DIR:-$ROOT/.build/check-artifacts}"
    mkdir -p "$SPOTCHECK_ARTIFACTS_DIR"
    timeout_s="${SPOTCHECK_CHECK_TIMEOUT:-900}"
    for check in "${checks[@]}"; do
        name="checks/$(basename "$check")"
        say "$name"
        t=$EPOCHREALTIME
        rc=0
        # PYTHONPATH: checks can `import browser` from scripts/checks/lib.
        # A timeout keeps a hung browser from eating CI's time budget.
        # No bytecode: keeps __pycache__ out of the work tree.
        PYTHONPATH="$SPOTCHECK_CHECKS_LIB${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1 \
            timeout --kill-after=15 "$timeout_s" bash "$check" </dev/null &
        # In the background + wait, so that a signal runs our trap at once
        # instead of after the check finishes.
        CHILD=$!
        wait "$CHILD" || rc=$?
        CHILD=""
        if [[ $rc -eq 0 ]]; then
            record "$name" PASS "$t"
        elif [[ $rc -eq 77 && -z "${CI:-}" ]]; then
            # 77 = "cannot run here" (missing browser, ...): tolerated locally, never in CI.
            record "$name" SKIP "$t"
        else
            [[ $rc -eq 124 ]] && echo "test.sh: $name timed out after ${timeout_s}s" >&2
            [[ $rc -eq 77 ]] && echo "test.sh: $name skipped itself (77), which is a failure in CI" >&2
            record "$name (exit $rc)" FAIL "$t"
        fi
    done
fi

exit "$FAILED"
