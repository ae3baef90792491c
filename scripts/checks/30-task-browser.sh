#!/usr/bin/env bash
# The joint task walked in headless Chromium (issue 6): office publishes and draws a new task,
# each department admin confirms and draws inspectors, office matches, the public notice
# reveals the secret only after matching, and a 一企一表 prints to A4 PDF. See task_browser.py.
set -euo pipefail
: "${SPOTCHECK_BIN:?SPOTCHECK_BIN is not set (run through scripts/test.sh)}"
exec python3 "$(dirname "$0")/task_browser.py"
