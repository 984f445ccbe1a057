"""Plain-text helpers shared by search, the glossary and the A–Z lists: accents, case, words."""

import html
import re
import unicodedata

# Control characters, zero-width and direction marks, and the private-use area (search highlighting uses
# two private-use characters as markers, so they must never come from content or from a visitor).
INVISIBLE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ue000-\uf8ff]")
# Runs of spaces become one; non-breaking spaces stay, they are typography (see typography.py).
SPACES_RE = re.compile(r"[^\S\u00a0\u202f]+")
TAG_RE = re.compile(r"<[^>]*>")
WORD_RE = re.compile(r"[a-z0-9]+")
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'"})


def clean(text):
    """Text without invisible characters, with single spaces (non-breaking ones kept)."""
    return SPACES_RE.sub(" ", INVISIBLE_RE.sub(" ", text)).strip()


def fold(text):
    """Lower case without accents: « Sécu », « sécu » and « SECU » all become « secu »."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The words of a text, folded: letters and digits only."""
    return WORD_RE.findall(fold(text))


def light_stem(word):
    """A crude French and English stem: plurals and a final e go, so that "remboursée" meets "remboursé"."""
    for ending in ("ees", "es", "ee", "s", "x", "e"):
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def html_to_text(value):
    """The readable text of sanitised HTML: tags become spaces, entities characters."""
    return clean(html.unescape(TAG_RE.sub(" ", value or "")))


def initial(text):
    """The letter a term is filed under in an A–Z list ("Écchymose" under E, "3D" under #)."""
    letters = [char for char in fold(text) if char.isalnum()]
    return letters[0].upper() if letters and letters[0].isalpha() else "#"


def split_list(value):
    """Items of a comma-separated field, without blanks."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


# The end of a sentence: its mark, then an ordinary space (not a non-breaking one, which French puts before
# « ? ! : ; » and inside « »).
SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[ \t\r\n]+")


def sentences(text):
    """The sentences of a plain text."""
    return [sentence for sentence in SENTENCE_END_RE.split(clean(text or "")) if sentence]


def whole_sentences(text, limit):
    """The first sentences of `text` that fit in `limit` characters, never cut in the middle; when the first
    sentence alone is longer, it is cut after a word and ends with "…"."""
    kept = []
    for sentence in sentences(text):
        if len(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    if kept or not text:
        return " ".join(kept)
    first = sentences(text)[0]
    return first[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
