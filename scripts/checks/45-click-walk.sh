#!/usr/bin/env bash
# Issue 15 in headless Chromium: the whole notice by clicking only (plan → publish → draw →
# confirm with one 退回 → inspectors → match → batch print to PDF → group XLSX → a 360-px phone
# entry with a refused 提交 that keeps what was typed → 审核公示 after a dialog → public results →
# statistics and XLSX counting each enterprise once), then every page of every role's navigation
# at 360 and 1366 px: none wider than the window, none showing an internal code. See click_walk.py.
set -euo pipefail
: "${SPOTCHECK_BIN:?SPOTCHECK_BIN is not set (run through scripts/test.sh)}"
exec python3 "$(dirname "$0")/click_walk.py"
