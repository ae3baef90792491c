#!/usr/bin/env python3
"""Every page a role can reach from its navigation, at 360 px and 1366 px (issue 15).

For each role of the demo (public, office, a department admin, an inspector, the auditor) the
survey logs in through the login form, then follows, breadth first, every same-site link of the
pages it has reached (never a URL it made up): each page is loaded at both widths and fails the
survey when

  * the page is wider than its window (document.scrollWidth > innerWidth), naming the widest
    element that sticks out, or
  * its visible text shows an internal code: an operation name such as `approve-result`, a
    principal such as `inspector:…`, an ISO timestamp `2024-…T…Z`, a JSON path `objects[`.

Links that only download (XLSX/CSV/JSON/PDF) or sign out are not followed; pages that differ
only by an id are sampled (the first three of each pattern), so the survey stays a few minutes.

Used by click_walk.py (imported: `survey(server, driver_factory)`), or on its own:

    SPOTCHECK_BIN=.build/debug/spotcheck python3 scripts/checks/page_survey.py

Screenshots of the first page of every pattern at both widths go to $SPOTCHECK_ARTIFACTS_DIR
(survey-<role>-<width>-<page>.png).
"""
from __future__ import annotations

import os
import re
import sys
import urllib.parse
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "lib"))
sys.path.insert(0, str(HERE))

ROLES = [None, "office", "yjj-admin", "yjj-01", "auditor"]
WIDTHS = (360, 1366)
PER_PATTERN = 3
MAX_PAGES = 160  # per role; the demo's roles reach about 40 patterns each

INTERNAL = [
    (re.compile(r"\b(approve|submit|correct|reject|confirm|draw|match|publish|create|update|delete)-(result|task|enterprise|inspector|department|user|item|disposition|evidence|conflict|token)s?\b"),
     "an operation name"),
    (re.compile(r"\b(inspector|user|token|cli|system):[A-Za-z0-9_-]+"), "a principal code"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z\b"), "a UTC timestamp"),
    (re.compile(r"objects\["), "a JSON path"),
    (re.compile(r"(?<![\w-])(19|20)\d\d-[01]\d-[0-3]\d(?![\w-])"), "an ISO date (a clerk writes 2024年5月27日)"),
]

SKIP = re.compile(r"(\.xlsx|\.csv|\.json|\.pdf|\.ics|/export|/logout|/download|/evidence/|record\.json|/files?/)", re.I)

# The widest visible element that sticks out of the window, to say what to fix.
OVERFLOW_JS = """
const w = window.innerWidth;
const doc = document.documentElement.scrollWidth;
let worst = null, right = w;
for (const e of document.body.querySelectorAll('*')) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) continue;
  let p = e.parentElement, clipped = false;
  while (p && p !== document.body) {
    const s = getComputedStyle(p);
    if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') { clipped = true; break; }
    p = p.parentElement;
  }
  if (clipped) continue;
  if (r.right > right + 0.5) { right = r.right; worst = e; }
}
let what = '';
if (worst) {
  what = worst.tagName.toLowerCase() + (worst.className && typeof worst.className === 'string' ? '.' + worst.className.trim().split(/\\s+/).join('.') : '')
       + ' "' + (worst.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' ') + '"';
}
return [doc, w, what, Math.round(right)];
"""


COLLECTIONS = {"departments", "users", "tasks", "forms", "results", "inspectors", "items", "enterprises",
               "groups", "conflicts", "dispositions"}


def pattern_of(path: str) -> str:
    """/tasks/1/forms/9113…/results/scjg → /tasks/N/forms/N/results/N: one sample family per page kind."""
    segments = path.split("?")[0].strip("/").split("/")
    out = []
    for i, seg in enumerate(segments):
        named = i > 0 and segments[i - 1] in COLLECTIONS and seg not in ("new", "import", "export")
        out.append("N" if named or re.search(r"\d", seg) else seg)
    return "/" + "/".join(out)


def survey(server, make_driver, password: str, log=print, shot=None) -> list[str]:
    """Returns the problems found (empty when every page fits and speaks plainly)."""
    from selenium.webdriver.common.by import By

    problems: list[str] = []
    for role in ROLES:
        for width in WIDTHS:
            driver = make_driver(width)
            try:
                if role:
                    driver.get(server.url("/login"))
                    form = driver.find_element(By.CSS_SELECTOR, "form[action='/login']")
                    form.find_element(By.NAME, "username").send_keys(role)
                    form.find_element(By.NAME, "password").send_keys(password)
                    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
                    start = driver.current_url
                else:
                    driver.get(server.url("/"))
                    start = driver.current_url
                seen_patterns: dict[str, int] = {}
                queue = deque([start])
                visited: set[str] = set()
                pages = 0
                while queue and pages < MAX_PAGES:
                    url = queue.popleft()
                    parts = urllib.parse.urlsplit(url)
                    key = parts.path + ("?" + parts.query if parts.query else "")
                    if key in visited:
                        continue
                    visited.add(key)
                    pattern = pattern_of(parts.path)
                    if seen_patterns.get(pattern, 0) >= PER_PATTERN:
                        continue
                    seen_patterns[pattern] = seen_patterns.get(pattern, 0) + 1
                    driver.get(url)
                    pages += 1
                    if "/login" in driver.current_url and role:
                        problems.append(f"{role}@{width}: {key} sent a signed-in user to the login page")
                        continue
                    doc, win, what, right = driver.execute_script(OVERFLOW_JS)
                    if doc > win + 1:
                        problems.append(f"{role or 'public'}@{width}: {key} is {doc} px wide (window {win}); "
                                        f"sticking out: {what or '?'} to {right} px")
                    # What a reader sees as words: file-format examples (<pre>) and command lines
                    # (<code>) are shown as typed on purpose, so they are left out.
                    text = driver.execute_script(
                        "const b = document.body.cloneNode(true);"
                        "b.querySelectorAll('pre, code, script, style, template').forEach(e => e.remove());"
                        "const holder = document.createElement('div'); holder.style.cssText = 'position:absolute;left:-99999px;width:' + innerWidth + 'px';"
                        "holder.appendChild(b); document.documentElement.appendChild(holder);"
                        "const t = b.innerText; holder.remove(); return t;")
                    for regex, name in INTERNAL:
                        m = regex.search(text)
                        if m:
                            problems.append(f"{role or 'public'}@{width}: {key} shows {name}: {m.group(0)!r}")
                    if shot and seen_patterns[pattern] == 1:
                        shot(driver, f"survey-{role or 'public'}-{width}-{pattern.strip('/').replace('/', '_') or 'home'}")
                    hrefs = driver.execute_script(
                        "return Array.from(document.querySelectorAll('a[href]'), a => a.href)")
                    for href in hrefs:
                        h = urllib.parse.urlsplit(href)
                        if h.netloc != parts.netloc or SKIP.search(h.path) or h.path.startswith("/api/"):
                            continue
                        queue.append(urllib.parse.urlunsplit((h.scheme, h.netloc, h.path, h.query, "")))
                log(f"survey: {role or 'public'} at {width} px: {pages} pages, {len(seen_patterns)} patterns"
                    + (": " + " ".join(sorted(seen_patterns)) if os.environ.get("SURVEY_VERBOSE") else ""))
            finally:
                driver.quit()
    return problems


def main() -> int:
    import browser

    with browser.SpotcheckServer() as server:
        problems = survey(server, lambda w: browser.chromium(w, 800, phone=(w < 400)), "qinghe2024",
                          shot=browser.screenshot)
    for p in problems:
        print(p)
    print(f"page_survey: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
