"""What a visitor's query asks for: its words, with staff synonyms and spelling corrections applied.

A query becomes a list of concepts. A page matches a concept when it contains one of the concept's
alternatives (a word or a few words), and the search wants every concept. "remboursé sécu" gives two
concepts: [remboursé] and [sécu | Assurance Maladie | Sécurité sociale].
"""

from dataclasses import dataclass, field

from mesoinfo.editorial.text import clean, light_stem, split_list, words
from mesoinfo.search.models import Synonym, synonym_key

MAX_CONCEPTS = 10  # longer queries keep their first ten meaningful words
MIN_CORRECTED_LENGTH = 4  # shorter words are too ambiguous to correct
MAX_PHRASE_WORDS = 5  # the longest synonym phrase looked for

# Words that say nothing about the subject, folded like query words. PostgreSQL's dictionaries drop theirs
# too; this list makes both databases behave alike and keeps these words out of spelling correction.
# Question words stay: "combien", "pourquoi" and "how" match the questions of the FAQ.
_FRENCH_STOP_WORDS = (
    "a au aux avec ca ce ces c cela celle celui cet cette chez comme d dans de des du "
    "elle elles en est et etre faut il ils j je l la le les leur leurs lui m ma mais me mes moi mon "
    "n ne ni nos notre nous on ou par pas peut peux pour qu que quel quelle quelles quels "
    "qui quoi s sa sans se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y"
)
_ENGLISH_STOP_WORDS = (
    "a about an and are as at be by can could do does for from had has have how i if in is it its me my "
    "of on or our should so than that the their them there they this to was we what when where which who "
    "why will with would you your"
)
STOP_WORDS = {"fr": frozenset(_FRENCH_STOP_WORDS.split()), "en": frozenset(_ENGLISH_STOP_WORDS.split())}


@dataclass
class Concept:
    alternatives: list  # folded texts, each one word or a few words

    def add(self, text):
        if text and text not in self.alternatives:
            self.alternatives.append(text)


@dataclass
class AnalysedQuery:
    text: str
    language: str
    concepts: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)  # word typed -> word of our pages
    expansions: list = field(default_factory=list)  # (phrase typed, [alternatives searched too])
    suggestion: str = ""  # a query to propose when nothing is found

    @property
    def terms(self):
        """Every word searched for, for highlighting."""
        return sorted({word for concept in self.concepts for text in concept.alternatives for word in text.split()})


def _phrase_keys(tokens):
    """The synonym keys of every run of up to MAX_PHRASE_WORDS words of `tokens`."""
    return {
        synonym_key(tokens[start : start + size])
        for size in range(1, MAX_PHRASE_WORDS + 1)
        for start in range(len(tokens) - size + 1)
    }


def load_synonyms(language, *token_lists):
    """{key: (phrase as typed by staff, [alternatives])} of the synonyms these words may use: one query."""
    keys = set().union(*map(_phrase_keys, token_lists))
    rows = Synonym.objects.filter(language=language, key__in=keys).values_list("key", "phrase", "alternatives")
    return {key: (phrase, split_list(alternatives)) for key, phrase, alternatives in rows}


def _apply_synonyms(tokens, synonyms, query):
    """Concepts for the phrases of `tokens` that have synonyms (longest first), and the tokens left over."""
    concepts, rest, position = [], [], 0
    while position < len(tokens):
        for size in range(min(MAX_PHRASE_WORDS, len(tokens) - position), 0, -1):
            key = synonym_key(tokens[position : position + size])
            if key in synonyms:
                phrase, alternatives = synonyms[key]
                concept = Concept([" ".join(tokens[position : position + size])])
                for alternative in alternatives:
                    concept.add(" ".join(words(alternative)))
                concepts.append(concept)
                query.expansions.append((phrase, alternatives))
                position += size
                break
        else:
            rest.append(tokens[position])
            position += 1
    return concepts, rest


def analyse(text, language, backend):
    """The concepts of `text`, with at most two queries: the words of our pages, then the synonyms."""
    text = clean(text)
    query = AnalysedQuery(text=text, language=language)
    tokens = words(text)
    if not tokens:
        return query
    stop_words = STOP_WORDS.get(language, set())
    to_check = sorted({t for t in tokens if t not in stop_words and len(t) >= MIN_CORRECTED_LENGTH and not t.isdigit()})
    matches = backend.closest_words(language, to_check) if to_check else {}

    def corrected(token):
        match = matches.get(token)
        # A word of the same family ("rembourse" for "remboursement") is found by stemming anyway.
        return match.word if match and match.sure and not match.word.startswith(light_stem(token)) else token

    synonyms = load_synonyms(language, tokens, [corrected(token) for token in tokens])
    concepts, rest = _apply_synonyms(tokens, synonyms, query)  # "sécu" is a synonym, not a typo
    rest = [token for token in rest if token not in stop_words and (len(token) > 1 or token.isdigit())]
    fixed, suggested = [], []
    for token in rest:
        fixed.append(corrected(token))
        if fixed[-1] != token:
            query.corrections[token] = fixed[-1]
        match = matches.get(token)
        suggested.append(match.word if match and not match.sure else fixed[-1])
    if suggested != fixed:
        query.suggestion = " ".join(suggested)

    # A correction may reveal a phrase with synonyms ("efets secondaires" -> "effets secondaires").
    more, fixed = _apply_synonyms(fixed, synonyms, query)
    concepts += more
    typed = {query.corrections.get(token, token): token for token in rest}
    for token in fixed:
        concept = Concept([token])
        concept.add(typed.get(token))
        concepts.append(concept)
    query.concepts = concepts[:MAX_CONCEPTS]
    return query
