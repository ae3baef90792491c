#!/usr/bin/env bash
# How long a clean debug build takes — the cost CI pays on every run, since it
# starts from a fresh clone. Uses its own scratch path (.build-clean, ignored by
# git) so the everyday .build stays warm.
#
#   scripts/build-time.sh                 # swift build (sources + dependencies)
#   scripts/build-time.sh --build-tests   # extra arguments go to swift build
#   KEEP=1 scripts/build-time.sh          # keep .build-clean afterwards
#
# Prints the seconds on the last line, e.g. "clean debug build: 412 s".

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

SCRATCH=.build-clean
rm -rf "$SCRATCH"
if [[ -z "${KEEP:-}" ]]; then
    # Holds a full copy of every dependency: don't leave hundreds of MB behind.
    trap 'rm -rf "$SCRATCH"' EXIT
fi

# Resolve first and time it apart: fetching packages is not compiling.
start=$SECONDS
swift package --scratch-path "$SCRATCH" resolve >/dev/null
resolve_s=$((SECONDS - start))

start=$SECONDS
swift build --scratch-path "$SCRATCH" "$@"
build_s=$((SECONDS - start))

echo "resolve: ${resolve_s} s ($(nproc) cores)"
echo "clean debug build: ${build_s} s"
