"""How the search reads text, the same way for pages and for queries, on every database: folded words
(no accents, lower case), without stop words, brought to a stem.

The stems are made here, in Python, from folded words, so that "remboursée", "remboursee", "rembourser" and
"remboursement" all give "rembours" whether a visitor types the accents or not, and so that PostgreSQL and
the SQLite fallback find exactly the same pages. French uses a light stemmer after Jacques Savoy's (the one
Lucene ships as FrenchLightStemmer), written for folded words; English a few plain suffix rules. Both prefer
leaving two forms apart to joining two different words.
"""

import functools
import re
from html.parser import HTMLParser

from mesoinfo.editorial.text import clean, fold, words

# Words that say nothing about the subject, folded like query words: they are neither indexed nor searched.
_FRENCH_STOP_WORDS = (
    "a ai as au aux avec avez avons ca ce ceci cela celle celles celui ces cet cette chez comme d dans de des "
    "du elle elles en es est et etre eu faire faut il ils j je l la le les leur leurs lui m ma mais me "
    "meme mes moi mon n ne ni nos notre nous on ont ou par pas peut peuvent peux pour puis puisje qu que "
    "s sa sans se ses si son sont sous sur t ta te tes toi ton tu un une vos votre vous y"
)
_ENGLISH_STOP_WORDS = (
    "a about am an and are as at be been by can could did do does for from had has have i if in into is it "
    "its me my of on or our should so than that the their them there they this to was we were will with "
    "would you your"
)
STOP_WORDS = {"fr": frozenset(_FRENCH_STOP_WORDS.split()), "en": frozenset(_ENGLISH_STOP_WORDS.split())}

# Question words: indexed (FAQ questions start with them) but never required in a query. "combien de
# séances" must find the pages about sessions, and rank "Combien de séances faut-il faire ?" first.
_FRENCH_QUESTION_WORDS = "combien comment pourquoi quand quel quelle quelles quels qui quoi lequel laquelle lesquels"
_ENGLISH_QUESTION_WORDS = "how what when where which who whom why much many"
QUESTION_WORDS = {"fr": frozenset(_FRENCH_QUESTION_WORDS.split()), "en": frozenset(_ENGLISH_QUESTION_WORDS.split())}

SENTENCE_END_RE = re.compile(r"(?<=[.!?…])\s+(?=[«\"(\[A-ZÀ-ÖØ-Þ0-9])")
MIN_STEMMED = 4  # shorter words are kept as they are


def _french_norm(word):
    """The end of every French rule: doubled letters, then a final -ie, -r, -e, -e and doubled letter."""
    if len(word) > 4:
        word = re.sub(r"([a-z])\1+", r"\1", word)
    if len(word) > 4 and word.endswith("ie"):
        word = word[:-2]
    if len(word) > 4:
        for ending in ("r", "e", "e"):
            if word.endswith(ending):
                word = word[:-1]
        if len(word) > 1 and word[-1] == word[-2] and word[-1].isalpha():
            word = word[:-1]
    return word


def french_stem(word):
    """Savoy's light French stemmer on a folded word: "remboursement", "remboursée", "rembourser" → "rembours"."""
    length = len(word)
    if length > 5 and word.endswith("x"):
        word = word[:-3] + "al" if word.endswith("aux") and word[-4] != "e" else word[:-1]
    elif length > 4 and word.endswith("x"):
        word = word[:-1]
    if len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    length = len(word)
    if length > 9 and word.endswith("issement"):
        return _french_norm(word[:-7] + "r")
    if length > 8 and word.endswith("issant"):
        return _french_norm(word[:-5] + "r")
    if length > 6 and word.endswith("ement"):
        word = word[:-4]
        if len(word) > 3 and word.endswith("ive"):
            word = word[:-2] + "f"
        return _french_norm(word)
    if length > 11 and word.endswith("ficatrice"):
        return _french_norm(word[:-7] + "er")
    if length > 10 and word.endswith("ficateur"):
        return _french_norm(word[:-6] + "er")
    if length > 9 and word.endswith("catrice"):
        return _french_norm(word[:-7] + "quer")
    if length > 8 and word.endswith("cateur"):
        return _french_norm(word[:-6] + "quer")
    if length > 8 and word.endswith("atrice"):
        return _french_norm(word[:-6] + "er")
    if length > 7 and word.endswith("ateur"):
        return _french_norm(word[:-5] + "er")
    if length > 6 and word.endswith("trice"):
        word = word[:-5] + "teur"
    if length > 5 and word.endswith("ieme"):
        return _french_norm(word[:-4])
    if length > 7 and word.endswith("teuse"):
        return _french_norm(word[:-3] + "r")
    if length > 6 and word.endswith("teur"):
        return _french_norm(word[:-2] + "r")
    if length > 5 and word.endswith("euse"):
        return _french_norm(word[:-2])
    if length > 8 and word.endswith("ere"):
        return _french_norm(word[:-1])
    if length > 7 and word.endswith("ive"):
        return _french_norm(word[:-2] + "f")
    if length > 9 and word.endswith("nnelle"):
        return _french_norm(word[:-5])
    if length > 9 and word.endswith("nnel"):
        return _french_norm(word[:-3])
    if length > 4 and word.endswith("ete"):
        word = word[:-1]
    if len(word) > 8 and word.endswith("ique"):
        word = word[:-4]
    if len(word) > 8 and word.endswith("esse"):
        return _french_norm(word[:-3])
    if len(word) > 7 and word.endswith("inage"):
        return _french_norm(word[:-3])
    if len(word) > 9 and word.endswith("isation"):
        word = word[:-7]
        if len(word) > 5 and word.endswith("ual"):
            word = word[:-2] + "el"
        return _french_norm(word)
    if len(word) > 9 and word.endswith("isateur"):
        return _french_norm(word[:-7])
    if len(word) > 8 and (word.endswith("ation") or word.endswith("ition")):
        return _french_norm(word[:-5])
    if len(word) > 7 and word.endswith("ction"):
        word = word[:-3]  # "injection", "injecter" → "inject"
    return _french_norm(word)


