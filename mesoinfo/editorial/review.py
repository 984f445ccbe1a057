"""The medical review of pages: what counts as medical text, and which changes keep a medical sign-off.

**Medical text** is the French text patients read on a page: every translated field of its type in French
(title, summary, text or answer…), except the fields the page type lists in `non_medical_fields` (the
description for search engines, the address). The English text is a translation of it; sources, images,
links between pages, health problems, position and dates are not medical text.

A change to a page is of one kind (`ChangeKind`):
- *medical*: its medical text changed: a sign-off no longer covers it;
- *minor correction*: at most `MINOR_TOKENS` words or punctuation marks of the medical text corrected, each
  word by one letter at most once accents and capitals are set aside (a typo, an accent, an agreement),
  words shorter than four letters only by their accents or capitals, with no word added or removed, no
  figure changed and the links and formatting untouched: the sign-off stays, and the change is recorded;
- *translation*: only the English text changed: the sign-off stays, and the change is recorded;
- *none*: the medical and English texts are the same (other fields changed, or nothing).
"""

import difflib
import hashlib
import json
import re
from html.parser import HTMLParser

from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoinfo.editorial.text import fold

MINOR_TOKENS = 3
SHORT_WORD = 4  # words shorter than this may only change their accents or capitals ("mg" is not "g")
TOKEN = re.compile(r"\w+|[^\w\s]")


class ChangeKind(models.TextChoices):
    NONE = "none", _("No change to the texts")
    TRANSLATION = "translation", _("English text only")
    MINOR = "minor", _("Minor correction")
    MEDICAL = "medical", _("Medical text")


def digest(texts):
    """A fingerprint of medical texts ({field: text}): what a sign-off covered."""
    return hashlib.sha256(json.dumps(texts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class _Markup(HTMLParser):
    """The tags of a text, attributes in a fixed order (editors write them in any order), and its words."""

    def __init__(self, value):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(value or "")
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))
        self.text.append(" ")

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag, ()))
        self.text.append(" ")

    def handle_data(self, data):
        self.text.append(data)

    @property
    def tokens(self):
        return TOKEN.findall("".join(self.text))


def _one_edit_apart(a, b):
    """Equal, or one letter inserted, removed, replaced or two neighbours swapped (optimal string alignment)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differences = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differences) == 1:
            return True
        first, *rest = differences
        return len(differences) == 2 and rest[0] == first + 1 and a[first] == b[first + 1] and a[first + 1] == b[first]
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _minor_token_change(old, new):
    if any(char.isdigit() for char in old + new):
        return False
    old_is_word, new_is_word = old[0].isalnum() or old[0] == "_", new[0].isalnum() or new[0] == "_"
    if old_is_word != new_is_word:
        return False
    if not old_is_word:
        return True  # one punctuation mark for another
    if fold(old) == fold(new):
        return True  # accents or capitals
    if min(len(old), len(new)) < SHORT_WORD:
        return False
    return _one_edit_apart(fold(old), fold(new))


def changed_tokens(old, new):
    """How many words or marks of `new` correct those of `old` (one text), or None when the change is more than
    a correction: a word added or removed, a figure, a link or the formatting changed."""
    old, new = old or "", new or ""
    if old == new:
        return 0
    old_markup, new_markup = _Markup(old), _Markup(new)
    if old_markup.tags != new_markup.tags:
        return None
    old_tokens, new_tokens = old_markup.tokens, new_markup.tokens
    count = 0
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            continue
        if operation != "replace" or a2 - a1 != b2 - b1:
            return None
        for old_token, new_token in zip(old_tokens[a1:a2], new_tokens[b1:b2], strict=True):
            if not _minor_token_change(old_token, new_token):
                return None
            count += 1
    return count


def classify(old_medical, new_medical, english_changed):
    """The kind of a change, from the medical texts before and after ({field: text}) and whether the English
    text changed."""
    if old_medical == new_medical:
        return ChangeKind.TRANSLATION if english_changed else ChangeKind.NONE
    total = 0
    for name in new_medical.keys() | old_medical.keys():
        count = changed_tokens(old_medical.get(name), new_medical.get(name))
        if count is None:
            return ChangeKind.MEDICAL
        total += count
    if total == 0:  # the same words and markup, written differently (spaces, order of attributes)
        return ChangeKind.TRANSLATION if english_changed else ChangeKind.NONE
    return ChangeKind.MINOR if total <= MINOR_TOKENS else ChangeKind.MEDICAL
