#!/usr/bin/env bash
# Webhook delivery with a local Python receiver (issue 17): refused internal addresses without
# the operator's allowance, 企业微信-style and HMAC-signed generic deliveries exactly once each,
# fail-twice-then-succeed retries, and exactly-once delivery across a stop and a SIGKILL.
set -euo pipefail
cd "${SPOTCHECK_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export PYTHONPATH="${SPOTCHECK_CHECKS_LIB:-scripts/checks/lib}${PYTHONPATH:+:$PYTHONPATH}"
exec python3 scripts/checks/webhooks.py
