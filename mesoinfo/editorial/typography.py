"""French typography for what patients read: spaces that never break before « : ; ! ? » or inside « », and
typographic apostrophes.

A phone breaks a line wherever it finds an ordinary space, so « Combien ça coûte ? » could end a line with
its question mark alone. The rules of the Imprimerie nationale: a non-breaking space before « : » and inside
guillemets, a narrow non-breaking space before « ; ! ? ». Only French text gets the spaces; every language
gets the apostrophe ’ instead of ', which is for code.

Applied to text only (the prose pipeline calls it on text nodes, never on tags, attributes or addresses),
and idempotent: applying it twice changes nothing.
"""

import re

from django.conf import settings
from django.db import models

from mesoinfo.editorial.fields import SanitizedHTMLField

NBSP = "\u00a0"  # espace insécable
NNBSP = "\u202f"  # espace fine insécable

# A space (or none, after a word or a closing sign) before the punctuation that takes one in French.
# At the start of a text (`^`), the word before is in the previous HTML element: « <strong>Arthrose</strong> : ».
_BEFORE_OTHERS = re.compile(r"(?:(?<=[\w»)\]’%€])|^)[ \u00a0\u202f]*([;!?])(?=[\s»)]|$)")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]*»")
# An apostrophe between two letters: l'article, aujourd'hui, don't. Not a quote around a word, not in code.
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_SPACE_THEN_COLON = re.compile(r"(?:(?<=\S)|^)[ \u202f]*:(?=\s|$)")
# Tags and character references of sanitised HTML: kept as they are, only the text between them changes.
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


def french(text):
    """`text` with non-breaking spaces where French typography wants them, and typographic apostrophes."""
    text = apostrophes(text)
    text = _SPACE_THEN_COLON.sub(f"{NBSP}:", text)
    text = _BEFORE_OTHERS.sub(lambda match: f"{NNBSP}{match.group(1)}", text)
    text = _AFTER_OPENING.sub(f"«{NBSP}", text)
    return _BEFORE_CLOSING.sub(f"{NBSP}»", text)


def apostrophes(text):
    return _APOSTROPHE.sub("’", text)


def apply(text, language):
    """The typography of `language` (a language code) applied to plain text."""
    if not text:
        return text
    return french(text) if language == "fr" else apostrophes(text)


def apply_html(html, language):
    """The typography of `language` applied to the text of sanitised HTML, never to its tags, attributes
    (addresses included) or character references."""
    if not html:
        return html
    # The sanitiser writes the non-breaking space as a reference: read it as the character it stands for.
    html = html.replace("&nbsp;", NBSP)
    return "".join(part if _MARKUP.fullmatch(part) else apply(part, language) for part in _MARKUP.split(html))


def typeset(obj):
    """Apply each language's typography to the translated texts of a model instance (`title_fr`, `body_en`…),
    as staff save it: what they type is stored as patients will read it."""
    codes = {code for code, _name in settings.LANGUAGES}
    for field in obj._meta.concrete_fields:
        language = field.name.rpartition("_")[2]
        if language not in codes or not isinstance(field, models.CharField | models.TextField):
            continue
        if isinstance(field, models.SlugField | models.URLField | models.EmailField) or field.choices:
            continue
        value = getattr(obj, field.attname)
        typeset_value = apply_html(value, language) if isinstance(field, SanitizedHTMLField) else apply(value, language)
        setattr(obj, field.attname, typeset_value)
