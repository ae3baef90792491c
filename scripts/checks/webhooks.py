#!/usr/bin/env python3
"""Webhook delivery end to end (issue 17, "Done when"), with the real binary and a local receiver.

1. Without the operator's allowance, a channel at http://127.0.0.1 or https://169.254.169.254 is
   refused with a message naming the range.
2. With `--webhook-allow-host 127.0.0.1` (and SPOTCHECK_WEBHOOK_ALLOW_HOSTS for the CLI):
   yjj's department group gets a 企业微信-style channel, yjj-admin a signed generic one, and scjg's
   group a generic one whose receiver fails twice before it succeeds.
3. A new task is drawn from the CLI while no server runs (the messages wait in the outbox). The
   server then starts and delivers: exactly one acted-on post per delivery, every generic post
   with a valid HMAC-SHA256 signature, the flaky receiver's deliveries after three attempts each.
4. The server is stopped between enqueue and delivery (a test message queued while it is down)
   and, separately, killed with SIGKILL while the receiver holds a post; after each restart the
   message is delivered, and the receiver acts on it exactly once (its idempotency key).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import webhook_receiver  # noqa: E402
import browser  # noqa: E402

BIN = os.environ.get("SPOTCHECK_BIN") or sys.exit("SPOTCHECK_BIN is not set (run through scripts/test.sh)")
SECRET = "check-28-secret"
T0 = time.monotonic()


def say(text: str) -> None:
    print(f"webhooks: [{time.monotonic() - T0:5.1f}s] {text}", flush=True)


def fail(text: str) -> None:
    print(f"28-webhooks: {text}", file=sys.stderr)
    sys.exit(1)


work = tempfile.mkdtemp(prefix="spotcheck-webhooks-")
DB = f"sqlite://{work}/spotcheck.sqlite"


def cli(*args: str, allow: bool = True, check: bool = True, database: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("SPOTCHECK_WEBHOOK_ALLOW_HOSTS", None)
    if allow:
        env["SPOTCHECK_WEBHOOK_ALLOW_HOSTS"] = "127.0.0.1"
    done = subprocess.run([BIN, *args, *(["--database", DB] if database else [])], capture_output=True, text=True, env=env, timeout=300)
    if check and done.returncode != 0:
        fail(f"spotcheck {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done


def deliveries(status: str | None = None) -> list[dict]:
    args = ["messages", "deliveries", "--json"] + (["--status", status] if status else [])
    return json.loads(cli(*args).stdout)["items"]


class Server:
    def __init__(self) -> None:
        self.port = browser.free_port()
        self.proc: subprocess.Popen | None = None
        self.log = browser.artifacts_dir() / f"webhooks-server-{self.port}.log"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [BIN, "serve", "--database", DB, "--port", str(self.port), "--webhook-allow-host", "127.0.0.1",
                 "--delivery-backoff", "1", "--webhook-timeout", "3", "--digest-time", "off"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env={k: v for k, v in os.environ.items() if k != "SPOTCHECK_WEBHOOK_ALLOW_HOSTS"})
        browser.wait_http(f"http://127.0.0.1:{self.port}/api/v1/health", 90, self.proc)

    def stop(self, hard: bool = False) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
            self.proc.wait(timeout=30)


def wait_until(what: str, predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    fail(f"timed out waiting for {what}")


receiver, log = webhook_receiver.serve(browser.free_port(), SECRET, slow=2.5)
hook = f"http://127.0.0.1:{receiver.server_address[1]}"

cli("demo")
say("demo seeded")

# 1. Refused without the operator's allowance, with the reason.
for url, words in [(f"{hook}/generic", "https://"), ("https://127.0.0.1/hook", "本机回环地址"),
                   ("https://169.254.169.254/latest/meta-data/", "云服务器元数据地址")]:
    refused = cli("messages", "set-channel", "--user", "yjj-admin", "--department", "--kind", "wecom", "--url", url,
                  allow=False, check=False)
    if refused.returncode == 0 or words not in refused.stderr:
        fail(f"{url} was not refused with「{words}」: {refused.stdout}{refused.stderr}")
say("127.0.0.1 and 169.254.169.254 refused without the allowance")

# 2. Channels, allowed for the local receiver.
cli("messages", "set-channel", "--user", "yjj-admin", "--department", "--kind", "wecom", "--url", f"{hook}/wecom?key=ROBOTKEY")
cli("messages", "set-channel", "--user", "yjj-admin", "--kind", "generic", "--url", f"{hook}/generic", "--secret", SECRET)
cli("messages", "set-channel", "--user", "scjg-admin", "--department", "--kind", "generic", "--url", f"{hook}/flaky", "--secret", SECRET)
listed = cli("messages", "channels", "--user", "yjj-admin", "--department").stdout
if "ROBOTKEY" in listed or SECRET in listed:
    fail("a channel listing showed the robot's key or the secret")

# 3. A dispatch while no server runs: the messages wait in the outbox.
plan = json.loads(cli("task", "template", database=False).stdout)
plan.update(document_number="清双随机办〔2026〕28号", title="消息推送检查", period_start="2026-12-07", period_end="2026-12-18")
Path(work, "plan.json").write_text(json.dumps(plan, ensure_ascii=False))
cli("task", "create", "--file", f"{work}/plan.json", "--off-plan-reason", "消息推送检查")
cli("task", "publish", "清双随机办〔2026〕28号")
cli("task", "draw", "清双随机办〔2026〕28号", "--entropy", "check-28")
pending = deliveries("pending")
kinds = {}
for d in pending:
    kinds.setdefault(d["channel"], []).append(d)
if len(pending) < 3 or len(kinds) != 3:
    fail(f"expected pending deliveries on all three channels after the draw, got {len(pending)} on {len(kinds)}")
if log.snapshot()["posts"]:
    fail("something was posted before the server started")
say(f"draw queued {len(pending)} deliveries on 3 channels; nothing sent yet")

server = Server()
server.start()
expected = {d["key"] for d in pending}
wait_until("every queued delivery to be delivered",
           lambda: not [d for d in deliveries() if d["key"] in expected and d["status"] != "delivered"], timeout=90)
snap = log.snapshot()
acted = snap["acted"]
if set(acted) & expected != expected:
    fail(f"not every delivery reached the receiver: missing {sorted(expected - set(acted))[:3]}")
if snap["duplicates"] or snap["bad_signatures"]:
    fail(f"duplicates {snap['duplicates']} or bad signatures {snap['bad_signatures']}")
for d in pending:
    posts = [p for p in snap["posts"] if p["key"] == d["key"]]
    path = acted[d["key"]]["path"]
    want = 3 if path == "/flaky" else 1
    if len(posts) != want or [p["status"] for p in posts][-1] != 200:
        fail(f"delivery {d['key']} to {path}: posts {posts}, expected {want} ending in 200")
    payload = acted[d["key"]]["payload"]
    if path == "/wecom":
        content = payload["markdown"]["content"]
        if payload.get("msgtype") != "markdown" or d["key"] not in content or "待确认" not in content:
            fail(f"企业微信 payload not as documented: {payload}")
        if acted[d["key"]]["query"] != "key=ROBOTKEY":
            fail("the robot's key was not kept in the address")
    else:
        if payload.get("id") != d["key"] or payload.get("kind") != "dispatched":
            fail(f"generic payload without its idempotency key or kind: {payload}")
flaky = [d for d in deliveries("delivered") if d["key"] in expected and acted[d["key"]]["path"] == "/flaky"]
if not flaky or any(d["attempts"] != 3 for d in flaky):
    fail(f"the flaky receiver's deliveries should show 3 attempts: {flaky}")
say(f"{len(expected)} deliveries, each acted on once, signatures valid; flaky ones after 3 attempts")

# 4a. Stopped between enqueue and delivery: queued while down, delivered once after the restart.
server.stop()
channel_id = next(d["channel"] for d in pending if acted[d["key"]]["path"] == "/generic")
cli("messages", "test-channel", str(channel_id), "--user", "yjj-admin")
test_key = next(d["key"] for d in deliveries("pending"))
server.start()
wait_until("the queued test message", lambda: test_key in log.snapshot()["acted"], timeout=60)
say("stopped between enqueue and delivery: delivered after the restart")

# 4b. Killed mid-delivery: the receiver holds the post; SIGKILL; restart; the lease expires and
# the post is sent again with the same key, which the receiver acts on once.
cli("messages", "set-channel", "--user", "yjj-admin", "--kind", "generic", "--url", f"{hook}/slow", "--secret", SECRET)
cli("messages", "test-channel", str(channel_id), "--user", "yjj-admin")
slow_key = wait_until("the slow post to arrive",
                      lambda: next((key for (path, key) in list(log.attempts) if path == "/slow"), None), timeout=30)
server.stop(hard=True)
say("server killed while the receiver held the post")
time.sleep(3)  # the receiver finishes acting on the first post
server.start()
# The dead sender's lease (timeout 3 s + 10 s) must pass before the new process sends again.
wait_until("the killed delivery to be marked delivered",
           lambda: any(d["key"] == slow_key and d["status"] == "delivered" for d in deliveries()), timeout=60)
snap = log.snapshot()
slow_posts = [p for p in snap["posts"] if p["key"] == slow_key]
if slow_key not in snap["acted"] or len(slow_posts) < 2:
    fail(f"killed delivery: expected the post to be sent again after the restart, posts {slow_posts}")
if slow_key not in snap["duplicates"]:
    fail("the resent post after the kill was not recognised as the same message")
server.stop()
say(f"killed mid-delivery: sent {len(slow_posts)} times, acted on once (idempotency key {slow_key})")
print(f"webhooks: ok — {len(expected) + 2} deliveries, each acted on exactly once")
