"""Helpers for script checks: a headless Chromium driven by Selenium, and the
spotcheck server started on a free loopback port with a throwaway SQLite file.

    import browser                      # scripts/test.sh puts this folder on PYTHONPATH

    with browser.SpotcheckServer() as server, browser.chromium(360, 800, phone=True) as driver:
        driver.get(server.url("/"))
        browser.screenshot(driver, "home-phone")

Everything talks to 127.0.0.1 only. Self-test (no spotcheck binary needed):

    python3 scripts/checks/lib/browser.py --selftest
"""

from __future__ import annotations

import atexit
import contextlib
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

# Selenium Manager would try to download a matching driver/browser from the
# internet when it cannot find one; we always pass Debian's explicitly, and
# this keeps it from ever reaching out if a path is wrong.
os.environ.setdefault("SE_OFFLINE", "true")

HEALTH_PATH = "/api/v1/health"


def _exit_on_sigterm(signum, _frame):
    # Default SIGTERM kills Python without running atexit, which would leave
    # browsers and servers behind; raising SystemExit runs the cleanups.
    sys.exit(128 + signum)


if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)


def free_port() -> int:
    """A loopback port that nothing listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def artifacts_dir() -> Path:
    """Where screenshots and other evidence go (SPOTCHECK_ARTIFACTS_DIR, set by test.sh)."""
    d = Path(os.environ.get("SPOTCHECK_ARTIFACTS_DIR") or Path(tempfile.gettempdir()) / "spotcheck-artifacts")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _find(env: str, names: list[str]) -> str:
    explicit = os.environ.get(env)
    if explicit:
        return explicit
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    raise FileNotFoundError(
        f"none of {names} found (set {env}); run `bash .ci/run --install-only` "
        "or `apt-get install chromium chromium-driver`"
    )


def chromium(width: int = 1280, height: int = 800, *, phone: bool = False,
             pixel_ratio: float = 1.0, lang: str = "zh-CN", extra_args: tuple[str, ...] = ()):
    """A headless Chromium WebDriver whose page viewport is exactly width x height.

    phone=True also turns on mobile emulation (touch events, mobile user agent,
    `<meta name=viewport>` honoured), e.g. chromium(360, 800, phone=True).
    Use it as a context manager, or call .quit(); it is also quit at exit.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = _find("CHROMIUM_BIN", ["chromium", "chromium-browser", "google-chrome"])
    profile = tempfile.mkdtemp(prefix="spotcheck-chromium-")
    for arg in (
        "--headless=new",
        # CI runs as root, where Chromium's sandbox cannot start.
        "--no-sandbox",
        "--disable-gpu",
        # /dev/shm is small in containers; Chromium crashes on big pages without this.
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--metrics-recording-only",
        # A private profile: parallel browsers don't fight over one lock.
        f"--user-data-dir={profile}",
        f"--lang={lang}",
        f"--window-size={width},{height}",
        *extra_args,
    ):
        opts.add_argument(arg)
    if phone:
        opts.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": pixel_ratio,
                              "mobile": True, "touch": True},
            "userAgent": ("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 "
                          "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"),
        })
    service = Service(executable_path=_find("CHROMEDRIVER", ["chromedriver"]),
                      log_output=str(artifacts_dir() / "chromedriver.log"))
    driver = webdriver.Chrome(options=opts, service=service)
    if not phone:
        # --window-size sizes the window, not the page; make the viewport exact.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": pixel_ratio, "mobile": False,
        })

    quit_original = driver.quit
    done = False

    def quit_and_clean() -> None:
        nonlocal done
        if done:
            return
        done = True
        with contextlib.suppress(Exception):
            quit_original()
        shutil.rmtree(profile, ignore_errors=True)

    driver.quit = quit_and_clean  # type: ignore[method-assign]
    atexit.register(quit_and_clean)
    return driver


