#!/usr/bin/env python3
"""Downloads /stats.xlsx?task=1 from a demo server as the office and checks with openpyxl that
the sheet has the attachment's two-row merged header (报表单位 … 现场解答疑难问题), the
departments' rows, and a 合计 row that counts each enterprise and inspector once; /stats.csv must carry the same numbers."""
from __future__ import annotations

import csv
import http.cookiejar
import io
import re
import sys
import urllib.parse
import urllib.request

import browser

try:
    import openpyxl
except ImportError:  # pragma: no cover - .ci/run installs it
    print("26-stats-xlsx: openpyxl is not installed", file=sys.stderr)
    sys.exit(77)

TITLES = ["随机抽查企业（户）", "随机抽取执法人员（人）", "发现问题事项（项）", "发现问题企业（个）",
          "行政指导（户）", "应列异常名录（户）", "涉嫌违法应立案调查（户）", "现场解答疑难问题（户）"]


def fail(message: str) -> None:
    print(f"26-stats-xlsx: {message}", file=sys.stderr)
    sys.exit(1)


def login(base: str, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login", timeout=30).read().decode()
    token = re.search(r'name="_csrf" value="([^"]*)"', page)
    if not token:
        fail("the login page has no CSRF token")
    body = urllib.parse.urlencode({"username": username, "password": "qinghe2024", "_csrf": token.group(1)}).encode()
    final = opener.open(base + "/login", data=body, timeout=30)
    if "/login" in final.geturl():
        fail(f"login as {username} failed (still on {final.geturl()})")
    return opener


def main() -> int:
    with browser.SpotcheckServer() as server:
        opener = login(server.base_url, "office")
        response = opener.open(server.url("/stats.xlsx?task=1"), timeout=60)
        kind = response.headers.get("Content-Type", "")
        data = response.read()
        if not kind.startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") or data[:2] != b"PK":
            fail(f"/stats.xlsx is not an XLSX (Content-Type {kind!r}, starts {data[:4]!r})")
        (browser.artifacts_dir() / "stats-task-1.xlsx").write_bytes(data)
        table = list(csv.reader(io.StringIO(opener.open(server.url("/stats.csv?task=1"), timeout=60).read().decode("utf-8-sig"))))

    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    expected = {"A1:I1", "A2:I2", "A3:D3", "E3:I3", "A4:A5", "B4:B5", "C4:C5", "D4:E4", "F4:H4", "I4:I5"}
    if not expected <= merged:
        fail(f"merged header cells {sorted(expected - merged)} missing; the sheet merges {sorted(merged)}")
    cell = lambda ref: ws[ref].value  # noqa: E731
    if cell("A1") != "全县“双随机、一公开”部门联合抽查统计表":
        fail(f"A1 is {cell('A1')!r}, expected the table's title")
    # The attachment's title rows: 报表单位 (the office) and 填报日期 (a date as a clerk writes it).
    if not str(cell("A3") or "").startswith("报表单位：") or len(str(cell("A3"))) <= len("报表单位："):
        fail(f"A3 is {cell('A3')!r}, expected 报表单位：<the office>")
    if not re.fullmatch(r"填报日期：\d{4}年\d{1,2}月\d{1,2}日", str(cell("E3") or "")):
        fail(f"E3 is {cell('E3')!r}, expected 填报日期：YYYY年M月D日")
    header = {"A4": "报表单位", "B4": TITLES[0], "C4": TITLES[1], "D4": "发现问题", "F4": "抽查结果处理", "I4": TITLES[7],
              "D5": TITLES[2], "E5": TITLES[3], "F5": TITLES[4], "G5": TITLES[5], "H5": TITLES[6]}
    for ref, text in header.items():
        if cell(ref) != text:
            fail(f"header cell {ref} is {cell(ref)!r}, expected {text!r}")

    # A grid, as on paper: every cell of the table has thin borders; columns are wide enough.
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row, max_col=9):
        for c in row:
            if type(c).__name__ == "MergedCell":
                continue  # inside a merged header: openpyxl keeps only the range's outer edges
            sides = (c.border.left.style, c.border.right.style, c.border.top.style, c.border.bottom.style)
            if sides != ("thin",) * 4:
                fail(f"cell {c.coordinate} of the table has borders {sides}, expected thin on all sides")
    for letter in "ABCDEFGHI":
        width = ws.column_dimensions[letter].width
        if not width or width < 12:
            fail(f"column {letter} is {width} wide; department names and headers need at least 12")
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6, max_col=9)]
    rows = [r for r in rows if r[0] is not None]
    if len(rows) < 2 or rows[-1][0] != "合计":
        fail(f"expected department rows and a 合计 row, got {[r[0] for r in rows]}")
    departments, total = rows[:-1], rows[-1]
    # 合计 counts each enterprise (户) and each inspector (人) once: at least the largest department's
    # figure, at most their sum; only 发现问题事项 (column D) is the plain sum.
    for col in range(1, 9):
        values = [int(r[col]) for r in departments]
        name = TITLES[col - 1]
        if col == 3:
            if sum(values) != int(total[col]):
                fail(f"合计 of {name} is {total[col]}, the departments add up to {sum(values)}")
        elif not max(values) <= int(total[col]) <= sum(values):
            fail(f"合计 of {name} is {total[col]}, outside {max(values)}…{sum(values)} (largest department … sum)")
    if int(total[1]) >= sum(int(r[1]) for r in departments):
        fail(f"合计 随机抽查企业 is {total[1]}, the sum of the departments: a jointly inspected enterprise was counted more than once")
    if int(total[1]) <= 0:
        fail("the demo task's table counts no enterprises")
    if table[0] != ["报表单位"] + TITLES:
        fail(f"/stats.csv header is {table[0]}")
    as_text = [[r[0]] + [str(int(v)) for v in r[1:]] for r in rows]
    if table[1:] != as_text:
        fail(f"/stats.csv rows {table[1:]} differ from the XLSX rows {as_text}")
    print(f"26-stats-xlsx: ok — {len(departments)} departments, merged {sorted(expected)}, 合计 {total[1:]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
