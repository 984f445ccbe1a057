"""What a result shows: its title and the sentence that answers best, with the query's words marked.

The documents keep their texts one sentence per line, and the stems of each line alongside
(`index._lines`), so the best sentence is found by comparing stems, never across a heading (headings are
kept apart), and is marked word by word (`analysis.highlight_stems`): every form of a word searched for,
and nothing else.
"""

import bisect
import re
from dataclasses import dataclass
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.utils.safestring import mark_safe

from mesoinfo.search import analysis

EXCERPT_CHARACTERS = 240
SHORT_SENTENCE = 140  # a sentence this short goes on with the next one of its paragraph
CONTEXT_BEFORE = 40  # characters kept before the first marked word of a sentence that is cut
NEWLINE_RE = re.compile("\n")


def marked(text, stems, language):
    """HTML of a text with the words of `stems` in <mark>; every piece escaped."""
    return mark_safe(  # noqa: S308 (every piece of text is escaped)
        "".join(
            f"<mark>{escape(piece)}</mark>" if is_marked else escape(piece)
            for piece, is_marked in analysis.highlight_stems(text, stems, language)
        )
    )


def _first_mark(text, stems, language):
    """Where the first marked word of a text starts (0 without one)."""
    position = 0
    for piece, is_marked in analysis.highlight_stems(text, stems, language):
        if is_marked:
            return position
        position += len(piece)
    return 0


def _cut(text, stems, language):
    """(at most EXCERPT_CHARACTERS of a text around its first marked word, cut before, cut after), cut at
    word boundaries."""
    if len(text) <= EXCERPT_CHARACTERS:
        return text, False, False
    first = _first_mark(text, stems, language)
    start = text.rfind(" ", 0, first - CONTEXT_BEFORE) + 1 if first > EXCERPT_CHARACTERS // 2 else 0
    end = start + EXCERPT_CHARACTERS
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return text[start:end].rstrip(" ,;:"), start > 0, end < len(text)


def _matching_lines(stem_text, stems):
    """The numbers of the lines of `stem_text` that have one of `stems` (searched in the whole text at once)."""
    starts = [0, *(match.end() for match in NEWLINE_RE.finditer(stem_text))]
    found = set()
    for stem in stems:
        token = f" {stem} "
        position = stem_text.find(token)
        while position != -1:
            found.add(bisect.bisect_right(starts, position) - 1)
            position = stem_text.find(token, position + 1)
    return found


def _line_score(line, concepts):
    return sum(
        concept.weight
        for concept in concepts
        if any(all(f" {stem} " in line for stem in alternative) for alternative in concept.alternatives)
    )


def excerpt(summary, body, normalised_summary, normalised_body, query):
    """The sentence that matches the query best, in the summary or in a paragraph (never a heading), with the
    next sentences of its paragraph when it is short; the start of the summary, or of the text, when no
    sentence matches."""
    if summary:  # its sentences first, then an empty line, as between paragraphs
        text, stem_text = f"{summary}\n\n{body}", f"{normalised_summary}\n\n{normalised_body}"
    else:
        text, stem_text = body, normalised_body
    lines, stems = text.split("\n"), stem_text.split("\n")
    if len(stems) != len(lines):  # written by another version of the index: show the start
        stems, stem_text = [""] * len(lines), ""
    matching = _matching_lines(stem_text, query.stems)
    best = max(matching, key=lambda number: (_line_score(stems[number], query.concepts), -number), default=None)
    if best is None:
        best = next((number for number, line in enumerate(lines) if line), None)
        if best is None:
            return ""
    chosen = [lines[best]]
    following = best + 1
    while len(" ".join(chosen)) < SHORT_SENTENCE and following < len(lines) and lines[following]:
        chosen.append(lines[following])
        following += 1
    text, cut_before, cut_after = _cut(" ".join(chosen), query.stems, query.language)
    return mark_safe(  # noqa: S308 (marked() escapes the text)
        ("… " if cut_before else "") + marked(text, query.stems, query.language) + (" …" if cut_after else "")
    )


@dataclass
class Result:
    """One result, ready for the template."""

    title_html: str
    excerpt_html: str
    url: str
    kind: str
    section_name: str
    section_url: str

    @classmethod
    def of(cls, row, query):
        model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
        return cls(
            title_html=marked(row["title"], query.stems, query.language),
            excerpt_html=excerpt(row["summary"], row["body"], row["normalised_summary"], row["normalised_body"], query),
            url=row["url"],
            kind=str(model._meta.verbose_name) if model else "",  # in the language of the search, once
            section_name=row["section_name"],
            section_url=row["section_url"],
        )
