#!/usr/bin/env python3
"""举报线索 on a phone (issue 17, "Done when"), in headless Chromium at 360×800 with touch.

The public (not logged in) opens 我要举报 from the home page's menu, types part of an enterprise's
name and picks it from the directory suggestions, describes what was seen, attaches a photo (a
PNG written here) and submits; the receipt page shows the code. 举报进度查询 with that code says
已受理. The office, from 举报线索 in its menu, opens the tip (the photo is listed with its SHA-256),
routes it to 应急管理局 after the confirmation dialog; the status then says 已转办. yjj-admin
sees the 举报线索转办 message in 消息中心, follows it to the tip, records a note and closes it
with a result linked to the demo task, after its dialog; the status then says 已办结. Every page
fits the phone's width.
"""
from __future__ import annotations

import hashlib
import os
import re
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "lib"))
sys.path.insert(0, str(HERE))

from task_browser import WAIT, CheckFailed, Walk, browser_missing, expect  # noqa: E402

PHONE = (360, 800)
DOC_NUMBER = "清双随机办〔2024〕21号"
START = time.monotonic()


def log(message: str) -> None:
    print(f"tip_browser: [{time.monotonic() - START:5.1f}s] {message}", flush=True)


def png(path: Path) -> bytes:
    """A small real PNG (8×8, red), so the server's type check by content accepts it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 8 for _ in range(8))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path.write_bytes(data)
    return data


class TipWalk(Walk):
    shot_prefix = "tip-browser"

    def fits(self, what: str) -> None:
        width, inner = self.d.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        expect(width <= PHONE[0] + 1 and inner == PHONE[0], f"{what} does not fit a {PHONE[0]}px phone ({width}px wide)")

    def click_link(self, text: str) -> None:
        from selenium.webdriver.common.by import By

        links = [a for a in self.d.find_elements(By.TAG_NAME, "a") if a.text.strip() == text]
        expect(bool(links), f"no link 「{text}」 on {self.d.current_url}")
        href = links[0].get_attribute("href")
        self.d.get(href)  # menu links can sit in a collapsed phone menu; following the href is what a tap does
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def report(self) -> str:
        from selenium.webdriver.common.by import By

        self.get("/")
        self.click_link("我要举报")
        self.fits("the tip form")
        form = self.one("form.tip-form", "the tip form")
        box = form.find_element(By.NAME, "enterprise")
        box.send_keys("加油")
        # The directory's suggestions arrive; pick the first by typing its full name.
        self.wait.until(lambda d: d.execute_script("return document.querySelectorAll('#tip-enterprises option').length") > 0)
        name, uscc = self.d.execute_script(
            "const o = document.querySelector('#tip-enterprises option'); return [o.value, o.label];")
        box.clear()
        box.send_keys(name)
        self.wait.until(lambda d: d.find_element(By.ID, "tip-uscc").get_attribute("value") == uscc)
        form.find_element(By.NAME, "content").send_keys("浏览器检查：加油站夜间在卸油区旁边堆放纸箱，灭火器过期。")
        form.find_element(By.NAME, "contact_name").send_keys("周先生")
        form.find_element(By.NAME, "contact_phone").send_keys("13900001234")
        photo = Path(tempfile.mkdtemp()) / "现场照片.png"
        self.photo_sha = hashlib.sha256(png(photo)).hexdigest()
        form.find_element(By.NAME, "photos").send_keys(str(photo))
        self.shot("form")
        old = self.d.find_element(By.TAG_NAME, "html")
        button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        self.wait.until(lambda d: d.find_elements(By.ID, "receipt-code") or d.find_elements(By.CSS_SELECTOR, "[role=alert]"))
        expect(not self.page_problem(), f"the tip was refused: {self.page_problem()}")
        receipt = self.one("#receipt-code", "the receipt code").text.strip()
        expect(re.fullmatch(r"JB-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}", receipt) is not None, f"odd receipt {receipt!r}")
        self.fits("the receipt page")
        self.shot("receipt")
        self.enterprise = name
        log(f"tip submitted on the phone about {name} ({uscc}); receipt {receipt}")
        return receipt

    def status(self, receipt: str, expected: str) -> None:
        from selenium.webdriver.common.by import By

        self.get("/tips/status")
        form = self.one("form[action='/tips/status']", "the status form")
        form.find_element(By.NAME, "code").send_keys(receipt.lower())  # as a person might type it
        old = self.d.find_element(By.TAG_NAME, "html")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.arrived_after(old, "the status lookup", "code=")
        state = self.one("#tip-state", "the status").text.strip()
        expect(state == expected, f"status by receipt says {state!r}, expected {expected!r}")
        body = self.text()
        expect("周先生" not in body and "13900001234" not in body, "the public status page shows the reporter's contact")
        self.fits("the status page")
        log(f"status by receipt: {state}")

    def open_tip_from_list(self, receipt: str) -> None:
        self.get("/dashboard")
        self.click_link("举报线索")
        self.fits("the tip list")
        self.click_link(receipt)
        self.fits("the tip page")

    def office_routes(self, receipt: str) -> None:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        self.login("office")
        self.open_tip_from_list(receipt)
        expect("周先生" in self.text(), "the office does not see the reporter's contact")
        photos = self.texts("ul.files li")
        expect(len(photos) == 1 and self.photo_sha in photos[0], f"the photo with its SHA-256 is not listed: {photos}")
        form = self.one("form[action$='/route']", "the 转办 form")
        Select(form.find_element(By.NAME, "department")).select_by_visible_text("清河县应急管理局")
        self.submit(form, dialog=True, expect_query="done=routed")
        expect("已转办" in self.text(), "the tip page does not say it was routed")
        self.shot("routed")
        self.logout()
        log("the office routed it to 应急管理局 after the dialog")

    def department_closes(self, receipt: str) -> None:
        from selenium.webdriver.common.by import By

        self.login("yjj-admin")
        self.get("/dashboard")
        self.click_link_prefix("消息")
        self.fits("消息中心")
        items = self.css("li.message.unread")
        routed = [i for i in items if "举报线索转办" in i.text]
        expect(bool(routed), f"no unread 举报线索转办 message for yjj-admin: {[i.text[:40] for i in items[:5]]}")
        old = self.d.find_element(By.TAG_NAME, "html")
        button = routed[0].find_element(By.CSS_SELECTOR, "button[type=submit]")
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        self.arrived_after(old, "去处理", "/tips/manage/")
        expect(receipt in self.text(), "the message did not lead to the tip")
        note = self.one("form[action$='/notes']", "the note form")
        note.find_element(By.NAME, "note").send_keys("已电话联系举报人，约定明日现场核查。")
        self.submit(note, dialog=False, expect_query="done=noted")
        close = self.one("form[action$='/close']", "the 办结 form")
        close.find_element(By.NAME, "result").send_keys("现场核查属实：纸箱已清理，灭火器已更换，责令整改完毕。")
        close.find_element(By.NAME, "task").send_keys(DOC_NUMBER)
        self.submit(close, dialog=True, expect_query="done=closed")
        body = self.text()
        expect("已办结" in body and "查看任务" in body, "the tip page does not show it closed with its task")
        self.fits("the closed tip")
        self.shot("closed")
        self.logout()
        log("yjj-admin followed the message, noted and closed it, linked to the demo task")

    def click_link_prefix(self, prefix: str) -> None:
        from selenium.webdriver.common.by import By

        links = [a for a in self.d.find_elements(By.TAG_NAME, "a") if a.text.strip().startswith(prefix)]
        expect(bool(links), f"no link starting 「{prefix}」 on {self.d.current_url}")
        self.d.get(links[0].get_attribute("href"))
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def main() -> int:
    missing = browser_missing()
    if missing:
        if os.environ.get("CI"):
            print(f"tip_browser: FAILED, {missing}: .ci/run should have installed it", file=sys.stderr)
            return 1
        print(f"tip_browser: SKIP, {missing}", file=sys.stderr)
        return 77
    import browser

    with browser.SpotcheckServer() as server, browser.chromium(*PHONE, phone=True) as driver:
        driver.set_page_load_timeout(WAIT)
        walk = TipWalk(driver, server)
        log(f"server on {server.base_url}, phone {PHONE[0]}x{PHONE[1]}")
        try:
            receipt = walk.report()
            walk.status(receipt, "已受理")
            walk.office_routes(receipt)
            walk.status(receipt, "已转办")
            walk.department_closes(receipt)
            walk.status(receipt, "已办结")
        except Exception as error:
            return walk.report_failure(error, "tip_browser", server)
    log("ok: phone tip with a photo → receipt → 已受理 → routed → message → noted, closed → 已办结")
    return 0


if __name__ == "__main__":
    sys.exit(main())
