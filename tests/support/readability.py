"""French readability measures for the editorial content.

Flesch–Kandel–Moles (Kandel & Moles, 1958) adapts Flesch's reading ease to French:
    FKM = 207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)
Syllables are counted from vowel groups, dropping the mute final "e"/"es" that French does not
pronounce; it is an estimate, like every automatic syllable count, and is good enough to compare pages.

Run as a script on content files to see the figures:
    python3 tests/support/readability.py articles/content/*/*.toml
"""

import re
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

VOWELS = "aeiouyàâäéèêëîïôöùûüÿœæ"
WORD_RE = re.compile(rf"[a-z{VOWELS}ç]+(?:['’][a-z{VOWELS}ç]+)*", re.IGNORECASE)
VOWEL_GROUP_RE = re.compile(rf"[{VOWELS}]+")
SENTENCE_END_RE = re.compile(r"[.!?…]+(?=\s|$)")
BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "blockquote", "figcaption", "dt", "dd", "td", "th"}


class _BlockText(HTMLParser):
    """Collects the text of each block element, so a list item or a heading counts as a sentence."""

    def __init__(self):
        super().__init__()
        self.blocks = [""]

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.blocks.append("")

    def handle_data(self, data):
        self.blocks[-1] += data


def text_blocks(html):
    parser = _BlockText()
    parser.feed(html)
    parser.close()
    return [" ".join(b.split()) for b in parser.blocks if b.strip()]


def words(text):
    return WORD_RE.findall(text)


def syllables(word):
    word = word.lower().replace("’", "'")
    count = 0
    for part in word.split("'"):
        groups = VOWEL_GROUP_RE.findall(part)
        # "é" before another vowel starts a new syllable (sé-ance, ré-ussir).
        n = len(groups) + sum(len(re.findall(rf"é(?=[{VOWELS}])", g)) for g in groups)
        stem = part[:-2] if part.endswith("es") else part[:-1] if part.endswith("e") else None
        if n > 1 and stem and stem[-1] not in VOWELS:
            n -= 1  # mute final e: arthrose, douleurs-es
        count += max(n, 1) if groups else 0
    return max(count, 1)


def sentences(text):
    parts = [s for s in SENTENCE_END_RE.split(text) if words(s)]
    return parts or ([text] if words(text) else [])


def measure(html):
    """Return words, sentences, syllables, average sentence length and FKM score of an HTML body."""
    n_words = n_sentences = n_syllables = 0
    for block in text_blocks(html):
        for sentence in sentences(block):
            ws = words(sentence)
            n_words += len(ws)
            n_sentences += 1
            n_syllables += sum(syllables(w) for w in ws)
    if not n_words:
        return {"words": 0, "sentences": 0, "syllables": 0, "words_per_sentence": 0.0, "fkm": 0.0}
    wps = n_words / n_sentences
    spw = n_syllables / n_words
    return {
        "words": n_words,
        "sentences": n_sentences,
        "syllables": n_syllables,
        "words_per_sentence": round(wps, 1),
        "fkm": round(207 - 1.015 * wps - 73.6 * spw, 1),
    }


def main(paths):
    for path in paths:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        fr = data.get("fr", {})
        if "body" in fr:
            m = measure(fr["body"])
            print(f"{path}: {m['words']} words, {m['words_per_sentence']} words/sentence, FKM {m['fkm']}")
        for q in data.get("questions", []):
            m = measure(q["fr"]["answer"])
            print(f"{path} [{q['slug']}]: {m['words']} words, {m['words_per_sentence']} w/s, FKM {m['fkm']}")


if __name__ == "__main__":
    main(sys.argv[1:])