_ENGLISH_SUFFIXES = (
    # (ending, shortest word it is removed from, replacement)
    ("ations", 8, ""), ("ation", 7, ""), ("ements", 8, "e"), ("ement", 7, "e"), ("ments", 7, ""),
    ("ment", 6, ""), ("ness", 6, ""), ("ings", 6, ""), ("ing", 5, ""), ("ions", 6, ""), ("ion", 6, ""),
    ("ies", 5, "y"), ("ied", 5, "y"), ("sses", 5, "ss"), ("ful", 6, ""), ("ly", 5, ""), ("ed", 4, ""),
)  # fmt: skip


def english_stem(word):
    """A light English stemmer on a folded word: "reimbursed", "reimbursement", "reimburse" → "reimburs"."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ies", "sses")):
        word = word[:-1]
    for ending, shortest, replacement in _ENGLISH_SUFFIXES:
        if len(word) >= shortest and word.endswith(ending):
            word = word[: -len(ending)] + replacement
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # "stopped" → "stopp" → "stop"
    return word


STEMMERS = {"fr": french_stem, "en": english_stem}


@functools.lru_cache(maxsize=50_000)
def stem(word, language):
    """The stem of a folded word; words with digits and short words stay as they are."""
    if len(word) < MIN_STEMMED or not word.isalpha():
        return word
    return STEMMERS.get(language, french_stem)(word)


def is_stop_word(word, language):
    return word in STOP_WORDS.get(language, ()) or (len(word) < 2 and not word.isdigit())


def index_words(text, language):
    """The folded words of a text that the search keeps (stop words and single letters left out)."""
    return [word for word in words(text) if not is_stop_word(word, language)]


def stems(text, language):
    """The stems of the words of a text, in order."""
    return [stem(word, language) for word in index_words(text, language)]


def stem_line(text, language):
    """A text as the search compares it: its stems between spaces, one at each end (" rembours secu ")."""
    found = stems(text, language)
    return f" {' '.join(found)} " if found else ""


def phrase_key(text):
    """A text's folded words, stop words included, between spaces: " qu est ce que la mesotherapie "."""
    found = words(text)
    return f" {' '.join(found)} " if found else ""


def sentences(text):
    """The sentences of a paragraph, cut after . ! ? … followed by a capital, a digit or a quote."""
    return [sentence for sentence in SENTENCE_END_RE.split(clean(text)) if sentence]


# HTML -------------------------------------------------------------------------------------------------------

_BLOCK_TAGS = (
    "address article aside blockquote caption dd details div dl dt figcaption figure footer header li main nav "
    "ol p pre section summary table tbody td tfoot th thead tr ul br hr"
)
BLOCK_TAGS = frozenset(_BLOCK_TAGS.split())
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _Blocks(HTMLParser):
    """Collects the text of block elements: each heading and each paragraph (or list item, cell…) apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # (is heading, text)
        self.parts = []
        self.heading = 0

    def flush(self):
        text = clean("".join(self.parts))
        if text:
            self.blocks.append((self.heading > 0, text))
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in HEADING_TAGS:
            self.flush()
            self.heading += 1
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in HEADING_TAGS:
            self.flush()
            self.heading = max(0, self.heading - 1)
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        self.parts.append(data)


def html_blocks(html):
    """[(is heading, text)] of sanitised HTML, in order: headings never run into the text that follows."""
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    parser.flush()
    return parser.blocks


TOKEN_RE = re.compile(r"\w+")


@functools.lru_cache(maxsize=50_000)
def token_stem(token, language):
    """The stem of a word as written in a text ("Remboursée" → "rembours"), or None for what is not a word
    the search knows (a word with other characters than letters and digits once folded)."""
    folded = fold(token)
    return stem(folded, language) if folded.isascii() and folded.isalnum() else None


def highlight_stems(text, query_stems, language):
    """[(piece, marked)] of a text: the words whose stem the query searched for are marked."""
    pieces, position = [], 0
    for match in TOKEN_RE.finditer(text):
        if token_stem(match.group(), language) in query_stems:
            if match.start() > position:
                pieces.append((text[position : match.start()], False))
            pieces.append((match.group(), True))
            position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
