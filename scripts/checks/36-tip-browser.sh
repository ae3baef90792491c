#!/usr/bin/env bash
# 举报线索 on a 360 px phone (issue 17): the public submits a tip with a photo and gets a receipt
# code; the status by that code goes 已受理 → 已转办 → 已办结 as the office routes it and the
# department, led there by its message, notes and closes it. See tip_browser.py.
set -euo pipefail
: "${SPOTCHECK_BIN:?SPOTCHECK_BIN is not set (run through scripts/test.sh)}"
exec python3 "$(dirname "$0")/tip_browser.py"
