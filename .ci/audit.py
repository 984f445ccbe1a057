"""`make audit`: known vulnerabilities in the pinned requirements, with pip-audit and PyPI's advisory data.

pip-audit asks PyPI for the advisories of each pinned release (/pypi/NAME/VERSION/json). Where that page
is not served (some PyPI mirrors and proxies only serve the project page), a package pinned at its latest
release is checked on its project page instead, whose advisories are those of the latest release. What
could be checked neither way is listed; AUDIT_STRICT=1 makes it an error. Exit 1 on any known
vulnerability.
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]


def pins():
    found = {}
    for name in REQUIREMENTS:
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-") and "==" in line:
                package, version = line.split("==")
                found[package.strip().lower().replace("_", "-").replace(".", "-")] = version.strip()
    return found


def project_page(name):
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=60) as response:
        return json.load(response)


def main():
    pip_audit = Path(sys.executable).with_name("pip-audit")
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [str(pip_audit), "--progress-spinner", "off", "--vulnerability-service", "pypi", "--no-deps"]
        command += ["--disable-pip", "--format", "json", "--output", report.name]
        for name in REQUIREMENTS:
            command += ["-r", str(ROOT / name)]
        subprocess.run(command, cwd=ROOT, check=False, capture_output=True, text=True)  # noqa: S603
        dependencies = json.loads(Path(report.name).read_text() or '{"dependencies": []}')["dependencies"]
    vulnerable, by_pip_audit, by_project_page, unchecked = [], [], [], []
    pinned = pins()
    for dependency in dependencies:
        name = dependency["name"].lower()
        version = dependency.get("version") or pinned.get(name, "?")
        if "skip_reason" not in dependency:
            by_pip_audit.append(name)
            vulnerable += [(name, version, vuln["id"], vuln.get("fix_versions")) for vuln in dependency["vulns"]]
            continue
        page = project_page(name)
        latest = page["info"]["version"]
        if latest != version:
            line = ".".join(version.split(".")[:2])
            newest = max(
                Version(v) for v in page["releases"] if v.startswith(f"{line}.") and not Version(v).is_prerelease
            )
            note = f"newest of the {line} line" if str(newest) == version else f"newest of its line: {newest}"
            unchecked.append(f"{name} {version} (latest {latest}; {note})")
            continue
        by_project_page.append(name)
        vulnerable += [
            (name, version, vuln["id"], vuln.get("fixed_in"))
            for vuln in page.get("vulnerabilities", [])
            if not vuln.get("withdrawn")
        ]
    print(f"audit: {len(dependencies)} pinned packages")
    print(f"  checked by pip-audit: {len(by_pip_audit)}")
    print(f"  checked on PyPI's project page (pinned at the latest release): {len(by_project_page)}")
    if unchecked:
        print(f"  not checked (no advisory data for that release from this PyPI): {len(unchecked)}")
        for item in unchecked:
            print(f"    {item}")
    for name, version, vuln_id, fixed in vulnerable:
        print(f"VULNERABLE {name} {version}: {vuln_id}, fixed in {', '.join(fixed or []) or '?'}")
    if vulnerable:
        return 1
    if unchecked and os.environ.get("AUDIT_STRICT") == "1":
        print("AUDIT_STRICT=1: some packages could not be checked")
        return 1
    print("no known vulnerability in what was checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
