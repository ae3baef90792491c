#!/usr/bin/env python3
"""A local receiver for spotcheck's webhooks, for trying the channels and for check 28.

    python3 scripts/webhook_receiver.py --port 9000 --secret demo-secret

Paths:
  /wecom, /dingtalk  answer like the robots ({"errcode":0,"errmsg":"ok"}) and print the markdown.
  /generic           checks X-Spotcheck-Signature (HMAC-SHA256 over "<timestamp>.<body>" with
                     --secret) and refuses a bad one with 401.
  /flaky             as /generic, but answers 500 to the first two posts of each message.
  /slow              as /generic, but waits --slow seconds before answering.
Every post is acted on once per idempotency key (X-Spotcheck-Delivery, or the payload's id):
a repeat is answered 200 and counted as a duplicate. GET /log returns what arrived as JSON.
"""
import argparse
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Log:
    def __init__(self):
        self.lock = threading.Lock()
        self.posts = []          # every post, in order: path, key, status answered
        self.acted = {}          # key -> payload, first accepted post only
        self.duplicates = []     # keys posted again after being acted on
        self.bad_signatures = 0
        self.attempts = {}       # (path, key) -> posts seen

    def snapshot(self):
        with self.lock:
            return {"posts": list(self.posts), "acted": dict(self.acted), "duplicates": list(self.duplicates),
                    "bad_signatures": self.bad_signatures}


def make_handler(log, secret, slow):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def answer(self, status, body):
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up (timed out, or was killed): it will send again

        def do_GET(self):
            if self.path == "/log":
                return self.answer(200, log.snapshot())
            self.answer(404, {"error": "not found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            path = self.path.split("?")[0]
            try:
                payload = json.loads(body)
            except ValueError:
                return self.answer(400, {"error": "not json"})
            key = self.headers.get("X-Spotcheck-Delivery") or payload.get("id") or ""
            with log.lock:
                seen = log.attempts.get((path, key), 0) + 1
                log.attempts[(path, key)] = seen
            if path in ("/generic", "/flaky", "/slow"):
                timestamp = self.headers.get("X-Spotcheck-Timestamp", "")
                expected = "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(expected, self.headers.get("X-Spotcheck-Signature", "")):
                    with log.lock:
                        log.bad_signatures += 1
                        log.posts.append({"path": path, "key": key, "status": 401})
                    return self.answer(401, {"error": "bad signature"})
            if path == "/flaky" and seen <= 2:
                with log.lock:
                    log.posts.append({"path": path, "key": key, "status": 500})
                return self.answer(500, {"error": "try again"})
            if path == "/slow":
                time.sleep(slow)
            with log.lock:
                log.posts.append({"path": path, "key": key, "status": 200})
                if key in log.acted:
                    log.duplicates.append(key)
                else:
                    log.acted[key] = {"path": path, "payload": payload, "query": self.path.partition("?")[2]}
            if path in ("/wecom", "/dingtalk"):
                print(f"[{path}] {payload.get('markdown', {}).get('content', '')[:200]}", flush=True)
                return self.answer(200, {"errcode": 0, "errmsg": "ok"})
            print(f"[{path}] {payload.get('title')} → {payload.get('recipient')}", flush=True)
            self.answer(200, {"ok": True})

    return Handler


def serve(port, secret, slow=5.0):
    log = Log()
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(log, secret, slow))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, log


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--secret", default="demo-secret")
    parser.add_argument("--slow", type=float, default=5.0)
    args = parser.parse_args()
    server, _ = serve(args.port, args.secret, args.slow)
    print(f"webhook receiver on http://127.0.0.1:{args.port} (secret {args.secret!r}); Ctrl-C to stop", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()
