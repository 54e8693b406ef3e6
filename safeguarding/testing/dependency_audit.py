"""`make test`'s dependency audit: pip-audit over the pinned versions in constraints.txt.

A known vulnerability in any pinned package fails the run. Only one thing is forgiven: the
advisory database cannot be reached (no network, or a package index that is a local mirror
without PyPI's vulnerability data), which is said plainly, never passed off as a clean audit.

    python -m safeguarding.testing.dependency_audit [constraints.txt]
"""

from __future__ import annotations

import json
import subprocess  # nosec B404
import sys
import tempfile
from pathlib import Path

UNREACHABLE = ("ConnectionError", "ConnectTimeout", "ReadTimeout", "NameResolutionError",
               "Max retries exceeded", "Temporary failure in name resolution",
               "Network is unreachable", "Connection refused", "timed out")


def audit(constraints: str = "constraints.txt") -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        # A fixed argument list and no shell: nothing from outside reaches the command.
        finished = subprocess.run(  # noqa: S603  # nosec B603
            [sys.executable, "-m", "pip_audit", "--requirement", constraints, "--no-deps",
             "--disable-pip", "--progress-spinner", "off", "--format", "json",
             "--output", str(report)],
            capture_output=True, text=True, timeout=600, check=False)
        found = json.loads(report.read_text()) if report.exists() else None
    return judge(found, finished.stdout, finished.stderr)


def judge(found: dict | None, stdout: str = "", stderr: str = "") -> int:
    """The run's exit status from pip-audit's JSON report (None: it wrote none)."""
    if found is None:
        if any(sign in stderr for sign in UNREACHABLE):
            print("Dependency audit NOT RUN: the advisory database could not be reached "
                  "(no network). Run `make test` where PyPI or OSV is reachable.")
            return 0
        print(stdout, stderr, sep="\n", file=sys.stderr)
        print("Dependency audit failed to run", file=sys.stderr)
        return 1
    dependencies = found.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} "
                  f"(fixed in {', '.join(vuln.get('fix_versions') or ['no release yet'])})",
                  file=sys.stderr)
    if vulnerable:
        print(f"Dependency audit: {len(vulnerable)} pinned packages have known vulnerabilities: "
              "upgrade them in constraints.txt", file=sys.stderr)
        return 1
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        print(f"Dependency audit NOT RUN: none of the {len(dependencies)} pinned packages could "
              "be looked up (the package index here has no vulnerability data). Run `make "
              "test` where PyPI is reachable.")
        return 0
    print(f"Dependency audit: {len(audited)} pinned packages, no known vulnerabilities"
          + (f" ({len(dependencies) - len(audited)} could not be looked up)"
             if len(audited) < len(dependencies) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(audit(*sys.argv[1:]))
