"""The French interface is complete, and the compiled catalogues match their sources."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ENTRY_RE = re.compile(r'^(#,[^\n]*\n)?msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', re.MULTILINE)


def entries(po_file):
    text = po_file.read_text(encoding="utf-8")
    for match in ENTRY_RE.finditer(text):
        flags, msgid, msgstr = match.groups()
        join = lambda lines: "".join(re.findall(r'"(.*)"', lines))  # noqa: E731
        yield flags or "", join(msgid), join(msgstr)


def test_french_catalogue_is_complete_and_not_fuzzy():
    problems = []
    catalogue = list(entries(LOCALE / "fr" / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 50, "the catalogue could not be read"
    for flags, msgid, msgstr in catalogue:
        if not msgid:
            continue  # the header
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid}")
        if not msgstr:
            problems.append(f"untranslated: {msgid}")
    assert not problems, problems


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("language", ["fr", "en"])
def test_compiled_catalogue_is_in_step(tmp_path, language):
    source = LOCALE / language / "LC_MESSAGES" / "django.po"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", compiled, source], check=True)
    assert compiled.read_bytes() == (source.with_suffix(".mo")).read_bytes(), "run: make compilemessages"
