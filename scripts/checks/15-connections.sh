#!/usr/bin/env bash
# Connections and bodies on a real socket (issue 13 items 2 and 9): a connection that trickles a
# request head is closed after the idle timeout, an HTTP/1.0 request is answered and closed, and
# an anonymous POST declaring 19 MB is refused with 413 before its body is sent.
set -euo pipefail
cd "${SPOTCHECK_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export PYTHONPATH="${SPOTCHECK_CHECKS_LIB:-scripts/checks/lib}${PYTHONPATH:+:$PYTHONPATH}"
exec python3 scripts/checks/connections.py
