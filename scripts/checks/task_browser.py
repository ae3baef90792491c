#!/usr/bin/env python3
"""The joint task walked through in a real browser (issue 6, "Done when").

Starts `spotcheck serve --demo` on a free loopback port with a throwaway SQLite file and
drives headless Chromium (Debian's, through Selenium) through a NEW task:

  office      /tasks/new plan form → save draft
  yjj-admin   sets the draft's inspector count for 应急管理局 (6 → 4)
  office      publish (confirm dialog) → draw with an entropy
  public      /public/tasks/{id} after the draw: entropy shown, secret NOT shown (page and record.json)
  yjj-admin   reject one enterprise with a reason (replacement drawn), confirm all, draw inspectors
  scjg/swj/xf confirm all, draw inspectors
  office      no 待确认 left → match (confirm dialog) → teams shown
  public      secret revealed (64 hex) and SHA-256(secret) equals the commitment published before
  office      /tasks/{id}/forms → first 一企一表: 文号, enterprise and a team member on the page,
              header/footer/打印 bar hidden in print media, printed to PDF with A4 pages

Every department user logs in through /login (CSRF form) and out through the header's
退出 button. Screenshots and the PDF go to $SPOTCHECK_ARTIFACTS_DIR (task-browser-*.png,
task-browser-form.pdf).

Exit codes (scripts/checks/README.md): 0 passed, 77 Chromium/chromedriver/Selenium missing,
1 failed (with a line saying what was expected and what was seen).
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "lib"))
sys.path.insert(0, str(HERE))

DOC_NUMBER = "清双随机办〔2024〕36号"
TITLE = "浏览器端到端联合抽查"
PASSWORD = "qinghe2024"
DEPARTMENTS = ["yjj", "scjg", "swj", "xf"]  # yjj (应急管理局) leads, as in the demo notice
INSPECTORS = {"yjj": 6, "scjg": 6, "swj": 4, "xf": 4}
TAGS = ["危险化学品", "工贸", "成品油", "消防重点单位"]
REGION = "130534"
ENTROPY = "2024-09-02-witness-318-605"
WAIT = 30  # seconds for any one page or dialog (CI machines can be busy)
HEX64 = re.compile(r"\b[0-9a-f]{64}\b")


class CheckFailed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def left_page(element):
    """A wait condition: the page holding `element` has been replaced by the next one.

    Selenium's EC.staleness_of only counts StaleElementReferenceException; while Chromium tears
    the old document down it may instead answer "Node with given id does not belong to the
    document", which also means the old page is gone (seen on busy 2-core machines)."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException

    def gone(_driver) -> bool:
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    return gone


START = time.monotonic()


def log(message: str) -> None:
    print(f"task_browser: [{time.monotonic() - START:5.1f}s] {message}", flush=True)


