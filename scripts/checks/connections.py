"""Raw-socket checks of the server's connection handling; see 15-connections.sh."""

from __future__ import annotations

import socket
import sys
import time

import browser

IDLE_TIMEOUT = 2  # seconds, passed to `serve --idle-timeout`


def connect(server: browser.SpotcheckServer) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    s.settimeout(10)
    return s


def read_until_closed(s: socket.socket, limit: float) -> tuple[bytes, float]:
    """Everything the server sends until it closes; fails if it stays open past `limit` s."""
    started = time.monotonic()
    data = b""
    s.settimeout(limit)
    while True:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            raise AssertionError(f"connection still open after {limit} s; received {data[:200]!r}")
        if not chunk:
            return data, time.monotonic() - started
        data += chunk


def check_http10_closes(server: browser.SpotcheckServer) -> None:
    s = connect(server)
    s.sendall(b"GET /api/v1/health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
    data, seconds = read_until_closed(s, IDLE_TIMEOUT * 0.75)
    assert data.startswith(b"HTTP/1.") and b" 200 " in data.split(b"\r\n", 1)[0], data[:200]
    print(f"ok: HTTP/1.0 answered and closed after {seconds:.2f} s")
    s.close()


def check_trickled_head_is_cut(server: browser.SpotcheckServer) -> None:
    s = connect(server)
    s.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    started = time.monotonic()
    closed_after = None
    # One header byte every 0.3 s: never idle by bytes, but the head never completes.
    while time.monotonic() - started < IDLE_TIMEOUT * 4:
        try:
            s.sendall(b"X")
        except OSError:
            closed_after = time.monotonic() - started
            break
        s.settimeout(0.3)
        try:
            if s.recv(1024) == b"":
                closed_after = time.monotonic() - started
                break
        except socket.timeout:
            pass
    assert closed_after is not None, f"a never-finished request head was kept open for {IDLE_TIMEOUT * 4} s"
    print(f"ok: a trickled request head was cut off after {closed_after:.2f} s")
    s.close()


def check_declared_body_refused_unread(server: browser.SpotcheckServer) -> None:
    s = connect(server)
    s.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: 19922944\r\n\r\n")
    s.settimeout(5)
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(65536)
        assert chunk, f"closed without an answer; got {head!r}"
        head += chunk
    status = head.split(b"\r\n", 1)[0]
    assert b" 413 " in status, f"expected 413 before the body was sent, got {status!r}"
    print("ok: a 19 MB anonymous POST is refused with 413 before its body is read")
    s.close()


def main() -> int:
    with browser.SpotcheckServer(extra_args=("--idle-timeout", str(IDLE_TIMEOUT))) as server:
        check_http10_closes(server)
        check_trickled_head_is_cut(server)
        check_declared_body_refused_unread(server)
        # Still serving after all of it.
        s = connect(server)
        s.sendall(b"GET /api/v1/health HTTP/1.0\r\n\r\n")
        data, _ = read_until_closed(s, 5)
        assert b" 200 " in data.split(b"\r\n", 1)[0], data[:200]
    print("connections: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
