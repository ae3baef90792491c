#!/usr/bin/env bash
# Issue 7 in headless Chromium on a 390x844 phone: an inspector enters a field result on the
# online 一企一表 (draft kept across a reload, then submitted), the department admin approves it,
# it appears on /public/results searched by name, and the public task notice's in-browser
# verifier says 匹配 for the demo draw and 不匹配 for a tampered record.json. See results_browser.py.
set -euo pipefail
: "${SPOTCHECK_BIN:?SPOTCHECK_BIN is not set (run through scripts/test.sh)}"
exec python3 "$(dirname "$0")/results_browser.py"
