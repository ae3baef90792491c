"""Issue 13 item 16: schemathesis against Sources/SpotcheckAPI/openapi.yaml on the demo.

Two runs with a fixed seed, one per token: a department admin (清河县应急管理局's `yjj-admin`)
and the office admin (`office`). Each run fails on any 5xx and on any response that does not
match the spec (status code, content type, body schema, headers), and on a method a path does not
have answered with anything but 405 + Allow. The department admin runs first: the office's run
changes users and departments, and must not be able to disable the other token's user first.

Nothing is excluded: every operation is fuzzed with both tokens (an operation a role may not call
is still checked to answer a declared 401/403, not a 5xx).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import browser

SEED = 20241213
# Cases per operation and phase; ~60 operations x (fuzzing + coverage + stateful) is a few hundred
# to a few thousand requests per token, about a minute each on the debug build.
MAX_EXAMPLES = 10
CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
    "unsupported_method",
])
REPO = Path(os.environ.get("SPOTCHECK_REPO_ROOT") or Path(__file__).resolve().parents[2])
SPEC = REPO / "Sources" / "SpotcheckAPI" / "openapi.yaml"


def main() -> int:
    try:
        import schemathesis  # noqa: F401 - presence check; the CLI runs in a child process
    except ImportError:
        print("api fuzz: SKIP — schemathesis is not installed for this python3 (.ci/run installs it)")
        return 77
    artifacts = browser.artifacts_dir() / "api-fuzz"
    artifacts.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with browser.SpotcheckServer() as server:
        failed = []
        for login in ("yjj-admin", "office"):
            token = subprocess.run(
                [server.binary, "token", "create", login, "--name", "schemathesis",
                 "--database", f"sqlite://{server.database_path}"],
                check=True, capture_output=True, text=True, timeout=60).stdout.strip()
            assert token.startswith("sct_"), f"token create printed {token!r}"
            log = artifacts / f"schemathesis-{login}.txt"
            cmd = [
                sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()",
                "run", str(SPEC),
                "--url", server.url("/api/v1"),
                "--header", f"Authorization: Bearer {token}",
                "--seed", str(SEED),
                "--max-examples", str(MAX_EXAMPLES),
                "--checks", CHECKS,
                "--workers", "1",
                "--continue-on-failure",
                "--no-shrink",
                "--request-timeout", "20",
                "--suppress-health-check", "all",
                "--warnings", "off",
                "--report", "junit",
                "--report-junit-path", str(artifacts / f"junit-{login}.xml"),
            ]
            t0 = time.monotonic()
            with open(log, "w") as out:
                # In the artifacts folder: schemathesis keeps its example database in ./.schemathesis.
                rc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, timeout=240, cwd=artifacts,
                                    env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false", "NO_COLOR": "1"}).returncode
            text = log.read_text(errors="replace")
            summary = [line for line in text.splitlines() if "generated" in line or line.startswith("=")]
            print(f"api fuzz as {login}: exit {rc} in {time.monotonic() - t0:.0f}s; {' '.join(summary[-2:]).strip()}")
            if rc != 0:
                failed.append(login)
                # The failures section names each operation, the check and a curl to reproduce it.
                print("\n".join(text.splitlines()[-150:]))
                print(f"--- server log tail ---\n{server.log_tail(30)}")
    print(f"api fuzz: {time.monotonic() - started:.0f}s in all; logs in {artifacts}")
    if failed:
        print(f"api fuzz: FAILED for {', '.join(failed)}: expected no 5xx and every response as openapi.yaml declares it")
        return 1
    print("api fuzz: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
