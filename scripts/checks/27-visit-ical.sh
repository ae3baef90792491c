#!/usr/bin/env bash
# 约定时间 against a demo server: a visit agreed by every department, a clash refused naming the
# other enterprise, and the inspector's iCalendar feed parsed with Python's icalendar listing
# exactly the agreed visit; a revoked feed answers 404.
set -euo pipefail
cd "${SPOTCHECK_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export PYTHONPATH="${SPOTCHECK_CHECKS_LIB:-scripts/checks/lib}${PYTHONPATH:+:$PYTHONPATH}"
exec python3 scripts/checks/visit_ical.py
