#!/usr/bin/env bash
# The joint task scripted end to end with the real `spotcheck` binary, then checked
# offline: the live task's record and frozen lists must pass `spotcheck verify`, and a
# tampered record must not. Also checks the demo's drawn Qinghe task the same way, and the
# annual plan, visits, summaries and closing report from the command line.
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
# 3. The annual plan (issue 16): a plan file with a bad row writes nothing and names the line; the
#    corrected file imports, the plan cannot be published before it is approved (审定), is approved,
#    sent back (退回修改) with a reason, approved again and published once, a task is created from its entry, and
#    the plan lists the task; the demo task's visits, summaries and closing report.
cat > plan-bad.csv <<'CSV'
抽查任务名称,牵头部门,配合部门,抽查领域,抽查事项,抽查对象范围,抽查比例,实施月份
2027年度危化品联合抽查,清河县应急管理局,消防,应急管理,YJJ-001,危化企业,20%,5–6月
CSV
if out="$("$BIN" plan import plan-bad.csv --year 2027 --database "$DB" 2>&1)"; then fail "a plan file with an unknown department was imported"; fi
grep -q "第 2 行" <<<"$out" || fail "the refused plan file did not name line 2: $out"
sed 's/,消防,/,清河县消防救援大队,/' plan-bad.csv > plan.csv
"$BIN" plan import plan.csv --year 2027 --database "$DB" >/dev/null
if out="$("$BIN" plan publish --year 2027 --database "$DB" 2>&1)"; then fail "a plan was published before it was approved"; fi
grep -q "尚未审定" <<<"$out" || fail "publishing an unapproved plan did not say it needs 审定: $out"
"$BIN" plan approve --year 2027 --database "$DB" >/dev/null
"$BIN" plan reopen --year 2027 --reason "补充配合部门" --database "$DB" >/dev/null
"$BIN" plan approve --year 2027 --database "$DB" >/dev/null
"$BIN" plan publish --year 2027 --database "$DB" >/dev/null
if "$BIN" plan publish --year 2027 --database "$DB" >/dev/null 2>&1; then fail "the plan was published twice"; fi
ENTRY="$("$BIN" plan list --year 2027 --json --database "$DB" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"][0]["id"])')"
python3 - <<'PY'
import json
plan = json.load(open("plan.json"))
plan["document_number"] = "清双随机办〔2027〕5号"
plan["period_start"], plan["period_end"] = "2027-05-10", "2027-06-30"
json.dump(plan, open("plan-2027.json", "w"), ensure_ascii=False)
PY
if "$BIN" task create --database "$DB" --file plan-2027.json >/dev/null 2>&1; then fail "a task without an entry or a reason was created"; fi
"$BIN" task create --database "$DB" --file plan-2027.json --plan-entry "$ENTRY" >/dev/null
"$BIN" plan list --year 2027 --json --database "$DB" | python3 -c '
import json, sys
entry = json.load(sys.stdin)["entries"][0]
assert entry["tasks"] == ["清双随机办〔2027〕5号"], entry' || fail "the plan does not list the task created from its entry"
"$BIN" plan export --year 2027 --out plan-2027.xlsx --database "$DB" >/dev/null
[[ "$(head -c 2 plan-2027.xlsx)" == "PK" ]] || fail "the plan export is not an XLSX file"
# Whole outputs first: `grep -q` stops reading at its match, and under pipefail the writer's
# SIGPIPE would fail the pipeline.
visits="$("$BIN" task visits 1 --database "$DB")"
grep -q "已约定" <<<"$visits" || fail "the demo task has no agreed visit"
summaries="$("$BIN" task summaries 1 --database "$DB")"
grep -q "尚未提交：清河县消防救援大队" <<<"$summaries" || fail "the demo's summaries are not three of four: $summaries"
"$BIN" task report 1 --json --database "$DB" | python3 -c '
import json, sys
report = json.load(sys.stdin)
assert len(report["digest"]) == 64 and report["report"]["facts"]["planOrigin"].startswith("2024年度抽查计划"), report["digest"]' \
    || fail "the closing report has no digest or plan origin"
echo "20-task-cli: demo and scripted tasks verify offline; tampering is caught; the annual plan, visits, summaries and report work from the CLI"
