#!/usr/bin/env python3
"""The whole notice by clicking only (issue 15, "Done when").

Starts `spotcheck serve --demo` on a free loopback port with a throwaway SQLite file. Each
browser starts at the login page; from then on the walk only clicks, types into forms and
answers dialogs: it never types a URL.

  office       年度抽查计划 → 新增计划条目 → 审定并公布 (dialog) → 据此创建任务 (the form pre-filled
               from the entry): fills the plan, reads each department's eligible inspectors
               from the form's live figures and draws them all; 保存 → 发布 (dialog) → 抽取 (dialog)
  yjj-admin    dashboard 待确认 → the task: 退回 one enterprise with a reason (a replacement is
               drawn), 全部确认, 抽取执法检查人员
  scjg/swj/xf  the same without the rejection
  office       dashboard → the task → 匹配 (dialog) → 一企一表 tab → 批量打印全部 → printed to one
               PDF (every form, the enterprise's name and 第 N 页 共 M 页 on the pages) →
               分组情况 tab → a department's XLSX downloaded
  inspector    on a 360-px phone window: 我的检查 → 录入检查结果; fills every field with a date in
               the future → 保存草稿 (kept as typed) → 提交 refused, nothing lost → date corrected →
               提交 (dialog)
  dept admin   dashboard 待审核 → 审核 → 审核公示 after a confirmation dialog
  public       抽查结果公示 → search by the enterprise's name → the row
  phones       yjj-02 (lead) 我的检查 → 约定时间 → 提出约定时间; a cooperating officer on the same
               enterprise's team → 确认此时间 (dialog) → the agreed time on the 一企一表 (when the draw
               put no cooperating officer with a login there, the office first links a spare account
               of that department to a drawn officer: 用户 → 编辑 → 对应执法检查人员)
  office       统计表 → the task → 合计 counts each enterprise once; 下载 XLSX → the same 合计
  office       the task → 工作总结 tab → 生成总结报告 → printed to PDF (title, statistics, digest)
  survey       every page reachable from each role's navigation at 360 px and 1366 px: none wider
               than its window, none showing an internal code (page_survey.py)

Screenshots (click-walk-*.png, survey-*.png), the PDF and the downloads go to
$SPOTCHECK_ARTIFACTS_DIR. Exit codes (scripts/checks/README.md): 0 passed, 77 no browser here
(1 under CI), 1 failed.
"""
from __future__ import annotations

import base64
import io
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "lib"))
sys.path.insert(0, str(HERE))

from task_browser import WAIT, CheckFailed, browser_missing, expect, left_page  # noqa: E402

PASSWORD = "qinghe2024"
DOC_NUMBER = "清双随机办〔2026〕88号"
TITLE = "2026年度清河县应急管理领域部门联合抽查（点击走查）"
DEPARTMENTS = ["yjj", "scjg", "swj", "xf"]
TAGS = ["危险化学品", "工贸", "成品油", "消防重点单位"]
PERIOD = ("2026-11-02", "2026-12-31")
ENTROPY = "2026-11-02-witness-417-093"
# Accounts whose officer's certificate is valid to the end of PERIOD (so they are drawn when a
# department draws everyone eligible).
FIELD_INSPECTORS = ["scjg-01", "yjj-02", "swj-01", "xf-02"]
# Every cooperating department's inspector account (drawn or not: the draw decides).
COOPERATING_ACCOUNTS = ["scjg-01", "scjg-02", "swj-01", "swj-02", "xf-01", "xf-02"]
PHONE = (360, 800)
START = time.monotonic()


def log(message: str) -> None:
    print(f"click_walk: [{time.monotonic() - START:5.1f}s] {message}", flush=True)


