#!/usr/bin/env bash
# The in-browser draw verifier (static/verify-draw.js, the "验证抽取结果" button) run under
# node: the spec's test vectors, 匹配 for draw-example/, 不匹配 naming the field for tampered
# copies. The same file the page loads, so the browser and the server's verifier cannot drift.
set -euo pipefail

ROOT="${SPOTCHECK_REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$ROOT"

if ! command -v node >/dev/null 2>&1; then
    echo "25-verify-js: node is not installed (apt-get install nodejs)" >&2
    exit 77
fi

EXAMPLE=""
for dir in "$ROOT/../shared/design/draw-example" "$ROOT/../../shared/design/draw-example" /work/shared/design/draw-example \
    "$ROOT/Tests/SpotcheckCoreTests/Fixtures/draw-example"; do
    if [[ -f "$dir/record.json" && -f "$dir/objects.csv" ]]; then
        EXAMPLE="$dir"
        break
    fi
done
[[ -n "$EXAMPLE" ]] || { echo "25-verify-js: draw-example/ not found" >&2; exit 1; }

node scripts/checks/verify_js_test.mjs "$EXAMPLE"
