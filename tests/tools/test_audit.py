"""The dependency audit compares parsed versions and reports what it cannot check instead of crashing."""

from packaging.version import Version

from tools.audit import Report, line_note, newest_of_line


def page(latest, releases, vulnerabilities=()):
    return {
        "info": {"version": latest},
        "releases": {release: [] for release in releases},
        "vulnerabilities": list(vulnerabilities),
    }


def test_a_two_part_version_is_its_own_line():
    assert newest_of_line("3.20", ["3.19", "3.20", "3.21"]) == Version("3.20")
    assert line_note("3.20", page("3.21", ["3.19", "3.20", "3.21"])) == "latest 3.21; newest of the 3.20 line"


def test_a_three_part_version_finds_the_newest_patch_of_its_line():
    assert newest_of_line("1.2.3", ["1.2.3", "1.2.4", "1.3.0", "1.2.5rc1"]) == Version("1.2.4")
    assert line_note("1.2.3", page("1.3.0", ["1.2.3", "1.2.4", "1.3.0"])) == "latest 1.3.0; newest of its line: 1.2.4"


def test_a_post_release_belongs_to_its_line():
    releases = ["2.8.2", "2.9.0", "2.9.0.post0", "4.0.0", "not-a-version"]
    assert newest_of_line("2.9.0.post0", releases) == Version("2.9.0.post0")
    assert line_note("2.9.0.post0", page("4.0.0", releases)) == "latest 4.0.0; newest of the 2.9 line"


def test_a_page_without_a_release_of_the_pinned_line_is_reported():
    assert newest_of_line("3.20", ["4.0", "4.1"]) is None
    assert line_note("3.20", page("4.1", ["4.0", "4.1"])) == "latest 4.1; PyPI lists no final release of the 3.20 line"
    assert newest_of_line("not a version", ["1.0"]) is None


def test_a_package_below_its_latest_release_is_listed_unchecked_and_does_not_fail():
    report = Report()
    report.check_on_project_page("idna", "3.20", page("3.21", ["3.20", "3.21"]))
    assert report.unchecked == ["idna 3.20 (latest 3.21; newest of the 3.20 line)"]
    assert report.status(strict=False) == 0
    assert report.status(strict=True) == 1


def test_an_unreadable_page_is_listed_unchecked():
    report = Report()
    report.check_on_project_page("idna", "3.21", None)
    assert report.unchecked == ["idna 3.21 (its PyPI page could not be read)"]
    assert report.status(strict=False) == 0


def test_a_known_vulnerability_of_the_latest_release_fails_the_audit():
    vulnerability = {"id": "PYSEC-0000-1", "fixed_in": ["3.22"], "withdrawn": None}
    withdrawn = {"id": "PYSEC-0000-2", "fixed_in": [], "withdrawn": "2026-01-01"}
    report = Report()
    report.check_on_project_page("idna", "3.21", page("3.21", ["3.21"], [vulnerability, withdrawn]))
    assert report.checked_on_project_page == ["idna"]
    assert report.vulnerable == [("idna", "3.21", "PYSEC-0000-1", ["3.22"])]
    assert report.status(strict=False) == 1
    assert "VULNERABLE idna 3.21: PYSEC-0000-1, fixed in 3.22" in list(report.lines(1))