def screenshot(driver, name: str) -> Path:
    """Save a PNG of the viewport under the artifacts folder and return its path."""
    path = artifacts_dir() / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def wait_http(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    """Poll url until it answers 2xx; fail early if proc has exited."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if 200 <= resp.status < 300:
                    return
                last = f"HTTP {resp.status}"
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code}"
        except OSError as e:
            last = str(e)
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s ({last})")


class SpotcheckServer:
    """`spotcheck serve --demo` on a free 127.0.0.1 port with a fresh SQLite file.

        with SpotcheckServer() as server:
            urllib.request.urlopen(server.url("/api/v1/health"))

    The binary is $SPOTCHECK_BIN (set by scripts/test.sh). Its output goes to
    <artifacts>/server-<port>.log, whose tail is shown if startup fails.
    Stopped at exit even if the check forgets to.
    """

    def __init__(self, binary: str | None = None, *, demo: bool = True,
                 extra_args: tuple[str, ...] = (), env: dict[str, str] | None = None,
                 startup_timeout: float = 90.0) -> None:
        self.binary = binary or os.environ.get("SPOTCHECK_BIN") or ""
        self.demo = demo
        self.extra_args = tuple(extra_args)
        self.env = env
        self.startup_timeout = startup_timeout
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.tmpdir: str | None = None
        self.log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    @property
    def database_path(self) -> str:
        assert self.tmpdir is not None
        return os.path.join(self.tmpdir, "spotcheck.sqlite")

    def start(self) -> "SpotcheckServer":
        if not self.binary or not os.access(self.binary, os.X_OK):
            raise FileNotFoundError(f"spotcheck binary not found: {self.binary!r} (set SPOTCHECK_BIN)")
        self.tmpdir = tempfile.mkdtemp(prefix="spotcheck-server-")
        atexit.register(self.stop)
        # The port can be taken between picking and binding; try a few.
        for attempt in range(3):
            self.port = free_port()
            self.log_path = artifacts_dir() / f"server-{self.port}.log"
            cmd = [self.binary, "serve", "--port", str(self.port), "--hostname", "127.0.0.1",
                   "--database", f"sqlite://{self.database_path}", *self.extra_args]
            if self.demo:
                cmd.insert(2, "--demo")
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(
                    cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    env={**os.environ, **(self.env or {})},
                    # Same process group as the check: when test.sh's timeout or
                    # Ctrl-C signals the group, the server goes down with it.
                )
            try:
                wait_http(self.url(HEALTH_PATH), self.startup_timeout, self.proc)
                return self
            except Exception as e:  # noqa: BLE001 - reported with the log below
                tail = self.log_tail()
                self._kill()
                if attempt < 2 and "address already in use" in tail.lower():
                    continue
                raise RuntimeError(f"spotcheck server did not start: {e}\n--- {self.log_path} ---\n{tail}") from e
        raise AssertionError("unreachable")

    def log_tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _kill(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # graceful shutdown first
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        self._kill()
        if self.tmpdir and not os.environ.get("SPOTCHECK_KEEP_TMP"):
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None

    def __enter__(self) -> "SpotcheckServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextlib.contextmanager
def static_server(directory: str):
    """Serve a folder on a free 127.0.0.1 port (for pages that need http://)."""
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=directory, **kw)

        def log_message(self, format, *args):  # noqa: A002 - keep check output readable
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _selftest() -> int:
    """Proves Chromium + chromedriver + Selenium work here, without spotcheck."""
    from selenium.webdriver.common.by import By

    with tempfile.TemporaryDirectory() as site:
        Path(site, "index.html").write_text(
            '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            '<title>selftest</title><h1 id="t">双随机、一公开</h1>'
            '<button id="b" onclick="this.textContent=\'ok\'">go</button>',
            encoding="utf-8",
        )
        with static_server(site) as base:
            for phone in (False, True):
                w, h = (360, 800) if phone else (1280, 800)
                driver = chromium(w, h, phone=phone)
                try:
                    driver.get(base + "/index.html")
                    assert driver.title == "selftest", driver.title
                    assert driver.find_element(By.ID, "t").text == "双随机、一公开"
                    driver.find_element(By.ID, "b").click()
                    assert driver.find_element(By.ID, "b").text == "ok"
                    size = driver.execute_script("return [window.innerWidth, window.innerHeight]")
                    assert size == [w, h], f"viewport {size} != {[w, h]}"
                    shot = screenshot(driver, f"selftest-{'phone' if phone else 'desktop'}")
                    print(f"selftest: {'phone' if phone else 'desktop'} viewport {size[0]}x{size[1]} ok, {shot}")
                finally:
                    driver.quit()
    print("selftest: ok")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--selftest"]:
        sys.exit(_selftest())
    print(__doc__)
    sys.exit(2)
