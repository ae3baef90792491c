#!/usr/bin/env bash
# The joint task scripted end to end with the real `spotcheck` binary, then checked
# offline: the live task's record and frozen lists must pass `spotcheck verify`, and a
# tampered record must not. Also checks the demo's drawn Qinghe task the same way.
set -euo pipefail

BIN="${SPOTCHECK_BIN:?SPOTCHECK_BIN is not set (run through scripts/test.sh)}"
WORK="$(mktemp -d /tmp/spotcheck-task-cli.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
DB="sqlite://$WORK/task.sqlite"
cd "$WORK"

fail() { echo "20-task-cli: $*" >&2; exit 1; }

"$BIN" demo --database "$DB" >/dev/null

# 1. The demo task: record + frozen lists verify offline.
"$BIN" task record "清双随机办〔2024〕21号" --database "$DB" --out demo-record.json
"$BIN" task candidates 1 --database "$DB" --objects demo-o.csv --inspectors demo-i.csv --conflicts demo-c.csv >/dev/null
"$BIN" verify demo-record.json --objects demo-o.csv --inspectors demo-i.csv --conflicts demo-c.csv \
    || fail "the demo task's record did not verify"

# 2. A new task, every step through the CLI.
"$BIN" task template | python3 -c '
import json, sys
plan = json.load(sys.stdin)
plan["document_number"] = "清双随机办〔2024〕35号"
plan["title"] = "脚本化联合抽查"
plan["period_start"], plan["period_end"] = "2024-09-02", "2024-10-31"
json.dump(plan, open("plan.json", "w"), ensure_ascii=False)
'
"$BIN" task create --database "$DB" --file plan.json --actor office --off-plan-reason "脚本化测试：上级部署的专项抽查"
TASK="清双随机办〔2024〕35号"
"$BIN" task publish "$TASK" --database "$DB" 2>/dev/null
"$BIN" task draw "$TASK" --database "$DB" --entropy "2024-09-02-witness-101-202"
if "$BIN" task draw "$TASK" --database "$DB" --entropy "another" 2>/dev/null; then
    fail "a second draw with another entropy was accepted"
fi
first="$("$BIN" task show "$TASK" --database "$DB" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["selected"][0])')"
"$BIN" task reject "$TASK" --database "$DB" --dept scjg --uscc "$first" --reason "已停业" --actor scjg-admin
for dept in yjj scjg swj xf; do
    "$BIN" task confirm "$TASK" --database "$DB" --dept "$dept" --all --actor "$dept-admin" >/dev/null
    "$BIN" task draw-inspectors "$TASK" --database "$DB" --dept "$dept" --actor "$dept-admin" >/dev/null
done
"$BIN" task match "$TASK" --database "$DB" >/dev/null
"$BIN" task record "$TASK" --database "$DB" --out record.json
"$BIN" task candidates "$TASK" --database "$DB" --objects o.csv --inspectors i.csv --conflicts c.csv >/dev/null
"$BIN" verify record.json --objects o.csv --inspectors i.csv --conflicts c.csv || fail "the scripted task's record did not verify"
python3 - <<'PY' || exit 1
import json
record = json.load(open("record.json"))
rejected = [u for s in record["objects"] for u in s["rejected"]]
assert len(rejected) == 1, rejected
assert len(record["secret"]) == 64, "secret not revealed after matching"
assert {t["dept"] for t in record["teams"]} == {"yjj", "scjg", "swj", "xf"}, record["teams"]
# Tamper: swap the first selected enterprise for another candidate.
others = [line.split(",")[0] for line in open("o.csv").read().splitlines()[1:]]
stratum = record["objects"][0]
chosen = set(stratum["selected"]) | set(stratum["replacements"])
stratum["selected"][0] = next(u for u in others if u not in chosen)
json.dump(record, open("tampered.json", "w"))
PY
if "$BIN" verify tampered.json --objects o.csv --inspectors i.csv --conflicts c.csv >/dev/null 2>&1; then
    fail "a tampered record verified"
fi
echo "20-task-cli: demo and scripted tasks verify offline; tampering is caught"
