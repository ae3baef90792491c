#!/usr/bin/env python3
"""Prints a 一企一表 to PDF with headless Chromium and checks the result is an A4 form.

Starts nothing itself: point it at a running spotcheck (loopback) and give either a session
cookie or login credentials. Used by checks that start a demo server, and by hand:

    python3 scripts/checks/print_form.py --base-url http://127.0.0.1:8080 \
        --username office --password qinghe2024 --task 1 --out form.pdf

Without --uscc the first form of the task's list is printed. Why Chromium through WebDriver
rather than `chromium --headless --print-to-pdf=…`: the page needs the login cookie, which
the bare command line cannot carry; the DevTools call below is the same printer
(`Page.printToPDF`, honouring the page's `@page { size: A4 }`).

Exit codes follow scripts/checks/README.md: 0 passed, 77 no browser here, 1 failed.
"""
from __future__ import annotations

import argparse
import base64
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))

A4_POINTS = (595.28, 841.89)


def fail(message: str) -> None:
    print(f"print_form: {message}", file=sys.stderr)
    sys.exit(1)


def login(driver, base: str, args) -> None:
    from selenium.webdriver.common.by import By

    if args.cookie:
        name, _, value = args.cookie.partition("=")
        if not value:
            name, value = "spotcheck_session", args.cookie
        driver.get(base + "/login")  # a page of the origin, so the cookie can be set for it
        driver.add_cookie({"name": name, "value": value, "path": "/"})
        return
    driver.get(base + "/login")
    driver.find_element(By.NAME, "username").send_keys(args.username)
    driver.find_element(By.NAME, "password").send_keys(args.password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    if "/login" in driver.current_url:
        fail(f"login as {args.username} failed (still on {driver.current_url})")


def form_url(driver, base: str, args) -> str:
    from selenium.webdriver.common.by import By

    if args.uscc:
        return f"{base}/tasks/{args.task}/forms/{args.uscc}"
    driver.get(f"{base}/tasks/{args.task}/forms")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href*='/forms/']")]
    if not links:
        fail(f"no 一企一表 listed on /tasks/{args.task}/forms (is the task matched, may this user see it?)")
    return links[0]


def check_pdf(pdf: bytes) -> int:
    if not pdf.startswith(b"%PDF-"):
        fail("the printer did not return a PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    if not boxes:
        fail("the PDF has no page MediaBox")
    for w, h in boxes:
        if abs(float(w) - A4_POINTS[0]) > 2 or abs(float(h) - A4_POINTS[1]) > 2:
            fail(f"expected A4 pages ({A4_POINTS[0]}x{A4_POINTS[1]} pt), saw {float(w)}x{float(h)} pt")
    return len(boxes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8080")
    parser.add_argument("--cookie", help="spotcheck_session=VALUE (or just VALUE)")
    parser.add_argument("--username")
    parser.add_argument("--password")
    parser.add_argument("--task", required=True, help="task id")
    parser.add_argument("--uscc", help="the enterprise; default: the first form of the task")
    parser.add_argument("--out", help="where to write the PDF (default: artifacts dir/inspection-form.pdf)")
    args = parser.parse_args()
    if not args.cookie and not (args.username and args.password):
        parser.error("give --cookie or --username and --password")
    base = args.base_url.rstrip("/")

    try:
        import browser
        import selenium  # noqa: F401
    except ImportError as error:
        print(f"print_form: SKIP, no Selenium here ({error})", file=sys.stderr)
        return 77
    try:
        driver_context = browser.chromium(1280, 900)
    except Exception as error:  # no Chromium or chromedriver on this machine
        print(f"print_form: SKIP, cannot start headless Chromium ({error})", file=sys.stderr)
        return 77

    with driver_context as driver:
        login(driver, base, args)
        url = form_url(driver, base, args)
        driver.get(url)
        html = driver.page_source
        for text in ("一企一表", "企业负责人签字", "拒绝签字情况及见证人", "联合检查组"):
            if text not in html:
                fail(f"{url} does not show 「{text}」 (status page or login instead of the form?)")

        # On paper the site's header, footer and the 打印 bar disappear.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        hidden = driver.execute_script(
            "return ['.site-header', '.site-footer', '.print-bar'].map(s => {"
            " const e = document.querySelector(s); return e ? getComputedStyle(e).display : 'none'; });")
        if any(display != "none" for display in hidden):
            fail(f"in print media the header/footer/打印 bar are still shown: {hidden}")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

        result = driver.execute_cdp_cmd("Page.printToPDF", {
            "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False,
        })
        pdf = base64.b64decode(result["data"])
        pages = check_pdf(pdf)
        out = Path(args.out) if args.out else browser.artifacts_dir() / "inspection-form.pdf"
        out.write_bytes(pdf)
        print(f"print_form: {url} -> {out} ({pages} A4 page(s), {len(pdf)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
