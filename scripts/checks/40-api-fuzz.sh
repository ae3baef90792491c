#!/usr/bin/env bash
# Issue 13 item 16: schemathesis fuzzes every operation of openapi.yaml on the demo, with a
# department admin's and the office's token and a fixed seed; any 5xx, any response that does not
# match the spec, or a wrong method not answered 405 + Allow fails the check (see api_fuzz.py).
set -euo pipefail
cd "${SPOTCHECK_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export PYTHONPATH="${SPOTCHECK_CHECKS_LIB:-scripts/checks/lib}${PYTHONPATH:+:$PYTHONPATH}"
exec python3 scripts/checks/api_fuzz.py
