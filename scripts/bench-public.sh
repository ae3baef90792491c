#!/usr/bin/env bash
# The public pages' throughput (issue 13 item 8), one command:
#
#   scripts/bench-public.sh [--enterprises 250000] [--duration 15] [--connections 16] [--binary PATH]
#
# Builds the release binary into its own scratch path (.build-release), seeds a fresh SQLite
# database with the demo (its published results included) plus a task of 应急管理局 drawing 20 %
# of --enterprises synthetic enterprises (250,000 give 50,000 drawn), starts `serve`, and
# measures with wrk, in the same run and at the same concurrency:
#   - GET /api/v1/health                      (the yardstick: one SELECT 1)
#   - GET /public/tasks/{the large task}      (first page of 50,000 drawn)
#   - GET /public/results?q=清河               (the results search)
# It prints req/s, p50 and p99 latency, the page sizes, the time of one cold request, and each
# page's req/s as a share of health's (target: at least 0.5). Needs wrk and curl
# (Debian: apt-get install -y wrk curl). SPOTCHECK_BENCH_DATABASE=postgres://… measures on an
# empty PostgreSQL database instead of a fresh SQLite file; --binary uses a built spotcheck instead
# of building (to try the script itself with a debug build).
set -euo pipefail

enterprises=250000
duration=15
connections=16
bin=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --enterprises) enterprises="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --binary) bin="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "需要 $tool（Debian: apt-get install -y wrk curl）" >&2; exit 1; }
done

if [[ -z "$bin" ]]; then
    echo "== release build (.build-release)" >&2
    swift build -c release --scratch-path .build-release --product spotcheck >&2
    bin=.build-release/release/spotcheck
fi

work=$(mktemp -d /tmp/spotcheck-bench-public.XXXXXX)
server=""
cleanup() {
    if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

database="${SPOTCHECK_BENCH_DATABASE:-sqlite://$work/bench.sqlite}"
echo "== seeding the demo and a task drawing 20 % of $enterprises enterprises" >&2
seeded=$("$bin" bench public-seed --database "$database" --enterprises "$enterprises")
task=$(sed -n 's/^task=\([0-9]*\) .*/\1/p' <<<"$seeded")
drawn=$(sed -n 's/.* drawn=\([0-9]*\)$/\1/p' <<<"$seeded")

port=$((20000 + RANDOM % 20000))
"$bin" serve --database "$database" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
    curl -fs "$base/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "$base/api/v1/health" >/dev/null || { echo "serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }

health="$base/api/v1/health"
taskpage="$base/public/tasks/$task"
search="$base/public/results?q=%E6%B8%85%E6%B2%B3"

# One request on its own, before any load: size in bytes and seconds.
cold() { curl -fs -o /dev/null -w '%{size_download} %{time_total}' "$1"; }
read -r task_bytes task_cold <<<"$(cold "$taskpage")"
read -r search_bytes search_cold <<<"$(cold "$search")"
read -r health_bytes health_cold <<<"$(cold "$health")"

# wrk's req/s, p50 and p99 (in ms) for one URL.
measure() {
    wrk -t2 -c"$connections" -d3s "$1" >/dev/null  # warm-up
    local out rps p50 p99
    out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$1")
    if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $1:" >&2; echo "$out" >&2; exit 1; fi
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    echo "$rps $(ms "$p50") $(ms "$p99")"
}
# wrk prints latencies as 812.00us, 1.23ms or 1.02s.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }

echo "== measuring, $connections connections, ${duration} s each" >&2
read -r health_rps health_p50 health_p99 <<<"$(measure "$health")"
read -r task_rps task_p50 task_p99 <<<"$(measure "$taskpage")"
read -r search_rps search_p50 search_p99 <<<"$(measure "$search")"
[[ -n "$health_rps" && -n "$task_rps" && -n "$search_rps" ]] || exit 1
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "task $task: $drawn drawn enterprises; database ${database%%:*}; $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| request | req/s | p50 (ms) | p99 (ms) | bytes | one cold request (s) | req/s ÷ health |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| GET /api/v1/health | $health_rps | $health_p50 | $health_p99 | $health_bytes | $health_cold | 1.00 |"
echo "| GET /public/tasks/$task | $task_rps | $task_p50 | $task_p99 | $task_bytes | $task_cold | $(ratio "$task_rps" "$health_rps") |"
echo "| GET /public/results?q=清河 | $search_rps | $search_p50 | $search_p99 | $search_bytes | $search_cold | $(ratio "$search_rps" "$health_rps") |"
