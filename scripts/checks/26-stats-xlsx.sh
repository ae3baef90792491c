#!/usr/bin/env bash
# The statistics table's XLSX export from a demo server, opened with openpyxl: the attachment's
# two-row merged header cells and texts, department rows that add up to 合计, and /stats.csv
# with the same numbers.
set -euo pipefail
cd "${SPOTCHECK_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export PYTHONPATH="${SPOTCHECK_CHECKS_LIB:-scripts/checks/lib}${PYTHONPATH:+:$PYTHONPATH}"
exec python3 scripts/checks/stats_xlsx.py
