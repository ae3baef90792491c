#!/usr/bin/env python3
"""Keeps the walls of docs/architecture.md standing (issue 14):

1. the transports (SpotcheckWeb, SpotcheckAPI, the spotcheck executable) never import FluentKit
   or SQLKit: they call the workflow layer, which is the only one that reaches the store;
2. every target declares in Package.swift each module it imports, and imports each product it
   declares (no silent transitive dependencies, no dead ones).

Exits non-zero naming each violation."""
import glob
import re
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
STANDARD = {"Foundation", "FoundationXML", "FoundationEssentials", "Glibc", "Dispatch", "Synchronization", "Testing",
            "XCTest", "Darwin", "_Concurrency"}
problems = []

for target in ("SpotcheckWeb", "SpotcheckAPI", "spotcheck"):
    for path in glob.glob(f"{ROOT}/Sources/{target}/**/*.swift", recursive=True):
        for module in re.findall(r"^import (FluentKit|SQLKit)\b", open(path, encoding="utf-8").read(), re.M):
            problems.append(f"{path[len(ROOT) + 1:]}: imports {module}; call a use case of SpotcheckWorkflow instead")

package = open(f"{ROOT}/Package.swift", encoding="utf-8").read()
targets = re.findall(r'\.(?:target|executableTarget|testTarget)\(\s*name: "([^"]+)",\s*dependencies: \[(.*?)\]\s*,\s*'
                     r"(?:path|resources|swiftSettings|plugins)", package, re.S)
if len(targets) < 8:
    problems.append(f"Package.swift: found only {len(targets)} targets; the checker no longer understands its layout")
for name, dependencies in targets:
    declared = set(re.findall(r'\.product\(name: "([^"]+)"', dependencies)) | set(re.findall(r'"(Spotcheck\w+)"', dependencies))
    folder = f"{ROOT}/Sources/{name}" if glob.glob(f"{ROOT}/Sources/{name}") else f"{ROOT}/Tests/{name}"
    imported = set()
    for path in glob.glob(f"{folder}/**/*.swift", recursive=True):
        imported |= set(re.findall(r"^(?:@testable )?import (\w+)", open(path, encoding="utf-8").read(), re.M))
    imported -= STANDARD
    for module in sorted(imported - declared):
        problems.append(f"{name}: imports {module} without declaring it in Package.swift")
    for module in sorted(declared - imported):
        problems.append(f"{name}: declares {module} in Package.swift but never imports it")

for problem in problems:
    print(problem)
print(f"layers: {len(targets)} targets checked, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