class Walk:
    def __init__(self, driver, server) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        self.d = driver
        self.server = server
        self.wait = WebDriverWait(driver, WAIT, poll_frequency=0.1)
        self.task_id = 0
        self.shots = 0

    # MARK: Browser helpers

    #: Screenshot names start with this (subclasses for other walks set their own).
    shot_prefix = "task-browser"

    def shot(self, name: str) -> None:
        import browser

        self.shots += 1
        browser.screenshot(self.d, f"{self.shot_prefix}-{self.shots:02d}-{name}")

    def report_failure(self, error: Exception, check: str, server) -> int:
        """Says where and why the walk failed, with a last screenshot and the server's log tail;
        returns the check's exit code."""
        import traceback

        import browser

        with_shot = ""
        try:
            self.shot("FAILED")
            with_shot = f" (screenshot {self.shot_prefix}-{self.shots:02d}-FAILED.png in {browser.artifacts_dir()})"
        except Exception:  # noqa: BLE001 - the browser itself may be gone
            pass
        if not isinstance(error, CheckFailed):
            traceback.print_exc()
        reason = str(error) if isinstance(error, CheckFailed) else f"{type(error).__name__}: {error}"
        try:
            where = self.d.current_url
        except Exception:  # noqa: BLE001
            where = "?"
        print(f"{check}: FAILED at {where}: {reason}{with_shot}", file=sys.stderr)
        print(f"--- server log tail ---\n{server.log_tail(15)}", file=sys.stderr)
        return 1

    def css(self, selector: str):
        from selenium.webdriver.common.by import By

        return self.d.find_elements(By.CSS_SELECTOR, selector)

    def one(self, selector: str, what: str):
        found = self.css(selector)
        expect(bool(found), f"expected {what} ({selector}) on {self.d.current_url}, "
                            f"page says: {self.page_problem() or self.text()[:300]!r}")
        return found[0]

    def texts(self, selector: str) -> list[str]:
        """The text of every match, in one round trip (pages list dozens of rows)."""
        return self.d.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]), e => e.innerText.trim())", selector)

    def text(self) -> str:
        from selenium.webdriver.common.by import By

        return self.d.find_element(By.TAG_NAME, "body").text

    def page_problem(self) -> str:
        """The refusal or error a page shows (task page alert, error page heading), if any."""
        alerts = [e.text.strip() for e in self.css("[role=alert]") if e.text.strip()]
        if alerts:
            return " / ".join(alerts)
        if "/login" in self.d.current_url:
            return "(sent to the login page)"
        return ""

    def get(self, path: str) -> None:
        self.d.get(self.server.url(path))
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def submit(self, form, *, dialog: bool, expect_query: str) -> None:
        """Clicks the form's submit button, accepts the confirm() dialog the form must ask
        first when dialog=True, and waits for the redirect whose URL contains expect_query."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC

        action = form.get_attribute("action")
        old = self.d.find_element(By.TAG_NAME, "html")
        button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        if dialog:
            try:
                alert = self.wait.until(EC.alert_is_present())
            except TimeoutException:
                raise CheckFailed(f"submitting {action} should ask for confirmation first; no dialog within {WAIT}s")
            expect(bool(alert.text.strip()), f"the confirmation dialog of {action} is empty")
            alert.accept()
        self.arrived_after(old, f"submitting {action}", expect_query)

    def arrived_after(self, old, what: str, expect_query: str) -> None:
        """Waits until the page holding `old` was replaced and the next one loaded, then checks
        the redirect went to a URL containing `expect_query`."""
        from selenium.common.exceptions import TimeoutException

        try:
            self.wait.until(left_page(old))
            self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        except TimeoutException:
            raise CheckFailed(f"{what}: no new page within {WAIT}s")
        expect(expect_query in self.d.current_url,
               f"{what}: expected a redirect to …{expect_query}, got {self.d.current_url} "
               f"showing {self.page_problem() or self.text()[:300]!r}")

    def dismissed_does_nothing(self, form) -> None:
        """Answering 取消 in the form's confirmation dialog must leave the page unsubmitted."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as EC

        action = form.get_attribute("action")
        selector = f"form[action='{action[len(self.server.base_url):]}']"
        url = self.d.current_url
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        try:
            self.wait.until(EC.alert_is_present()).dismiss()
        except TimeoutException:
            raise CheckFailed(f"submitting {action} should ask for confirmation first "
                              f"(data-confirm + /static/confirm.js); no dialog within {WAIT}s")
        time.sleep(0.5)
        expect(self.d.current_url == url and bool(self.css(selector)),
               f"after answering 取消 to the dialog of {action} the form was submitted anyway ({self.d.current_url})")

    def login(self, username: str) -> None:
        from selenium.webdriver.common.by import By

        self.get("/login")
        form = self.one("form[action='/login']", "the login form")
        csrf = form.find_element(By.NAME, "_csrf").get_attribute("value")
        expect(bool(csrf), "the login form carries no CSRF token")
        form.find_element(By.NAME, "username").send_keys(username)
        form.find_element(By.NAME, "password").send_keys(PASSWORD)
        old = self.d.find_element(By.TAG_NAME, "html")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait.until(left_page(old))
        # The 303 to /dashboard may still be loading: wait for it, and retry a lookup that
        # raced with the navigation (Chromium: "Node ... does not belong to the document").
        from selenium.common.exceptions import WebDriverException

        who = None
        for attempt in range(5):
            try:
                self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
                expect("/login" not in self.d.current_url,
                       f"login as {username}: still on {self.d.current_url} ({self.page_problem()!r})")
                who = self.css("form.logout .who")
                break
            except WebDriverException:
                if attempt == 4:
                    raise
                time.sleep(0.5)
        expect(bool(who), f"after logging in as {username} the header shows no user and no 退出")

    def logout(self) -> None:
        form = self.one("form.logout", "the 退出 button")
        from selenium.webdriver.common.by import By

        old = self.d.find_element(By.TAG_NAME, "html")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait.until(left_page(old))
        self.get(f"/tasks/{self.task_id or ''}")
        expect("/login" in self.d.current_url, f"after 退出, /tasks did not ask to log in (at {self.d.current_url})")

    def task_form(self, action_suffix: str):
        forms = self.css(f"form[action='/tasks/{self.task_id}/{action_suffix}']")
        expect(bool(forms), f"expected the form /tasks/{self.task_id}/{action_suffix} on the task page "
                            f"(state shown: {self.state()!r}; {self.page_problem()!r})")
        return forms[0]

    def state(self) -> str:
        small = self.css("section.card h2 small")
        return small[0].text if small else "?"

    def scroll_to_heading(self, text: str) -> None:
        self.d.execute_script(
            "const h = Array.from(document.querySelectorAll('h2')).find(h => h.textContent.includes(arguments[0]));"
            " if (h) h.scrollIntoView();", text)

    def public(self, path: str = "") -> bytes:
        with urllib.request.urlopen(self.server.url(f"/public/tasks/{self.task_id}{path}"), timeout=WAIT) as r:
            return r.read()

    # MARK: The walk

    def create_and_publish(self) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        self.login("office")
        self.get("/tasks/new")
        form = self.one("form[action='/tasks']", "the plan form")

        def fill(name: str, value: str) -> None:
            field = form.find_element(By.NAME, name)
            field.clear()
            field.send_keys(value)

        def check(selector: str) -> None:
            box = form.find_element(By.CSS_SELECTOR, selector)
            if not box.is_selected():
                self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
                box.click()

        # Outside the annual plan (issue 16): 计划外 with the reason shown on the notice.
        Select(form.find_element(By.NAME, "origin")).select_by_value("off_plan")
        fill("off_plan_reason", "根据上级部署开展的专项抽查")
        fill("document_number", DOC_NUMBER)
        fill("title", TITLE)
        # <input type=date> takes keys in the browser's locale format; set the value itself.
        for name, value in (("period_start", "2024-09-02"), ("period_end", "2024-10-31")):
            self.d.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, name), value)
        Select(form.find_element(By.NAME, "lead_department")).select_by_value("yjj")
        for code in DEPARTMENTS:
            check(f"input[name='take_{code}']")
            items = form.find_elements(By.CSS_SELECTOR, f"input[name='items_{code}']")
            expect(bool(items), f"the plan form lists no items for department {code}")
            for box in items:
                if not box.is_selected():
                    self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
                    box.click()
            fill(f"inspectors_{code}", str(INSPECTORS[code]))
            fill(f"materials_{code}", f"{code} 材料一\n{code} 材料二")
        for tag in TAGS:
            check(f"input[name='tags'][value='{tag}']")
        fill("region_prefix", REGION)
        fill("ratio_C", "30")
        fill("ratio_D", "50")
        fill("team_size", "2")
        fill("entropy_source", "抽取当日现场两名见证人各报一个三位数，按“日期-witness-数1-数2”录入")
        self.shot("plan-form")
        self.submit(form, dialog=False, expect_query="done=created")
        match = re.search(r"/tasks/(\d+)\?", self.d.current_url)
        expect(match is not None, f"after saving the plan expected /tasks/ID?done=created, got {self.d.current_url}")
        self.task_id = int(match.group(1))
        expect(DOC_NUMBER in self.text(), f"the new task page does not show its 文号 {DOC_NUMBER}")
        log(f"office created task {self.task_id} ({DOC_NUMBER}) through the plan form")

        self.department_sets_count("yjj", 4)

        self.dismissed_does_nothing(self.task_form("publish"))
        self.submit(self.task_form("publish"), dialog=True, expect_query="done=published")
        expect("发布时冻结的名单" in self.text(), "after publishing the task page shows no frozen lists")
        self.shot("published")
        log("office published it (frozen lists and commitment shown)")

    def department_sets_count(self, code: str, count: int) -> None:
        """Before publication the department's admin sets how many of its inspectors it draws."""
        from selenium.webdriver.common.by import By

        self.logout()
        self.login(f"{code}-admin")
        self.get(f"/tasks/{self.task_id}")
        expect(not self.css(f"form[action='/tasks/{self.task_id}/publish']"), f"{code}-admin is offered the office's 发布")
        form = self.task_form(f"departments/{code}/inspector-count")
        field = form.find_element(By.NAME, "count")
        field.clear()
        field.send_keys(str(count))
        self.submit(form, dialog=False, expect_query="done=inspector-count")
        expect(f"{count} 人" in self.text(), f"after {code}-admin set {count} inspectors the plan does not show it")
        INSPECTORS[code] = count
        log(f"{code}-admin set the draft's inspector count to {count}")
        self.logout()
        self.login("office")
        self.get(f"/tasks/{self.task_id}")

    def draw(self) -> str:
        from selenium.webdriver.common.by import By

        form = self.task_form("draw")
        form.find_element(By.NAME, "entropy").send_keys(ENTROPY)
        form.find_element(By.NAME, "acknowledged").click()
        self.submit(form, dialog=True, expect_query="done=drawn")
        expect(ENTROPY in self.text(), f"after the draw the task page does not show the entropy {ENTROPY}")
        expect(not self.css(f"form[action='/tasks/{self.task_id}/draw']"), "a drawn task still offers the draw form")
        rows = self.css("tr td[data-label='代码'] code")
        expect(bool(rows), "after the draw the task page lists no drawn enterprises")
        self.shot("drawn")
        log(f"office drew with entropy {ENTROPY}: {len(rows)} dispatch row(s)")

        # The public notice after the draw: the entropy yes, the secret not yet.
        page = self.public().decode()
        expect(ENTROPY in page, "the public notice does not show the entropy after the draw")
        expect("密钥将在匹配检查组后公布" in page and "密钥：" not in page,
               "the public notice shows a secret (密钥：…) before matching")
        commitment = re.search(r"承诺值（密钥的 SHA-256 摘要，抽取前公布）：<span class=\"digest\">([0-9a-f]{64})<", page)
        expect(commitment is not None, "the public notice shows no 64-hex commitment")
        record = json.loads(self.public("/record.json"))
        expect(not record.get("secret"), f"the public record.json has a secret before matching: {record.get('secret')!r}")
        self.get(f"/public/tasks/{self.task_id}")
        self.scroll_to_heading("抽取结果")
        self.shot("public-after-draw")
        log("public notice after the draw: entropy shown, secret withheld (page and record.json)")
        return commitment.group(1)

    def department(self, code: str, reject_one: bool) -> None:
        from selenium.webdriver.common.by import By

        self.login(f"{code}-admin")
        self.get(f"/tasks/{self.task_id}")
        expect(DOC_NUMBER in self.text(), f"{code}-admin cannot see task {self.task_id}: {self.page_problem()!r}")
        expect(not self.css(f"form[action='/tasks/{self.task_id}/match']"), f"{code}-admin is offered the office's 匹配")
        base = f"/tasks/{self.task_id}/departments/{code}"
        if reject_one:
            forms = self.css(f"form[action^='{base}/dispatches/'][action$='/reject']")
            expect(bool(forms), f"{code}-admin sees no 退回 form for a dispatched enterprise")
            form = forms[0]
            uscc = form.get_attribute("action").split("/")[-2]
            form.find_element(By.NAME, "reason").send_keys("浏览器测试：经核实该企业已停业")
            self.submit(form, dialog=True, expect_query="done=rejected")
            expect("补抽" in self.text(), f"after {code}-admin rejected {uscc} no replacement (补抽) is listed")
            log(f"{code}-admin rejected {uscc} with a reason; a replacement was dispatched")
        forms = self.css(f"form[action='{base}/confirm-all']")
        if forms:
            self.submit(forms[0], dialog=True, expect_query="done=confirmed")
        statuses = self.texts("td[data-label='状态']")
        pending = [t for t in statuses if t.startswith("待确认")]
        expect(not pending, f"after 全部确认 by {code}-admin {len(pending)} row(s) still say 待确认")
        confirmed = [t for t in statuses if t.startswith("已确认")]
        self.submit(self.task_form(f"departments/{code}/draw-inspectors"), dialog=True, expect_query="done=inspectors")
        drawn = self.css("td[data-label='执法证号']")
        expect(len(drawn) == INSPECTORS[code],
               f"{code}-admin drew inspectors: expected {INSPECTORS[code]} rows, saw {len(drawn)}")
        expect(not self.css(f"form[action='{base}/draw-inspectors']"), f"{code} can draw its inspectors twice")
        self.shot(f"{code}-done")
        log(f"{code}-admin confirmed {len(confirmed)} enterprise(s) and drew {len(drawn)} inspectors")
        self.logout()

    def match(self, commitment: str) -> None:
        self.login("office")
        self.get(f"/tasks/{self.task_id}")
        pending = self.texts("td[data-label='待确认']")
        expect(pending and all(p == "0" for p in pending), f"before matching the office sees 待确认 {pending}, expected all 0")
        self.submit(self.task_form("match"), dialog=True, expect_query="done=matched")
        teams = self.css(".teams .team")
        expect(bool(teams), "after matching the task page shows no 检查组")
        self.shot("matched")
        log(f"office matched: {len(teams)} team(s)")

        page = self.public().decode()
        secret = re.search(r"密钥：<span class=\"digest\">([^<]*)<", page)
        expect(secret is not None and HEX64.fullmatch(secret.group(1)) is not None,
               f"after matching the public notice should show the 64-hex secret, saw {secret.group(1) if secret else None!r}")
        expect(hashlib.sha256(bytes.fromhex(secret.group(1))).hexdigest() == commitment,
               "the revealed secret does not hash to the commitment published before the draw")
        record = json.loads(self.public("/record.json"))
        expect(record.get("secret") == secret.group(1), "the public record.json does not carry the revealed secret")
        self.get(f"/public/tasks/{self.task_id}")
        self.scroll_to_heading("抽取结果")
        self.shot("public-after-match")
        log("public notice after matching: secret revealed, SHA-256(secret) = commitment")

    def print_form(self) -> None:
        import base64

        import browser
        import print_form

        self.get(f"/tasks/{self.task_id}/forms")
        links = self.css(f"a[href*='/tasks/{self.task_id}/forms/']")
        expect(bool(links), f"/tasks/{self.task_id}/forms lists no 一企一表 ({self.page_problem()!r})")
        members = self.css("td[data-label='检查组'] div")
        expect(bool(members), "the 一企一表 list shows no 联合检查组 for the first enterprise")
        # "应急管理局（组长单位） 第 1 组：张三、李四" → the names after the colon.
        names = [n for n in re.split(r"[、，,\s]+", members[0].text.split("：", 1)[-1]) if n]
        expect(bool(names), f"cannot read team members from {members[0].text!r}")
        self.shot("forms")
        url = links[0].get_attribute("href")
        uscc = url.rstrip("/").split("/")[-1]
        self.d.get(url)
        text = self.text()
        for wanted, what in ((DOC_NUMBER, "the task's 文号"), (uscc, "the enterprise's USCC"),
                             ("企业负责人签字", "the signature box"), ("联合检查组", "the joint team")):
            expect(wanted in text, f"the 一企一表 {url} does not show {what} 「{wanted}」")
        expect(any(n in text for n in names), f"the 一企一表 {url} names none of the team members {names}")

        self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        hidden = self.d.execute_script(
            "return ['.site-header', '.site-footer', '.print-bar'].map(s => {"
            " const e = document.querySelector(s); return e ? getComputedStyle(e).display : 'none'; });")
        self.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        expect(all(h == "none" for h in hidden), f"in print media the header/footer/打印 bar are still shown: {hidden}")
        self.shot("form")
        result = self.d.execute_cdp_cmd("Page.printToPDF", {
            "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False,
        })
        pdf = base64.b64decode(result["data"])
        out = browser.artifacts_dir() / "task-browser-form.pdf"
        out.write_bytes(pdf)
        pages = print_form.check_pdf(pdf)  # exits 1 with its reason if not A4
        expect(pages >= 1, "the printed 一企一表 has no pages")
        log(f"一企一表 {uscc} shows {DOC_NUMBER} and {', '.join(names)}; printed to {out} ({pages} A4 page(s))")


