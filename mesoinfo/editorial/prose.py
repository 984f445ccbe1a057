"""Preparation of a page's rich text for display: heading anchors, table of contents, glossary links, reading
time, and the figures of uploaded images with their renditions.

It runs when a page is saved and when the glossary or an image changes (see `Publishable.prepare_text`),
never while a page is served: the result is stored with the page.
"""

import math
import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from django.utils.text import slugify
from django.utils.translation import get_language

from mesoinfo.editorial import typography
from mesoinfo.editorial.text import html_to_text

WORDS_PER_MINUTE = 200
# Ids the article template uses itself: a heading never takes them.
RESERVED_IDS = {
    "contenu", "sommaire", "sources", "questions-liees", "articles-lies", "problemes-de-sante", "essentiel", "preuves",
}  # fmt: skip
# No glossary link inside a link or a heading.
NO_LINK_TAGS = {"a", "h2", "h3"}
# The width an uploaded image takes in the text column, for the browser to choose a rendition (srcset).
FIGURE_SIZES = "(min-width: 48rem) 46rem, 100vw"


@dataclass(frozen=True)
class FigureImage:
    """An uploaded image as the texts show it: its renditions, its alternative text in each language, its credit.

    Pages give them to `prepare` by the address the editor put in the text (`<img src>`); the figure is then
    rendered with a <picture> (WebP and the original format, at several widths), the alternative text of the
    language being prepared and the credit under the caption.
    """

    src: str  # the fallback rendition's address, for browsers that ignore srcset
    srcset: str  # the renditions in the original format
    webp_srcset: str  # the WebP renditions; empty when the original is WebP already
    width: int
    height: int
    alts: tuple  # ((language, text), …)
    credit: str
    thumbnail: str = ""  # the smallest rendition, for lists in the admin

    def alt(self, language):
        """(text, language of the text): the text of `language`, else the first one written, marked as such."""
        texts = {code: text for code, text in self.alts if text}
        if language in texts:
            return texts[language], None
        for code, text in self.alts:
            if text:
                return text, code
        return "", None

    def missing_languages(self, languages):
        written = {code for code, text in self.alts if text}
        return [code for code in languages if code not in written]

    def html(self, language):
        alt, alt_language = self.alt(language)
        image_attrs = [
            ("src", self.src),
            ("srcset", self.srcset),
            ("sizes", FIGURE_SIZES),
            ("width", str(self.width)),
            ("height", str(self.height)),
            ("alt", alt),
        ]
        if alt_language:
            image_attrs.append(("lang", alt_language))
        image_attrs += [("loading", "lazy"), ("decoding", "async")]
        source = (
            f'<source type="image/webp" srcset="{escape(self.webp_srcset)}" sizes="{FIGURE_SIZES}">'
            if self.webp_srcset
            else ""
        )
        return f"<picture>{source}{_Preparer._tag('img', image_attrs)}</picture>"

    def credit_html(self):
        return f'<small class="credit">{escape(self.credit, quote=False)}</small>' if self.credit else ""


@dataclass(frozen=True)
class GlossaryLink:
    """A glossary definition, as the text of one language refers to it."""

    forms: tuple  # the term and its other forms
    url: str


class GlossaryMatcher:
    """Finds glossary terms in text: whole words, a plural s or x allowed, longest term first.

    Acronyms (two capitals or more: AMM, HAS) match only in capitals, so that English "has" is not HAS.
    """

    def __init__(self, links, language):
        self.urls = {}
        patterns = []
        for link in links:
            for form in (typography.apply(form, language) for form in link.forms):
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
    def __init__(self, matcher, figures=None, language=None):
        super().__init__(convert_charrefs=True)
        self.matcher = matcher
        self.figures = figures or {}
        self.language = language
        self.figure = None  # while inside <figure>: {"start": index of its tag in output, "image", "caption"}
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
        if tag == "img":
            self._image(attrs)
            return
        if tag == "figure":
            self.figure = {"start": len(self.output), "image": None, "caption": False}
        self.output.append(self._tag(tag, attrs))
        if tag != "br":
            self.open_tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag == "img":
            self._image(attrs)
        else:
            self.output.append(self._tag(tag, attrs))

    def _image(self, attrs):
        image = self.figures.get(dict(attrs).get("src"))
        if image is None:
            self.output.append(self._tag("img", attrs))
            return
        self.output.append(image.html(self.language))
        if self.figure is not None and self.figure["image"] is None:
            self.figure["image"] = image
            self.output[self.figure["start"]] = '<figure class="article-figure">'

    def handle_endtag(self, tag):
        if self.heading is not None and tag == self.heading[0]:
            self._close_heading()
            return
        image = self.figure and self.figure["image"]
        if tag == "figcaption" and self.figure is not None:
            self.figure["caption"] = True
            if image and image.credit:
                self.output.append(" " + image.credit_html())
        elif tag == "figure" and self.figure is not None:
            if image and image.credit and not self.figure["caption"]:
                self.output.append(f"<figcaption>{image.credit_html()}</figcaption>")
            self.figure = None
        if tag in self.open_tags:
            while self.open_tags and self.open_tags.pop() != tag:
                pass
        self.output.append(f"</{tag}>")

    def handle_data(self, data):
        data = typography.apply(data, self.language)
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


def prepare(body, glossary_links=(), figures=None, language=None):
    """The body with anchored headings, glossary links, the typography of its language and its uploaded images'
    figures (`figures`: {address in the text: FigureImage}), its table of contents and its reading time.
    `language` is the language of the text (the current one by default): the figures take their alternative
    text in it."""
    language = language or get_language()
    parser = _Preparer(GlossaryMatcher(glossary_links, language), figures, language)
    parser.feed(body or "")
    parser.close()
    word_count = len(html_to_text(body).split())
    return {
        "html": "".join(parser.output),
        "toc": parser.toc,
        "minutes": max(1, math.ceil(word_count / WORDS_PER_MINUTE)) if word_count else 0,
    }
