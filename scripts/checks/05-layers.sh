#!/usr/bin/env bash
# The layers of docs/architecture.md: no FluentKit/SQLKit in the transports, and every target's
# imports declared in Package.swift (scripts/checks/layers.py). Needs only python3; seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
python3 scripts/checks/layers.py .
