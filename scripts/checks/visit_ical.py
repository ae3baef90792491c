#!/usr/bin/env python3
"""约定时间 and the iCalendar feed (issue 16, "Done when"), against a real demo server.

yjj-01 (an officer of the lead department) proposes a new time for an enterprise on their team
(the demo has agreed visits already); every other department at that enterprise accepts it, so it
is agreed. A second enterprise gets another time that nobody accepts (so it is no longer agreed),
and a third enterprise in the agreed half-day is refused with a message naming the first
enterprise. yjj-01 then generates the feed address; the feed, parsed with Python's `icalendar`,
must list exactly the visits yjj-01's 日程 shows as 已约定 — the new one with its date, time,
place and enterprise, not the second. Revoking the feed makes the address answer 404.
"""
from __future__ import annotations

import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, time

import browser

try:
    import icalendar
except ImportError:  # pragma: no cover - .ci/run installs it
    print("27-visit-ical: the icalendar package is not installed", file=sys.stderr)
    sys.exit(77)


def fail(message: str) -> None:
    print(f"27-visit-ical: {message}", file=sys.stderr)
    sys.exit(1)


class Session:
    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.name = username
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.get("/login")[1]
        token = re.search(r'name="_csrf" value="([^"]*)"', page)
        status, body = self.post("/login", {"username": username, "password": "qinghe2024", "_csrf": token.group(1) if token else ""}, csrf=False)
        if "退出" not in body:
            fail(f"login as {username} failed ({status})")

    def get(self, path: str) -> tuple[int, str]:
        try:
            response = self.opener.open(self.base + path, timeout=30)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, fields: dict[str, str], csrf: bool = True) -> tuple[int, str]:
        if csrf:
            token = re.search(r'name="_csrf" value="([^"]*)"', self.get("/account")[1])
            fields = dict(fields, _csrf=token.group(1) if token else "")
        try:
            response = self.opener.open(self.base + path, data=urllib.parse.urlencode(fields).encode(), timeout=30)
            return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def my_enterprises(self) -> list[str]:
        return sorted(set(re.findall(r'/tasks/1/forms/([0-9A-Z]{18})#visit', self.get("/dashboard")[1])))


def main() -> int:
    with browser.SpotcheckServer() as server:
        base = server.base_url
        lead = Session(base, "yjj-01")
        mine = lead.my_enterprises()
        if len(mine) < 3:
            fail(f"yjj-01 has {len(mine)} enterprises in the demo task; need 3")
        first, second, third = mine[0], mine[1], mine[2]

        status, page = lead.post(f"/tasks/1/forms/{first}/visits", {"date": "2024-07-15", "half_day": "am", "time": "09:30", "place": "企业正门；东侧"})
        if status != 200 or "已提出约定时间" not in page and "约定时间已生效" not in page:
            fail(f"the proposal for {first} was not accepted ({status})")
        for admin in ("scjg-admin", "swj-admin", "xf-admin"):
            other = Session(base, admin)
            form = other.get(f"/tasks/1/forms/{first}")[1]
            found = re.search(r'action="(/tasks/1/forms/' + first + r'/visits/(\d+)/accept)"', form)
            if found:
                status, _ = other.post(found.group(1), {})
                if status != 200:
                    fail(f"{admin} could not accept the visit ({status})")
        agreed_page = lead.get(f"/tasks/1/forms/{first}")[1]
        if "已约定" not in agreed_page or "约定检查时间</th>" not in agreed_page:
            fail("after every department accepted, the visit is not shown as agreed on the 一企一表")
        name = re.search(r'企业名称</th><td colspan="3">([^<]+)</td>', agreed_page)
        if not name:
            fail("the 一企一表 does not show the enterprise's name")
        first_name = name.group(1)

        status, _ = lead.post(f"/tasks/1/forms/{second}/visits", {"date": "2024-07-16", "half_day": "pm", "place": "门口"})
        if status != 200:
            fail(f"the proposal for {second} was refused ({status})")
        status, page = lead.post(f"/tasks/1/forms/{third}/visits", {"date": "2024-07-15", "half_day": "am", "place": "门口"})
        if status != 409 or first_name not in page:
            fail(f"a clash in the same half-day was not refused naming {first_name!r} ({status})")

        status, page = lead.post("/agenda/feed", {})
        path = re.search(r'data-feed-path="([^"]+)"', page)
        if status != 200 or not path:
            fail("no feed address was generated")
        feed = urllib.request.urlopen(base + path.group(1), timeout=30)
        if not feed.headers.get("Content-Type", "").startswith("text/calendar"):
            fail(f"the feed's Content-Type is {feed.headers.get('Content-Type')!r}")
        data = feed.read()
        (browser.artifacts_dir() / "yjj-01.ics").write_bytes(data)
        calendar = icalendar.Calendar.from_ical(data)
        events = [c for c in calendar.walk("VEVENT")]
        agenda = lead.get("/agenda")[1]
        agreed_rows = agenda.count('<span class="mark ok">已约定</span>')
        if agreed_rows < 1 or len(events) != agreed_rows:
            fail(f"the feed lists {len(events)} events; the 日程 shows {agreed_rows} agreed visits")
        second_name = re.search(r'企业名称</th><td colspan="3">([^<]+)</td>', lead.get(f"/tasks/1/forms/{second}")[1]).group(1)
        if any(second_name in str(e.get("SUMMARY")) for e in events):
            fail(f"the feed lists {second_name}, whose new time is not agreed")
        new = [e for e in events if e.decoded("DTSTART").date() == date(2024, 7, 15)]
        if len(new) != 1:
            fail(f"the feed has {len(new)} events on 2024-07-15; expected the one agreed there")
        event = new[0]
        start = event.decoded("DTSTART")
        if start.time() != time(9, 30) or str(start.utcoffset()) != "8:00:00":
            fail(f"the event starts {start!r}, not 2024-07-15 09:30 +08:00")
        if first_name not in str(event.get("SUMMARY")) or str(event.get("LOCATION")) != "企业正门；东侧":
            fail(f"the event says {event.get('SUMMARY')!r} at {event.get('LOCATION')!r}")
        if len({str(e.get("UID")) for e in events}) != len(events) or not str(event.get("UID")).startswith("visit-"):
            fail("the events' UIDs are not distinct visit-… identifiers")

        status, _ = lead.post("/agenda/feed/revoke", {})
        try:
            urllib.request.urlopen(base + path.group(1), timeout=30)
            fail("the revoked feed address still answers")
        except urllib.error.HTTPError as error:
            if error.code != 404:
                fail(f"the revoked feed answers {error.code}, not 404")
    print(f"27-visit-ical: the feed lists exactly the {agreed_rows} agreed visits (with the new one at {first_name}); the clash was refused; revoking works")
    return 0


if __name__ == "__main__":
    sys.exit(main())