class Clicker:
    """One browser that only clicks. `where` is for messages."""

    def __init__(self, driver, server, name: str) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        self.d = driver
        self.server = server
        self.name = name
        self.wait = WebDriverWait(driver, WAIT, poll_frequency=0.1)
        self.shots = 0

    # MARK: Looking

    def css(self, selector: str, within=None):
        from selenium.webdriver.common.by import By

        return (within or self.d).find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector: str, what: str, within=None):
        found = self.css(selector, within)
        expect(bool(found), f"{self.name}: expected {what} ({selector}) on {self.d.current_url}; "
                            f"page says {self.problem() or self.text()[:200]!r}")
        return found[0]

    def text(self) -> str:
        from selenium.webdriver.common.by import By

        return self.d.find_element(By.TAG_NAME, "body").text

    def problem(self) -> str:
        alerts = [e.text.strip() for e in self.css("[role=alert]") if e.text.strip()]
        return " / ".join(alerts)

    def shot(self, name: str) -> None:
        import browser

        self.shots += 1
        browser.screenshot(self.d, f"click-walk-{self.name}-{self.shots:02d}-{name}")

    def fits(self, what: str) -> None:
        doc, win = self.d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        expect(doc <= win + 1, f"{self.name}: {what} is {doc} px wide in a {win}-px window")

    # MARK: Acting

    def settle(self) -> None:
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def click(self, element, *, navigates: bool = True, dialog: bool = False) -> str:
        """Clicks; answers the confirm() dialog when one is expected (and fails if none comes);
        waits for the next page when the click navigates. Returns the dialog's text."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC

        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        question = ""
        if dialog:
            try:
                alert = self.wait.until(EC.alert_is_present())
            except TimeoutException:
                raise CheckFailed(f"{self.name}: the click should ask for confirmation first; no dialog within {WAIT}s")
            question = alert.text
            expect(bool(question.strip()), f"{self.name}: the confirmation dialog is empty")
            alert.accept()
        if navigates:
            try:
                self.wait.until(left_page(old))
            except TimeoutException:
                raise CheckFailed(f"{self.name}: clicking did not lead to a new page within {WAIT}s ({self.d.current_url})")
            self.settle()
        return question

    def press(self, element, *, dialog: bool = False) -> str:
        """Presses a button by dispatching its click in the page, then waits for the next page.
        On the phone window the 一企一表's wide sheet makes Chromium's emulated touch land beside
        a button below it (the screenshot shows it in place); the button itself is what a person taps."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC

        old = self.d.find_element(By.TAG_NAME, "html")
        # Dispatched after the script returns, so a confirm() it opens does not block the call.
        self.d.execute_script("var b = arguments[0]; b.scrollIntoView({block: 'center'}); setTimeout(function () { b.click(); }, 0)", element)
        question = ""
        if dialog:
            try:
                alert = self.wait.until(EC.alert_is_present())
            except TimeoutException:
                raise CheckFailed(f"{self.name}: pressing should ask for confirmation first; no dialog within {WAIT}s")
            question = alert.text
            alert.accept()
        try:
            self.wait.until(left_page(old))
        except TimeoutException:
            raise CheckFailed(f"{self.name}: pressing the button did not lead to a new page within {WAIT}s ({self.d.current_url})")
        self.settle()
        return question

    def link(self, selector: str, what: str, within=None) -> None:
        self.click(self.one(selector, what, within))

    def link_text(self, text: str, what: str | None = None) -> None:
        """Clicks the first visible link whose text contains `text`."""
        for a in self.css("a[href]"):
            if text in a.text and a.is_displayed():
                self.click(a)
                return
        raise CheckFailed(f"{self.name}: no link 「{text}」 ({what or text}) on {self.d.current_url}")

    def submit(self, form, *, dialog: bool = False, button: str = "button[type=submit]") -> str:
        return self.click(self.one(button, "the form's button", within=form), dialog=dialog)

    def fill(self, form, name: str, value: str) -> None:
        field = self.one(f"[name='{name}']", f"the field {name}", within=form)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
        field.clear()
        field.send_keys(value)

    def set_value(self, form, name: str, value: str) -> None:
        """<input type=date> takes keys in the browser's locale format; set the value as a user's
        picker would, with the events the page listens to."""
        field = self.one(f"[name='{name}']", f"the field {name}", within=form)
        self.d.execute_script("arguments[0].value = arguments[1];"
                              "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                              "arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", field, value)

    def tick(self, box) -> None:
        if not box.is_selected():
            self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()

    def login(self, username: str) -> None:
        """From wherever the browser is: the header's 登录 link (or the form already shown)."""
        if not self.css("form[action='/login']"):
            self.link("a[href='/login']", "the 登录 link")
        form = self.one("form[action='/login']", "the login form")
        self.fill(form, "username", username)
        self.fill(form, "password", PASSWORD)
        self.submit(form)
        expect("/login" not in self.d.current_url, f"login as {username} failed: {self.problem()!r}")
        self.one("form.logout", "the 退出 button")

    def logout(self) -> None:
        self.submit(self.one("form.logout", "the 退出 button"))

    def task_form(self, task_id: int, suffix: str):
        return self.one(f"form[action='/tasks/{task_id}/{suffix}']", f"the form {suffix}")


class Walk:
    def __init__(self, server, desk) -> None:
        self.server = server
        self.desk = desk
        self.task_id = 0
        self.first_rejected = ""

    # MARK: Office plans, publishes, draws

    def plan(self) -> None:
        from selenium.webdriver.support.ui import Select

        o = self.desk
        o.login("office")
        # 年度抽查计划 (issue 16): the office drafts this year's joint entry, approves (审定) and
        # publishes the plan, each after a dialog, and creates the task from the entry.
        o.link("nav.site-nav a[href='/plans']", "the 年度抽查计划 menu item")
        expect(o.css("nav.site-nav a[aria-current='page'][href='/plans']"), "the current menu item is not marked")
        o.link("a[href^='/plans/entries/new']", "the 新增计划条目 button")
        entry = o.one("form.plan-entry-form", "the plan entry form")
        o.fill(entry, "title", TITLE)
        Select(o.one("select[name='lead_department']", "the lead department", within=entry)).select_by_value("yjj")
        for code in DEPARTMENTS[1:]:
            o.tick(o.one(f"input[name='cooperating'][value='{code}']", f"cooperating {code}", within=entry))
        o.fill(entry, "field", "应急管理")
        for box in o.css("input[name='items']", within=entry)[:3]:
            o.tick(box)
        o.fill(entry, "object_scope", "辖区内危险化学品、工贸行业、成品油经营企业和消防安全重点单位")
        o.fill(entry, "ratio", "20")
        for month in ("11", "12"):
            o.tick(o.one(f"input[name='months'][value='{month}']", f"month {month}", within=entry))
        o.submit(entry)
        expect(TITLE in o.text() and "编制中" in o.text(), f"the entry is not on the plan page: {o.problem()!r}")
        question = o.submit(o.one("form[action$='/approve']", "the 审定计划 form"), dialog=True)
        expect("审定后各部门不能再修改条目" in question, f"the 审定 dialog says {question!r}")
        expect("已审定" in o.text(), f"the plan was not approved: {o.problem()!r}")
        question = o.submit(o.one("form[action$='/publish']", "the 公布 form"), dialog=True)
        expect("公布后向社会公开" in question, f"the 公布 dialog says {question!r}")
        expect("已公布" in o.text(), f"the plan was not published: {o.problem()!r}")
        o.shot("annual-plan")
        log("office drafted, approved and published the annual plan")
        o.link("a[href^='/tasks/new?entry=']", "据此创建任务")
        form = o.one("form.plan-form", "the plan form")
        origin = Select(o.one("select[name='origin']", "the plan entry select", within=form)).first_selected_option
        expect(origin.get_attribute("value").startswith("entry:"), "the task form is not linked to the plan entry")
        o.fill(form, "document_number", DOC_NUMBER)
        o.fill(form, "title", TITLE)
        o.set_value(form, "period_start", PERIOD[0])
        o.set_value(form, "period_end", PERIOD[1])
        Select(o.one("select[name='lead_department']", "the lead department", within=form)).select_by_value("yjj")
        for code in DEPARTMENTS:
            o.tick(o.one(f"input[name='take_{code}']", f"take {code}", within=form))
            for box in o.css(f"input[name='items_{code}']", within=form):
                o.tick(box)
        for tag in TAGS:
            o.tick(o.one(f"input[name='tags'][value='{tag}']", f"the tag {tag}", within=form))
        o.fill(form, "region_prefix", "130534")
        o.fill(form, "exclude_months", "0")
        o.fill(form, "team_size", "2")
        o.fill(form, "entropy_source", "抽取当日现场两名见证人各报一个三位数")
        # The form's live figures: each department's eligible inspectors for this period.
        eligible: dict[str, int] = {}
        for code in DEPARTMENTS:
            line = f".plan-figures[data-dept='{code}']"
            try:
                o.wait.until(lambda d: re.search(r"符合条件的执法检查人员 (\d+) 人", o.one(line, "the figures", within=form).text))
            except Exception:  # noqa: BLE001 - reported below
                raise CheckFailed(f"the plan form shows no eligible inspectors for {code}: {o.one(line, 'the figures', within=form).text!r}")
            eligible[code] = int(re.search(r"符合条件的执法检查人员 (\d+) 人", o.one(line, "", within=form).text).group(1))
        total = o.one(".plan-total", "the enterprises in scope", within=form).text
        expect(re.search(r"共有 \d+ 户企业", total) is not None, f"the plan form shows no enterprise count: {total!r}")
        # One more than eligible is marked and refused before saving.
        o.fill(form, "inspectors_xf", str(eligible["xf"] + 1))
        o.wait.until(lambda d: "超过" in o.one(".plan-figures[data-dept='xf']", "", within=form).text)
        for code in DEPARTMENTS:
            o.fill(form, f"inspectors_{code}", str(eligible[code]))
        o.wait.until(lambda d: "超过" not in o.one(".plan-figures[data-dept='xf']", "", within=form).text)
        o.shot("plan-form")
        o.submit(form)
        match = re.search(r"/tasks/(\d+)", o.d.current_url)
        expect(match is not None and DOC_NUMBER in o.text(), f"saving the plan did not lead to the task page: {o.problem()!r}")
        self.task_id = int(match.group(1))
        log(f"office planned task {self.task_id}: eligible inspectors {eligible}, {total}")
        question = o.submit(o.task_form(self.task_id, "publish"), dialog=True)
        expect("发布" in question, f"the 发布 dialog says {question!r}")
        draw = o.task_form(self.task_id, "draw")
        o.fill(draw, "entropy", ENTROPY)
        o.tick(o.one("[name='acknowledged']", "the acknowledgement", within=draw))
        o.submit(draw, dialog=True)
        expect(ENTROPY in o.text(), "after the draw the task page does not show the entropy")
        o.shot("drawn")
        log("office published and drew")
        o.logout()

    # MARK: Departments confirm and draw inspectors

    def department(self, code: str, reject_one: bool) -> None:
        o = self.desk
        o.login(f"{code}-admin")
        o.link(f"a[href='/tasks/{self.task_id}#dispatches']", "the task in 待确认 on the dashboard")
        base = f"/tasks/{self.task_id}/departments/{code}"
        if reject_one:
            forms = o.css(f"form[action^='{base}/dispatches/'][action$='/reject']")
            expect(bool(forms), f"{code}-admin sees no 退回 form")
            self.first_rejected = forms[0].get_attribute("action").split("/")[-2]
            o.fill(forms[0], "reason", "点击走查：经核实该企业已停业")
            o.submit(forms[0], dialog=True)
            expect("补抽" in o.text(), "after 退回 no replacement (补抽) is listed")
            log(f"{code}-admin rejected {self.first_rejected}; a replacement was drawn")
        forms = o.css(f"form[action='{base}/confirm-all']")
        if forms:
            o.submit(forms[0], dialog=True)
        o.submit(o.task_form(self.task_id, f"departments/{code}/draw-inspectors"), dialog=True)
        expect(o.css("td[data-label='执法证号']"), f"{code}-admin drew no inspectors")
        log(f"{code}-admin confirmed and drew its inspectors")
        o.logout()

    # MARK: Office matches, prints, downloads

    def match_and_print(self) -> int:
        import browser
        import pypdf

        o = self.desk
        o.login("office")
        o.link("nav.site-nav a[href='/tasks']", "the 联合抽查任务 menu item")
        o.link_text(DOC_NUMBER, "the task in the list")
        o.submit(o.task_form(self.task_id, "match"), dialog=True)
        expect(o.css(".teams .team"), "after 匹配 the task page shows no 检查组")
        o.link_text("一企一表", "the 一企一表 tab")
        count = len(o.css("table a[href*='/forms/']"))
        expect(count > 0, "the 一企一表 list is empty after matching")
        o.link(f"a[href='/tasks/{self.task_id}/print-forms']", "批量打印全部")
        sheets = len(o.css("article.sheet"))
        expect(sheets == count, f"the batch print has {sheets} forms, the list {count}")
        names = [e.text for e in o.css("article.sheet table.grid tr:first-child td")][:1]
        pdf = base64.b64decode(o.d.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
        (browser.artifacts_dir() / "click-walk-forms.pdf").write_bytes(pdf)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        pages = len(reader.pages)
        expect(pages >= sheets, f"the PDF has {pages} pages for {sheets} forms")
        last = reader.pages[-1].extract_text()
        first = reader.pages[0].extract_text()
        expect(f"共 {pages} 页" in first.replace("  ", " ") or f"共 {pages} 页" in re.sub(r"\s+", " ", first),
               f"the first printed page carries no 第 1 页 共 {pages} 页: {first[:160]!r}")
        expect(names and names[0][:4] in first.replace(" ", ""), f"the first page does not name the enterprise {names}")
        expect("一企一表" in last, "the last printed page carries no heading with the enterprise's name")
        log(f"batch print: {sheets} forms in one PDF of {pages} A4 pages")
        o.d.back()
        o.settle()
        o.link_text("分组情况", "the 分组情况 tab")
        downloads = browser.artifacts_dir() / "click-walk-downloads"
        downloads.mkdir(exist_ok=True)
        for old in downloads.iterdir():
            old.unlink()
        o.d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        link = o.one("a[href$='/export.xlsx']", "a department's 下载 XLSX")
        o.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not [p for p in downloads.iterdir() if p.suffix == ".xlsx"]:
            time.sleep(0.2)
        files = [p for p in downloads.iterdir() if p.suffix == ".xlsx"]
        expect(bool(files), "the group XLSX did not download")
        expect(files[0].read_bytes()[:2] == b"PK", f"{files[0].name} is not an XLSX file")
        expect("〔2026〕88号" in files[0].name, f"the file name {files[0].name!r} does not carry the 文号")
        log(f"group report downloaded: {files[0].name}")
        o.logout()
        return sheets

    # MARK: An inspector on a phone

    def inspector_enters(self, phone) -> tuple[str, str, str]:
        p = phone
        p.d.get(self.server.url("/login"))  # a new device starts at the login page
        chosen = ""
        for account in FIELD_INSPECTORS:
            p.login(account)
            p.fits("the dashboard")
            rows = [r for r in p.css("#my-inspections tbody tr") if DOC_NUMBER in r.text]
            if rows:
                chosen = account
                break
            p.logout()
        expect(bool(chosen), f"none of {FIELD_INSPECTORS} has a form of {DOC_NUMBER} on the dashboard")
        row = [r for r in p.css("#my-inspections tbody tr") if DOC_NUMBER in r.text and "未录入" in r.text][0]
        enterprise = row.find_element("css selector", "td[data-label='企业']").text.split("\n")[0]
        p.click(p.one("a.button", "录入检查结果", within=row))
        p.fits("the result form")
        form = p.one("form.result-form", "the result form")
        future = "2026-12-31"
        p.set_value(form, "inspection_date", future)
        finding = "点击走查：安全出口指示标志损坏，已责令整改"
        items = p.css("input[name$='_code'][name^='item_']", within=form)
        for index in range(len(items)):
            p.tick(p.css(f"input[name='item_{index}_methods']", within=form)[0])
            p.tick(p.one(f"input[name='item_{index}_problem'][value='{1 if index == 0 else 0}']", "发现问题", within=form))
        p.fill(form, "item_0_finding", finding)
        from selenium.webdriver.support.ui import Select

        Select(p.one("select[name='category']", "检查结果", within=form)).select_by_visible_text("发现问题经责令已改正")
        p.tick(p.one("input[name='signature'][value='signed']", "已签字", within=form))
        p.submit(form, button="button[value='draft']")
        p.fits("the saved draft")
        form = p.one("form.result-form", "the result form after saving")
        kept = (p.one("textarea[name='item_0_finding']", "", within=form).get_attribute("value"),
                p.one("input[name='inspection_date']", "", within=form).get_attribute("value"))
        expect(kept == (finding, future), f"保存草稿 with a future date lost what was typed: {kept}")
        p.submit(form, button="button[value='submit']", dialog=True)
        expect("检查日期" in p.problem(), f"提交 with a future date was not refused by its date: {p.problem()!r}")
        form = p.one("form.result-form", "the result form after the refusal")
        expect(p.one("textarea[name='item_0_finding']", "", within=form).get_attribute("value") == finding,
               "the refused 提交 lost the finding")
        p.shot("refused-kept")
        p.set_value(form, "inspection_date", "2026-12-04")
        question = p.submit(form, button="button[value='submit']", dialog=True)
        expect("不能再修改" in question, f"the 提交 dialog does not say what follows: {question!r}")
        expect("已提交" in p.text(), f"after 提交 the result is not 已提交: {p.problem()!r}")
        p.shot("submitted")
        log(f"{chosen} on a 360-px phone: draft kept with a bad date, 提交 refused, corrected, submitted ({enterprise})")
        p.logout()
        return chosen, enterprise, chosen.split("-")[0]

    # MARK: The joint visit on phones (issue 16)

    def joint_visit(self, phone) -> None:
        """The lead department's officer proposes a visit on a phone; a cooperating officer on a
        team at the same enterprise accepts it; the 一企一表 then shows the agreed time."""
        from selenium.webdriver.support.ui import Select

        p = phone
        p.d.get(self.server.url("/login"))

        def enterprises(account: str) -> list[str]:
            p.login(account)
            names = [r.find_element("css selector", "td[data-label='企业']").text.split("\n")[0]
                     for r in p.css("#my-inspections tbody tr") if DOC_NUMBER in r.text]
            p.logout()
            return names

        lead = "yjj-02"
        mine = enterprises(lead)
        expect(bool(mine), f"{lead} has no enterprise of {DOC_NUMBER}")
        # The draw decides the teams: a cooperating officer with a login may or may not share one of
        # the lead's enterprises. When none does, the office gives a spare account of that
        # department to the drawn officer (用户 → 对应执法检查人员), as it would for a new colleague.
        partner, target = "", ""
        for account in [a for a in COOPERATING_ACCOUNTS]:
            shared = [name for name in enterprises(account) if name in mine]
            if shared:
                partner, target = account, shared[0]
                break
        if not partner:
            target = mine[0]
            partner = self.give_account(target)
            expect(target in enterprises(partner), f"{partner} does not see {target} after the office linked it")

        def open_form(account: str) -> None:
            p.login(account)
            if account.endswith("-admin"):
                # A department admin reaches the enterprise from the task's 约定检查 tab.
                p.link("nav.site-nav a[href='/tasks']", "the 联合抽查任务 menu item")
                p.link_text(DOC_NUMBER, "the task in the list")
                p.link_text("约定检查", "the 约定检查 tab")
                p.link_text(target, f"{target} in the visit plan")
            else:
                row = [r for r in p.css("#my-inspections tbody tr") if DOC_NUMBER in r.text and target in r.text][0]
                p.click(p.one("td[data-label='约定时间'] a", "the 约定时间 link", within=row))
            p.fits("the 一企一表 with its visit box")

        open_form(lead)
        box = p.one("#visit", "the 约定检查时间 box")
        details = p.one("details", "提出约定时间", within=box)
        if not details.get_attribute("open"):
            p.click(p.one("summary", "提出约定时间", within=details), navigates=False)
        form = p.one("form.visit-form", "the visit form", within=box)
        p.set_value(form, "date", "2026-12-08")
        Select(p.one("select[name='half_day']", "上午/下午", within=form)).select_by_value("am")
        p.set_value(form, "time", "09:30")
        p.fill(form, "place", "企业正门")
        p.press(p.one("button[type=submit]", "提出", within=form))
        expect("已提出约定时间" in p.text(), f"the proposal was not taken: {p.problem()!r}")
        p.shot("visit-proposed")
        p.logout()
        open_form(partner)
        question = p.press(p.one("form[action$='/accept'] button", "确认此时间"), dialog=True)
        expect("确认" in question, f"the accept dialog says {question!r}")
        expect("约定时间已生效" in p.text() or "已确认该时间" in p.text(), f"the acceptance was not taken: {p.problem()!r}")
        expect("2026年12月8日 上午 09:30" in p.text(), "the 一企一表 does not show the agreed time")
        p.shot("visit-accepted")
        log(f"{lead} proposed a visit to {target} on a phone; {partner} accepted it")
        p.logout()

    def give_account(self, target: str) -> str:
        """The office reads the joint team of `target` on its 一企一表, picks a cooperating
        department's officer, and links that department's spare inspector account to the officer
        on the account form. Returns the account."""
        from selenium.webdriver.support.ui import Select

        o = self.desk
        o.login("office")
        o.link("nav.site-nav a[href='/tasks']", "the 联合抽查任务 menu item")
        o.link_text(DOC_NUMBER, "the task in the list")
        o.link_text("约定检查", "the 约定检查 tab")
        o.link_text(target, f"{target} in the visit plan")
        names = {"清河县市场监督管理局": "scjg", "清河县商务局": "swj", "清河县消防救援大队": "xf"}
        officer, department = "", ""
        for row in o.css("table.grid tbody tr"):
            cells = [c.text.strip() for c in row.find_elements("css selector", "td")]
            if len(cells) >= 3 and cells[0].replace("组长单位", "").strip() in names and cells[2]:
                officer, department = cells[2], names[cells[0].replace("组长单位", "").strip()]
                break
        expect(bool(officer), f"no cooperating officer on the joint team of {target}")
        spare = next(a for a in COOPERATING_ACCOUNTS if a.startswith(department + "-") and a not in FIELD_INSPECTORS)
        o.link("nav.site-nav a[href='/users']", "the 用户 menu item")
        o.link(f"a[href='/users/{spare}/edit']", f"the account {spare}")
        form = o.one("form[action$='/edit']", "the account form")
        Select(o.one("select[name='inspectorCode']", "对应执法检查人员", within=form)).select_by_value(officer)
        o.submit(form)
        expect("/users/" not in o.d.current_url, f"linking {spare} to {officer} failed: {o.problem()!r}")
        o.logout()
        log(f"office linked {spare} to the drawn officer {officer} on {target}'s team")
        return spare

    # MARK: The closing report (issue 16)

    def closing_report(self) -> None:
        import browser
        import pypdf

        o = self.desk
        o.login("office")
        o.link("nav.site-nav a[href='/tasks']", "the 联合抽查任务 menu item")
        o.link_text(DOC_NUMBER, "the task in the list")
        o.link_text("工作总结", "the 工作总结 tab")
        o.link_text("生成总结报告", "生成总结报告")
        pdf = base64.b64decode(o.d.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
        (browser.artifacts_dir() / "click-walk-closing-report.pdf").write_bytes(pdf)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
        expect("工作总结报告" in text and "内容摘要（SHA-256）" in text, "the printed report lacks its title or its digest")
        expect("抽查统计表" in text and "〔2026〕88号" in text, "the printed report lacks the statistics or the 文号")
        log(f"closing report printed: {len(reader.pages)} A4 pages")
        o.logout()

    # MARK: Approval, public results, statistics

    def approve(self, department: str, enterprise: str) -> None:
        o = self.desk
        o.login(f"{department}-admin")
        rows = [r for r in o.css("#awaiting-approval tbody tr") if enterprise in r.text]
        expect(bool(rows), f"{department}-admin's 待审核 does not list {enterprise}")
        o.click(o.one("a.button", "审核", within=rows[0]))
        approve = o.one("form[action$='/approve']", "the 审核公示 form")
        content = o.one("form.result-form", "the result")
        expect(content.location["y"] < approve.location["y"], "the 审核公示 button comes before the result it approves")
        question = o.submit(approve, dialog=True)
        expect("公开" in question, f"the 审核公示 dialog does not say the result becomes public: {question!r}")
        expect("已公示" in o.text(), "after 审核公示 the result is not 已公示")
        log(f"{department}-admin approved it after the dialog")
        o.logout()

    def public_results(self, enterprise: str) -> None:
        o = self.desk
        o.link("nav.site-nav a[href='/public/results']", "抽查结果公示")
        form = o.one("form.search", "the search form")
        o.fill(form, "q", f"  {enterprise}  ")
        o.submit(form)
        rows = [r.text for r in o.css("table tbody tr")]
        expect(any(enterprise in r and DOC_NUMBER in r for r in rows), f"public results for {enterprise} show {rows[:3]}")
        log("the result is public and found by name")

    def statistics(self) -> None:
        from selenium.webdriver.support.ui import Select

        import browser

        o = self.desk
        o.login("office")
        o.link("nav.site-nav a[href='/stats']", "统计表")
        form = o.one("form.filters", "the task filter")
        Select(o.one("select[name='task']", "the task list", within=form)).select_by_value(str(self.task_id))
        o.submit(form)
        cells = o.d.execute_script(
            "return Array.from(document.querySelectorAll('table.stats-table tbody tr'), r => Array.from(r.cells, c => c.innerText.trim()))")
        rows, total = cells[:-1], cells[-1]
        expect(total[0] == "合计", f"the statistics table ends with {total[0]!r}, not 合计")
        firms = [int(r[1]) for r in rows]
        expect(max(firms) <= int(total[1]) < sum(firms), f"合计 随机抽查企业 {total[1]} for departments {firms}: not counted once each")
        colours = o.d.execute_script("return Array.from(document.querySelectorAll('.stats-chart .bar'), b => getComputedStyle(b).fill)")
        expect(len(set(colours)) >= 4, f"the chart's series share colours: {sorted(set(colours))}")
        downloads = browser.artifacts_dir() / "click-walk-downloads"
        o.d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        link = o.one("a[href^='/stats.xlsx']", "下载 XLSX")
        link.click()
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not [p for p in downloads.iterdir() if p.name.startswith("抽查统计表") and p.suffix == ".xlsx"]:
            time.sleep(0.2)
        files = [p for p in downloads.iterdir() if p.name.startswith("抽查统计表") and p.suffix == ".xlsx"]
        expect(bool(files), "the statistics XLSX did not download")
        import openpyxl

        sheet = openpyxl.load_workbook(files[0]).active
        last = [c.value for c in list(sheet.iter_rows(max_col=9))[-1]]
        expect(last[0] == "合计" and int(last[1]) == int(total[1]), f"the XLSX's 合计 row {last} differs from the page's {total}")
        log(f"statistics: 合计 {total[1]} enterprises (departments {firms}); XLSX {files[0].name} agrees")
        o.logout()


def main() -> int:
    missing = browser_missing()
    if missing:
        if os.environ.get("CI"):
            print(f"click_walk: FAILED, {missing}: .ci/run should have installed it", file=sys.stderr)
            return 1
        print(f"click_walk: SKIP, {missing}", file=sys.stderr)
        return 77
    import browser
    import page_survey

    with browser.SpotcheckServer() as server:
        desk_driver = browser.chromium(1366, 900)
        desk_driver.set_page_load_timeout(WAIT)
        desk = Clicker(desk_driver, server, "desk")
        walk = Walk(server, desk)
        current = desk
        try:
            desk_driver.get(server.url("/login"))  # the one URL: where every browser starts
            walk.plan()
            for index, code in enumerate(DEPARTMENTS):
                walk.department(code, reject_one=index == 0)
            walk.match_and_print()
            phone_driver = browser.chromium(*PHONE, phone=True)
            phone_driver.set_page_load_timeout(WAIT)
            current = Clicker(phone_driver, server, "phone")
            _, enterprise, department = walk.inspector_enters(current)
            walk.joint_visit(current)
            phone_driver.quit()
            current = desk
            walk.approve(department, enterprise)
            walk.public_results(enterprise)
            walk.statistics()
            walk.closing_report()
        except Exception as error:  # noqa: BLE001 - reported with a screenshot
            import traceback

            if not isinstance(error, CheckFailed):
                traceback.print_exc()
            try:
                current.shot("FAILED")
            except Exception:  # noqa: BLE001
                pass
            print(f"click_walk: FAILED at {getattr(current.d, 'current_url', '?')}: {error}", file=sys.stderr)
            print(f"--- server log tail ---\n{server.log_tail(15)}", file=sys.stderr)
            return 1
        finally:
            desk_driver.quit()
        log("the whole notice by clicking: ok; now every page at 360 px and 1366 px")
        problems = page_survey.survey(server, lambda w: browser.chromium(w, 800, phone=(w < 400)), PASSWORD,
                                      log=log, shot=browser.screenshot)
    for problem in problems:
        print(f"click_walk: {problem}", file=sys.stderr)
    if problems:
        print(f"click_walk: FAILED, {len(problems)} page problem(s) above", file=sys.stderr)
        return 1
    log("ok: plan → publish → draw → confirm (one 退回) → inspectors → match → batch print → phone entry → 审核公示 → public → statistics; every page fits and speaks plainly")
    return 0


if __name__ == "__main__":
    sys.exit(main())