def browser_missing() -> str | None:
    """Why this machine cannot run the check, or None. Only a missing browser stack is a skip."""
    try:
        import selenium  # noqa: F401

        import browser
    except ImportError as error:
        return f"no Selenium here ({error})"
    try:
        browser._find("CHROMIUM_BIN", ["chromium", "chromium-browser", "google-chrome"])
        browser._find("CHROMEDRIVER", ["chromedriver"])
    except FileNotFoundError as error:
        return str(error)
    return None


def main() -> int:
    missing = browser_missing()
    if missing:
        print(f"task_browser: SKIP, {missing}", file=sys.stderr)
        return 77
    import browser

    with browser.SpotcheckServer() as server, browser.chromium(1280, 900) as driver:
        driver.set_page_load_timeout(WAIT)
        walk = Walk(driver, server)
        try:
            walk.create_and_publish()
            commitment = walk.draw()
            walk.logout()
            for index, code in enumerate(DEPARTMENTS):
                walk.department(code, reject_one=index == 0)
            walk.match(commitment)
            walk.print_form()
        except Exception as error:
            return walk.report_failure(error, "task_browser", server)
    log(f"ok: publish → draw → confirm → inspector draw → matching → 一企一表 print")
    return 0


if __name__ == "__main__":
    sys.exit(main())
