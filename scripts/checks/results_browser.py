#!/usr/bin/env python3
"""Field results entered on a phone and published, and the draw verified in the browser
(issue 7, "Done when").

Starts `spotcheck serve --demo` (the Qinghe 2024 task 清双随机办〔2024〕21号, matched, with
results for most forms) on a free loopback port with a throwaway SQLite file, and drives
headless Chromium in a 390×844 phone emulation:

  inspector   the demo inspector accounts (<dept>-01, <dept>-02) are tried in turn until one
              has a 一企一表 on their dashboard whose part for their department is 未录入;
              the result page fits the phone (no sideways scrolling); every item gets methods,
              a finding and 发现问题 or not (one problem → problem count 1), plus the category,
              on-site Q&A, a refused signature with its note and the inspection date;
              保存草稿 → reload → every value kept → 提交 (then read-only, not yet public)
  dept admin  审核公示 → 已公示
  public      /public/results searched by the enterprise's name, logged out: the row with this
              department, the chosen category, the date and the task's 文号
  public      /public/tasks/{id}: 验证抽取结果 → data-status=match, 匹配; the page's
              record.json downloaded, one selected enterprise swapped for another candidate
              of the same class, loaded through the file input → data-status=mismatch, 不匹配

Screenshots go to $SPOTCHECK_ARTIFACTS_DIR (results-browser-*.png): the phone-sized form always,
every step's page on failure (results-browser-NN-FAILED.png).

Exit codes (scripts/checks/README.md): 0 passed, 77 Chromium/chromedriver/Selenium missing
outside CI (with CI set that is exit 1: .ci/run installs them), 1 failed (with a line saying
what was expected and what was seen).
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "lib"))
sys.path.insert(0, str(HERE))

# The login/logout/submit helpers of the task walk (issue 6) are reused as they are.
from task_browser import WAIT, CheckFailed, Walk, browser_missing, expect  # noqa: E402

DOC_NUMBER = "清双随机办〔2024〕21号"  # DemoSeed.qingheDocumentNumber
DEPARTMENTS = ["scjg", "yjj", "swj", "xf"]  # the first two have two items per form
INSPECTORS = [f"{dept}-0{n}" for n in (1, 2) for dept in DEPARTMENTS]
PHONE = (390, 844)
# Within the demo task's period (2024-05-27 … 07-31) and later than any demo result's date
# (2024-06-03 + at most 27 working days), so the public row is told apart by it too.
INSPECTION_DATE = "2024-07-29"
INSPECTION_DATE_TEXT = "2024年7月29日"  # as the pages show it (ISO only in the date input, exports and the API)
CATEGORY = "发现问题经责令已改正"
PROBLEM_KIND = "违反本部门其他规定"
FINDING = "浏览器测试：安全警示标志缺失，已责令现场整改"
ONSITE_NOTE = "浏览器测试：解答了企业关于年度报告填报的疑问"
REFUSAL_NOTE = "浏览器测试：负责人拒绝签字，见证人 村委会 王明 13900000000"
VERIFY_WAIT = 60  # the in-browser recomputation hashes every list; debug CI machines are slow

START = time.monotonic()


def log(message: str) -> None:
    print(f"results_browser: [{time.monotonic() - START:5.1f}s] {message}", flush=True)


class ResultsWalk(Walk):
    def __init__(self, driver, server) -> None:
        super().__init__(driver, server)
        self.inspector = ""
        self.department = ""
        self.department_name = ""
        self.uscc = ""
        self.enterprise = ""
        self.path = ""
        self.items = 0
        self.expected_items: list[tuple[list[str], bool]] = []  # per item: methods ticked, 发现问题

    shot_prefix = "results-browser"

    def no_sideways_scroll(self, what: str) -> None:
        """The page fits the phone. Under mobile emulation a page wider than the screen also
        widens the layout viewport (window.innerWidth), so both are compared with the phone's width."""
        width, inner = self.d.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]")
        if width > PHONE[0] + 1 or inner != PHONE[0]:
            wide = self.d.execute_script(
                "return Array.from(document.querySelectorAll('body *'))"
                ".filter(e => e.getBoundingClientRect().right > arguments[0] + 1).slice(-3)"
                ".map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' +"
                " Math.round(e.getBoundingClientRect().right) + 'px')", PHONE[0])
            raise CheckFailed(f"{what} does not fit a {PHONE[0]}px phone: content {width}px wide, viewport widened "
                              f"to {inner}px (expected both ≤ {PHONE[0]}px); too wide: {wide}")

    def full_page_shot(self, name: str) -> None:
        """The whole page at phone width, not just the first screen (for a person to look at)."""
        import base64

        import browser

        height = self.d.execute_script("return document.documentElement.scrollHeight")
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": PHONE[0], "height": height, "scale": 1},
        })
        (browser.artifacts_dir() / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))

    def find_public_task(self) -> None:
        with urllib.request.urlopen(self.server.url("/public/tasks"), timeout=WAIT) as r:
            page = r.read().decode()
        found = re.search(r'<a href="/public/tasks/(\d+)">' + re.escape(DOC_NUMBER) + "<", page)
        expect(found is not None, f"/public/tasks does not link the demo task {DOC_NUMBER}")
        self.task_id = int(found.group(1))

    # MARK: Inspector

    def find_open_form(self) -> None:
        """Logs in as the first demo inspector with a form not yet entered for their department."""
        seen = []
        for username in INSPECTORS:
            self.login(username)
            self.get("/dashboard")
            forms = self.d.execute_script(
                "return Array.from(document.querySelectorAll(arguments[0]), a => a.getAttribute('href'))",
                f"a[href^='/tasks/{self.task_id}/forms/']")
            dept = username.split("-")[0]
            for form in dict.fromkeys(forms):
                self.get(form)
                links = self.d.execute_script(
                    "return Array.from(document.querySelectorAll('a.result-link'), a => [a.getAttribute('href'),"
                    " a.nextElementSibling ? a.nextElementSibling.textContent.trim() : ''])")
                for href, status in links:
                    if href.endswith(f"/results/{dept}") and status == "未录入":
                        self.inspector, self.department, self.path = username, dept, href
                        self.uscc = href.split("/")[4]
                        log(f"{username} has {len(forms)} form(s) on the dashboard; {self.uscc} is 未录入 for {dept}")
                        return
            seen.append(f"{username}: {len(forms)}")
            self.logout()
        raise CheckFailed(f"no demo inspector has a 一企一表 whose result is 未录入 (forms per inspector: {seen}); "
                          "the demo leaves some forms unentered (DemoSeed+Results)")

    def fill_result(self) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        self.get(self.path)
        facts = dict(zip(self.texts(".result-facts dt"), self.texts(".result-facts dd")))
        expect(facts.get("状态") == "未录入", f"the result page of {self.uscc} says 状态 {facts.get('状态')!r}, expected 未录入")
        expect(DOC_NUMBER in facts.get("任务", ""), f"the result page names task {facts.get('任务')!r}, expected {DOC_NUMBER}")
        self.enterprise = facts.get("企业", "")
        expect(bool(self.enterprise), "the result page shows no enterprise name")
        self.department_name = self.one("h1 small", "the department in the heading").text.strip()
        self.no_sideways_scroll("the result entry page")
        form = self.one("form.result-form", "the result form")

        def tap(box) -> None:
            # Tapped as on a phone: the big label, not the 1.4rem box inside it.
            label = box.find_element(By.XPATH, "./ancestor::label[1]")
            self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
            label.click()

        def type_into(name: str, text: str) -> None:
            field = form.find_element(By.NAME, name)
            self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
            field.clear()
            field.send_keys(text)

        # <input type=date> takes keys in the browser's locale format; set the value itself.
        date = form.find_element(By.NAME, "inspection_date")
        self.d.execute_script("arguments[0].value = arguments[1];"
                              " arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", date, INSPECTION_DATE)
        codes = [e.get_attribute("value") for e in form.find_elements(By.CSS_SELECTOR, "input[name$='_code'][name^='item_']")]
        expect(bool(codes), f"the result form of {self.uscc} lists no 检查事项")
        self.items = len(codes)
        for n in range(self.items):
            methods = form.find_elements(By.NAME, f"item_{n}_methods")
            expect(bool(methods), f"item {codes[n]} offers no 检查方式 checkboxes")
            chosen = [m.get_attribute("value") for m in methods[:2]]
            for box in methods[:2]:
                tap(box)
            problem = n == 0
            tap(form.find_element(By.CSS_SELECTOR, f"input[name='item_{n}_problem'][value='{1 if problem else 0}']"))
            if problem:
                Select(form.find_element(By.NAME, f"item_{n}_kind")).select_by_value(PROBLEM_KIND)
            type_into(f"item_{n}_finding", FINDING if problem else "未发现问题")
            self.expected_items.append((chosen, problem))
        Select(form.find_element(By.NAME, "category")).select_by_value(CATEGORY)
        tap(form.find_element(By.CSS_SELECTOR, "input[name='onsite_answer'][value='1']"))
        type_into("onsite_note", ONSITE_NOTE)
        tap(form.find_element(By.CSS_SELECTOR, "input[name='signature'][value='refused']"))
        type_into("refusal_note", REFUSAL_NOTE)
        self.no_sideways_scroll("the filled-in result form")

        self.submit_button("draft", "done=saved")
        expect(not self.page_problem(), f"保存草稿 was refused: {self.page_problem()!r}")
        log(f"{self.inspector} saved a draft for {self.enterprise} ({self.uscc}), {self.items} item(s)")

    def submit_button(self, action: str, expect_query: str) -> None:
        """Clicks the form's 保存草稿 / 提交 button (name=action) and waits for the redirect.
        提交 cannot be undone by the inspector, so it must ask first (accepted here); 保存草稿
        must not ask."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait

        old = self.d.find_element(By.TAG_NAME, "html")
        button = self.one(f"form.result-form button[name=action][value={action}]", f"the {action} button")
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        if action == "submit":
            try:
                alert = self.wait.until(EC.alert_is_present())
            except TimeoutException:
                raise CheckFailed("提交 should ask for confirmation first; no dialog appeared")
            expect("不能再修改" in alert.text, f"the 提交 dialog should say what follows, said {alert.text!r}")
            alert.accept()
        else:
            try:
                WebDriverWait(self.d, 1).until(EC.alert_is_present())
                raise CheckFailed(f"{action} asked for a confirmation it does not need")
            except TimeoutException:
                pass
        self.arrived_after(old, f"the {action} button of {self.path}", expect_query)

    def form_values(self) -> dict:
        """What the result form shows now, read in one round trip."""
        return self.d.execute_script("""
            const f = document.querySelector('form.result-form');
            const val = n => { const e = f.elements.namedItem(n); return e ? e.value : null; };
            const radio = n => { const e = f.querySelector(`input[name='${n}']:checked`); return e ? e.value : null; };
            const items = [];
            for (let n = 0; f.elements.namedItem(`item_${n}_code`); n++) {
              items.push({methods: Array.from(f.querySelectorAll(`input[name='item_${n}_methods']:checked`), e => e.value),
                          problem: radio(`item_${n}_problem`), kind: val(`item_${n}_kind`), finding: val(`item_${n}_finding`)});
            }
            return {date: val('inspection_date'), category: val('category'), onsite: radio('onsite_answer'),
                    onsiteNote: val('onsite_note'), signature: radio('signature'), refusalNote: val('refusal_note'),
                    items: items, disabled: f.querySelector('fieldset.result-body').disabled,
                    buttons: f.querySelectorAll('button[name=action]').length};
        """)

    def check_kept(self, values: dict, when: str) -> None:
        def same(what: str, seen, wanted) -> None:
            expect(seen == wanted, f"{when} the result form shows {what} {seen!r}, expected {wanted!r}")

        same("检查日期", values["date"], INSPECTION_DATE)
        same("检查结果", values["category"], CATEGORY)
        same("现场解答", values["onsite"], "1")
        same("解答的问题", values["onsiteNote"], ONSITE_NOTE)
        same("企业负责人签字", values["signature"], "refused")
        same("拒签情况", values["refusalNote"], REFUSAL_NOTE)
        same("the number of items", len(values["items"]), self.items)
        for n, ((methods, problem), item) in enumerate(zip(self.expected_items, values["items"])):
            same(f"item {n + 1}'s 检查方式", sorted(item["methods"]), sorted(methods))
            same(f"item {n + 1}'s 是否发现问题", item["problem"], "1" if problem else "0")
            same(f"item {n + 1}'s 问题类型", item["kind"], PROBLEM_KIND if problem else "")
            same(f"item {n + 1}'s 检查情况", item["finding"], FINDING if problem else "未发现问题")

    def reload_and_submit(self) -> None:
        import browser

        self.get(self.path)  # a fresh GET, not the ?done=saved page
        facts = dict(zip(self.texts(".result-facts dt"), self.texts(".result-facts dd")))
        expect(facts.get("状态") == "草稿", f"after 保存草稿 the result page says 状态 {facts.get('状态')!r}, expected 草稿")
        values = self.form_values()
        self.check_kept(values, "after 保存草稿 and a reload")
        expect(not values["disabled"] and values["buttons"] == 2, "a draft is not editable any more for its inspector")
        self.no_sideways_scroll("the saved draft")
        self.full_page_shot("results-browser-phone-form")
        log("the draft kept every value after a reload; no sideways scrolling at 390px")

        self.submit_button("submit", "done=submitted")
        facts = dict(zip(self.texts(".result-facts dt"), self.texts(".result-facts dd")))
        expect(facts.get("状态") == "已提交", f"after 提交 the result page says 状态 {facts.get('状态')!r}, expected 已提交")
        values = self.form_values()
        expect(values["disabled"] and values["buttons"] == 0,
               "after 提交 the inspector can still edit the result (fieldset enabled or buttons shown)")
        self.check_kept(values, "after 提交")
        expect(not self.public_rows(), f"a submitted but not approved result of {self.uscc} is already on /public/results")
        self.shot("submitted")
        log(f"{self.inspector} submitted it: read-only, not public yet")
        self.logout()

    # MARK: Department admin

    def approve(self) -> None:
        admin = f"{self.department}-admin"
        self.login(admin)
        self.get(self.path)
        forms = self.css(f"form[action='{self.path}/approve']")
        expect(bool(forms), f"{admin} is offered no 审核公示 for the submitted result ({self.page_problem()!r})")
        self.submit(forms[0], dialog=True, expect_query="done=approved")
        facts = dict(zip(self.texts(".result-facts dt"), self.texts(".result-facts dd")))
        expect(facts.get("状态") == "已公示", f"after 审核公示 the result page says 状态 {facts.get('状态')!r}, expected 已公示")
        expect(not self.css(f"form[action='{self.path}/approve']"), "an approved result still offers 审核公示")
        self.shot("approved")
        log(f"{admin} approved it (已公示)")
        self.logout()

    # MARK: Public

    def public_rows(self) -> list[dict]:
        """/public/results?q=<name> rows of this enterprise and department, fetched outside the browser."""
        query = urllib.parse.urlencode({"q": self.enterprise})
        with urllib.request.urlopen(self.server.url(f"/public/results?{query}"), timeout=WAIT) as r:
            page = r.read().decode()
        rows = []
        for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
            cells = dict(re.findall(r'<td data-label="([^"]+)">(.*?)</td>', row, re.S))
            if self.uscc in cells.get("代码", "") and cells.get("部门") == self.department_name:
                rows.append(cells)
        return rows

    def public_results(self) -> None:
        from selenium.webdriver.common.by import By

        self.get("/public/results")
        expect(not self.css("form.logout"), "the public results page still shows a logged-in user")
        form = self.one("form[action='/public/results']", "the search form")
        # On a phone the 查询 button must keep its label on one line (not 查/询 stacked).
        lines = self.d.execute_script(
            "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
            " return new Set(Array.from(r.getClientRects(), c => Math.round(c.top))).size",
            form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        expect(lines == 1, f"the 查询 button's label wraps onto {lines} lines at {PHONE[0]}px")
        field = form.find_element(By.NAME, "q")
        field.send_keys(self.enterprise)
        self.submit(form, dialog=False, expect_query="q=")
        rows = self.d.execute_script("""
            return Array.from(document.querySelectorAll('table.results tbody tr'), tr => {
              const cell = {}; tr.querySelectorAll('td[data-label]').forEach(td => cell[td.dataset.label] = td.innerText.trim());
              return cell; });""")
        expect(bool(rows), f"searching /public/results for {self.enterprise!r} shows no rows: {self.text()[:200]!r}")
        others = [r for r in rows if self.enterprise not in r.get("企业", "")]
        expect(not others, f"searching for {self.enterprise!r} also lists enterprises without that name: {others[:2]}")
        ours = [r for r in rows if r.get("代码") == self.uscc and r.get("部门") == self.department_name]
        expect(len(ours) == 1, f"expected one public row for {self.uscc} by {self.department_name}, saw {len(ours)} in {rows}")
        row = ours[0]
        for label, wanted in (("结果", CATEGORY), ("检查日期", INSPECTION_DATE_TEXT)):
            expect(row.get(label) == wanted, f"the public row shows {label} {row.get(label)!r}, expected {wanted!r}")
        expect(DOC_NUMBER in row.get("任务", ""), f"the public row names the task {row.get('任务')!r}, expected {DOC_NUMBER}")
        self.no_sideways_scroll("/public/results")
        self.shot("public-results")
        log(f"/public/results?q={self.enterprise}: {self.department_name} · {CATEGORY} · {INSPECTION_DATE} · {DOC_NUMBER}")

    def verify_draw(self) -> None:
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        self.get(f"/public/tasks/{self.task_id}")
        expect(DOC_NUMBER in self.text(), f"/public/tasks/{self.task_id} does not show {DOC_NUMBER}")
        button = self.one("#verify-draw button.verify-run", "the 核对抽取结果 button")
        expect(button.is_enabled(), "the 核对抽取结果 button is disabled on a matched task")
        # The panel is at the top of the notice, not under the lists.
        top = self.d.execute_script("return document.getElementById('verify-draw').getBoundingClientRect().top + window.scrollY")
        expect(top < 900, f"the 核对抽取结果 panel starts {top:.0f} px down the page; it belongs at the top")
        expect(not self.css("#verify-draw .verify-result[data-status]"), "the verifier shows a verdict before it ran")

        def verdict(wanted: str, what: str) -> str:
            selector = "#verify-draw .verify-result[data-status]"
            try:
                WebDriverWait(self.d, VERIFY_WAIT, poll_frequency=0.2).until(lambda d: d.find_elements("css selector", selector))
            except TimeoutException:
                raise CheckFailed(f"{what}: no verdict (data-status) within {VERIFY_WAIT}s; "
                                  f"the panel says {self.one('#verify-draw .verify-result', 'the verdict').text!r}")
            element = self.one(selector, "the verdict")
            status, text = element.get_attribute("data-status"), element.text.strip()
            expect(status == wanted, f"{what}: expected data-status={wanted}, saw {status} ({text!r})")
            return text

        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        text = verdict("match", "核对抽取结果 with the published record")
        expect(text.startswith("✓ 抽取结果与公布名单一致，未被改动") and "本页公布的抽取记录" in text,
               f"the verdict for the published record should be a green tick for the published record, says {text!r}")
        colour = self.d.execute_script("return getComputedStyle(document.querySelector('#verify-draw .verify-result')).backgroundColor")
        expect(colour == "rgb(227, 248, 236)", f"the 一致 verdict should be green, its background is {colour}")
        self.shot("verify-match")
        log(f"验证抽取结果: {text}")

        # The tampered record: the page's own record.json, one selected enterprise swapped for
        # another candidate of the same class (a well-formed record whose draw was not the real one).
        link = self.one("a[href$='/record.json']", "the 下载抽取记录 record.json link")
        record_url = link.get_attribute("href")
        with urllib.request.urlopen(record_url, timeout=WAIT) as r:
            record = json.loads(r.read())
        with urllib.request.urlopen(self.server.url(f"/public/tasks/{self.task_id}/objects.csv"), timeout=WAIT) as r:
            objects = list(csv.DictReader(io.StringIO(r.read().decode("utf-8-sig"))))
        stratum = next((s for s in record.get("objects", []) if s.get("selected")), None)
        expect(stratum is not None, "the published record.json selects no enterprise")
        chosen = set(stratum["selected"]) | set(stratum.get("replacements", []))
        other = next((o["uscc"] for o in objects if o["stratum"] == stratum["stratum"] and o["uscc"] not in chosen), None)
        expect(other is not None, f"objects.csv has no unselected candidate in class {stratum['stratum']} to swap in")
        original = stratum["selected"][0]
        stratum["selected"][0] = other
        with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="tampered-record-", delete=False, encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
            tampered = f.name
        try:
            upload = self.one("#verify-draw input[type=file]", "the record file input")
            # The 匹配 verdict is still shown: take it away, so that only a new verdict counts.
            self.d.execute_script("const o = document.querySelector('#verify-draw .verify-result');"
                                  " o.removeAttribute('data-status'); o.textContent = '';")
            upload.send_keys(tampered)
            text = verdict("mismatch", f"the record with {original} replaced by {other}")
        finally:
            pass
        expect(text.startswith("✗ 抽取结果与公布名单不一致"), f"the verdict for a tampered record should be a red cross, says {text!r}")
        expect(f"「{stratum['stratum']}类」企业中抽中的第 1 户不同" in text and other in text and original in text,
               f"the verdict should say in words which enterprise differs ({original} → {other}), says {text!r}")
        expect(Path(tampered).name in text, f"the verdict should say the chosen file {Path(tampered).name} was checked, says {text!r}")
        expect("objects[" not in text, f"the verdict shows the technical field name outside 技术细节: {text!r}")
        path = self.one("#verify-draw .verify-result", "the verdict").get_attribute("data-path")
        expect(path == f"objects[{stratum['stratum']}].selected[0]", f"the mismatch is at {path}, expected objects[{stratum['stratum']}].selected[0]")
        # The button now checks the chosen file too (it used to check the published record and say 匹配).
        self.one("#verify-draw .verify-source", "what will be checked").text
        button = self.one("#verify-draw button.verify-run", "the 核对 button")
        self.d.execute_script("const o = document.querySelector('#verify-draw .verify-result');"
                              " o.removeAttribute('data-status'); o.textContent = '';")
        button.click()
        again = verdict("mismatch", "the button after a tampered file was chosen")
        expect(Path(tampered).name in again, f"the button should check the chosen file, says {again!r}")
        Path(tampered).unlink(missing_ok=True)
        self.shot("verify-mismatch")
        log(f"tampered record.json (class {stratum['stratum']}: {original} → {other}): {text}")


def main() -> int:
    missing = browser_missing()
    if missing:
        if os.environ.get("CI"):
            print(f"results_browser: FAILED, {missing}: .ci/run should have installed it", file=sys.stderr)
            return 1
        print(f"results_browser: SKIP, {missing}", file=sys.stderr)
        return 77
    import browser

    with browser.SpotcheckServer() as server, browser.chromium(*PHONE, phone=True) as driver:
        driver.set_page_load_timeout(WAIT)
        walk = ResultsWalk(driver, server)
        log(f"server on {server.base_url}, phone {PHONE[0]}x{PHONE[1]}")
        try:
            walk.find_public_task()
            walk.find_open_form()
            walk.fill_result()
            walk.reload_and_submit()
            walk.approve()
            walk.public_results()
            walk.verify_draw()
        except Exception as error:
            return walk.report_failure(error, "results_browser", server)
    log("ok: phone entry → draft kept → submit → approve → public search → 匹配 / 不匹配")
    return 0


if __name__ == "__main__":
    sys.exit(main())
