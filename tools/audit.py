"""`make audit`: known vulnerabilities in the pinned requirements, with pip-audit and PyPI's advisory data.

pip-audit asks PyPI for the advisories of each pinned release (/pypi/NAME/VERSION/json). Where that page
is not served (some PyPI mirrors and proxies only serve the project page), a package pinned at its latest
release is checked on its project page instead, whose advisories are those of the latest release. What
could be checked neither way is listed with the reason; AUDIT_STRICT=1 makes that an error. Only a known
vulnerability fails the audit otherwise: a package index that cannot be reached, a page that cannot be
read or a version that cannot be parsed is reported, never a crash.
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]


def normalise(name):
    return name.strip().lower().replace("_", "-").replace(".", "-")


def pins(root=ROOT):
    found = {}
    for name in REQUIREMENTS:
        for line in (root / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-") and "==" in line:
                package, version = line.split("==")
                found[normalise(package)] = version.strip()
    return found


def parse(version):
    try:
        return Version(version)
    except InvalidVersion:
        return None


def newest_of_line(pinned, releases):
    """The newest final release of the pinned version's line (same major and minor), or None.

    Versions are compared parsed, so that 3.20 and 3.20.1 share a line, 3.21 does not, and 2.9.0.post0
    belongs to 2.9. Pre-releases and versions that do not parse are ignored.
    """
    pinned_version = parse(pinned)
    if pinned_version is None:
        return None
    line = pinned_version.release[:2]
    candidates = [
        version
        for version in map(parse, releases)
        if version is not None and not version.is_prerelease and version.release[:2] == line
    ]
    return max(candidates, default=None)


def is_latest(pinned, latest):
    pinned_version, latest_version = parse(pinned), parse(latest)
    if pinned_version is None or latest_version is None:
        return pinned == latest
    return pinned_version == latest_version


def line_note(pinned, page):
    """Why a package pinned below its latest release could not be checked, in one line."""
    latest = page["info"]["version"]
    pinned_version = parse(pinned)
    if pinned_version is None:
        return f"latest {latest}; its version does not parse"
    line = ".".join(str(part) for part in pinned_version.release[:2])
    newest = newest_of_line(pinned, page.get("releases", {}))
    if newest is None:
        return f"latest {latest}; PyPI lists no final release of the {line} line"
    if newest == pinned_version:
        return f"latest {latest}; newest of the {line} line"
    return f"latest {latest}; newest of its line: {newest}"


@dataclass
class Report:
    checked_by_pip_audit: list = field(default_factory=list)
    checked_on_project_page: list = field(default_factory=list)
    unchecked: list = field(default_factory=list)
    vulnerable: list = field(default_factory=list)

    def check_on_project_page(self, name, version, page):
        """Checks a package pip-audit skipped on its project page, or records why it cannot."""
        if page is None:
            self.unchecked.append(f"{name} {version} (its PyPI page could not be read)")
            return
        if not is_latest(version, page["info"]["version"]):
            self.unchecked.append(f"{name} {version} ({line_note(version, page)})")
            return
        self.checked_on_project_page.append(name)
        self.vulnerable += [
            (name, version, vuln["id"], vuln.get("fixed_in"))
            for vuln in page.get("vulnerabilities") or []
            if not vuln.get("withdrawn")
        ]

    def lines(self, total):
        yield f"audit: {total} pinned packages"
        yield f"  checked by pip-audit: {len(self.checked_by_pip_audit)}"
        yield f"  checked on PyPI's project page (pinned at the latest release): {len(self.checked_on_project_page)}"
        if self.unchecked:
            yield f"  not checked: {len(self.unchecked)}"
            yield from (f"    {item}" for item in self.unchecked)
        for name, version, vuln_id, fixed in self.vulnerable:
            yield f"VULNERABLE {name} {version}: {vuln_id}, fixed in {', '.join(fixed or []) or '?'}"

    def status(self, strict):
        if self.vulnerable:
            return 1
        if self.unchecked and strict:
            return 1
        return 0


def project_page(name):
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=60) as response:
            return json.load(response)
    except (OSError, ValueError):
        return None


def run_pip_audit():
    """pip-audit's findings per package, or None when it could not run or wrote no report."""
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [str(pip_audit), "--progress-spinner", "off", "--vulnerability-service", "pypi", "--no-deps"]
        command += ["--disable-pip", "--format", "json", "--output", report.name]
        for name in REQUIREMENTS:
            command += ["-r", str(ROOT / name)]
        try:
            subprocess.run(command, cwd=ROOT, check=False, capture_output=True, text=True, timeout=600)  # noqa: S603
            return json.loads(Path(report.name).read_text())["dependencies"]
        except (OSError, ValueError, KeyError, subprocess.TimeoutExpired):
            return None


def main():
    pinned = pins()
    dependencies = run_pip_audit()
    if dependencies is None:
        print("audit: pip-audit wrote no report; every package is checked on its PyPI project page")
        dependencies = [
            {"name": name, "version": version, "skip_reason": "no report"} for name, version in pinned.items()
        ]
    report = Report()
    for dependency in dependencies:
        name = normalise(dependency["name"])
        version = dependency.get("version") or pinned.get(name, "?")
        if "skip_reason" not in dependency:
            report.checked_by_pip_audit.append(name)
            report.vulnerable += [
                (name, version, vuln["id"], vuln.get("fix_versions")) for vuln in dependency.get("vulns", [])
            ]
        else:
            report.check_on_project_page(name, version, project_page(name))
    for line in report.lines(len(dependencies)):
        print(line)
    strict = os.environ.get("AUDIT_STRICT") == "1"
    status = report.status(strict)
    if report.vulnerable:
        print("known vulnerabilities: update the pins above")
    elif status:
        print("AUDIT_STRICT=1: some packages could not be checked")
    else:
        print("no known vulnerability in what was checked")
    return status


if __name__ == "__main__":
    sys.exit(main())
