"""The site's stylesheet parses as written: every block closes, and the screen rules are not swallowed by a
print or dark-scheme block left open (as a merge of two additions can leave it)."""

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


def top_level_selectors(css):
    """The selectors of the rules written at the top level of the stylesheet (outside any @media block)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    depth, start, selectors = 0, 0, []
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selectors.append(css[start:index].strip())
            depth += 1
        elif char == "}":
            depth -= 1
            assert depth >= 0, f"a closing brace without its block near: {css[max(0, index - 80) : index]!r}"
            start = index + 1
        elif char == ";" and depth == 0:
            start = index + 1
    assert depth == 0, "a block is left open"
    return selectors


def test_every_block_closes_and_the_screen_rules_stand_at_the_top_level():
    selectors = top_level_selectors(STYLESHEET.read_text())
    for rule in (".home-start h1", ".trust-summary", ".feedback-form button"):
        assert rule in selectors, f"{rule} is inside another block"
