"""Preparation of an article body for display: heading anchors, table of contents, glossary links, reading
time.

It runs when an article is saved and when the glossary changes (see `Article.prepare_body`), never while a
page is served: the result is stored with the article.
"""

import math
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.text import slugify

from mesoinfo.editorial.text import html_to_text

WORDS_PER_MINUTE = 200
# Ids the article template uses itself: a heading never takes them.
RESERVED_IDS = {
    "contenu", "sommaire", "sources", "questions-liees", "articles-lies", "problemes-de-sante", "essentiel", "preuves",
}  # fmt: skip
# No glossary link inside a link or a heading.
NO_LINK_TAGS = {"a", "h2", "h3"}


@dataclass(frozen=True)
class GlossaryLink:
    """A glossary definition, as the text of one language refers to it."""

    forms: tuple  # the term and its other forms
    url: str


class GlossaryMatcher:
    """Finds glossary terms in text: whole words, a plural s or x allowed, longest term first.

    Acronyms (two capitals or more: AMM, HAS) match only in capitals, so that English "has" is not HAS.
    """

    def __init__(self, links):
        self.urls = {}
        patterns = []
        for link in links:
            for form in link.forms:
                if form and form.lower() not in self.urls:
                    self.urls[form.lower()] = link.url
                    patterns.append(form)
        patterns.sort(key=len, reverse=True)
        alternatives = [
            re.escape(form) if sum(char.isupper() for char in form) >= 2 else f"(?i:{re.escape(form)})"
            for form in patterns
        ]
        self.regex = re.compile(rf"(?<![\w-])(?P<form>{'|'.join(alternatives)})[sx]?(?![\w-])") if patterns else None

    def link_first(self, text, linked):
        """`text` escaped, with the first occurrence of each term not yet in `linked` made a link."""
        if self.regex is None:
            return escape(text, quote=False)
        output, position = [], 0
        for match in self.regex.finditer(text):
            url = self.urls[match.group("form").lower()]
            if url in linked:
                continue
            linked.add(url)
            output.append(escape(text[position : match.start()], quote=False))
            output.append(f'<a class="glossary-link" href="{escape(url)}">{escape(match.group(0), quote=False)}</a>')
            position = match.end()
        output.append(escape(text[position:], quote=False))
        return "".join(output)


class _Preparer(HTMLParser):
    def __init__(self, matcher):
        super().__init__(convert_charrefs=True)
        self.matcher = matcher
        self.output = []
        self.open_tags = []
        self.linked = set()
        self.toc = []
        self.ids = set(RESERVED_IDS)
        self.heading = None  # (tag, attributes, output before the heading, text parts) while inside h2/h3

    @staticmethod
    def _tag(tag, attrs, close=""):
        attributes = "".join(f' {name}="{escape(value or "", quote=True)}"' for name, value in attrs)
        return f"<{tag}{attributes}{close}>"

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3") and self.heading is None:
            self.heading = (tag, attrs, self.output, [])
            self.output = []
            return
        self.output.append(self._tag(tag, attrs))
        if tag not in ("br", "img"):
            self.open_tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.output.append(self._tag(tag, attrs))

    def handle_endtag(self, tag):
        if self.heading is not None and tag == self.heading[0]:
            self._close_heading()
            return
        if tag in self.open_tags:
            while self.open_tags and self.open_tags.pop() != tag:
                pass
        self.output.append(f"</{tag}>")

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[3].append(data)
            self.output.append(escape(data, quote=False))
        elif NO_LINK_TAGS.intersection(self.open_tags):
            self.output.append(escape(data, quote=False))
        else:
            self.output.append(self.matcher.link_first(data, self.linked))

    def _close_heading(self):
        tag, attrs, before, parts = self.heading
        inner, self.output, self.heading = self.output, before, None
        text = " ".join("".join(parts).split())
        anchor = self._unique_id(slugify(text) or "partie")
        self.output.append(self._tag(tag, [*attrs, ("id", anchor)]) + "".join(inner) + f"</{tag}>")
        entry = {"id": anchor, "text": text, "children": []}
        if tag == "h3" and self.toc:
            self.toc[-1]["children"].append(entry)
        else:
            self.toc.append(entry)

    def _unique_id(self, base):
        anchor, number = base, 2
        while anchor in self.ids:
            anchor, number = f"{base}-{number}", number + 1
        self.ids.add(anchor)
        return anchor


def prepare(body, glossary_links=()):
    """The body with anchored headings and glossary links, its table of contents and its reading time."""
    parser = _Preparer(GlossaryMatcher(glossary_links))
    parser.feed(body or "")
    parser.close()
    word_count = len(html_to_text(body).split())
    return {
        "html": "".join(parser.output),
        "toc": parser.toc,
        "minutes": max(1, math.ceil(word_count / WORDS_PER_MINUTE)) if word_count else 0,
    }
