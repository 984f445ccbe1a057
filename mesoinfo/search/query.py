"""What a visitor's query asks for: its words as stems, with staff synonyms and spelling corrections applied.

A query becomes a list of concepts. A page matches a concept when it contains one of the concept's
alternatives (a stem, or the stems of a few words), and the search wants every required concept.
"remboursé sécu" gives two concepts: [rembours] and [secu | assur maladi | securit social]. Question words
("combien", "how") make optional concepts: they only lift the pages that have them in their title or summary.
Each concept weighs more when fewer pages have it (its "idf"), so that "mésothérapie", on nearly every page,
does not drown "genou".

The work is bounded whatever the query: at most MAX_CONCEPTS required concepts, MAX_OPTIONAL optional ones,
and MAX_CORRECTED words looked up for spelling (`backends`: one query for the known words, one for the
unknown ones through the trigram index).
"""

import math
from dataclasses import dataclass, field
from functools import cached_property

from mesoinfo.editorial.text import clean, words
from mesoinfo.search import analysis
from mesoinfo.search.models import synonym_key

MAX_CONCEPTS = 6  # longer queries keep their first six meaningful words (or phrases)
MAX_OPTIONAL = 2
MAX_CORRECTED = 3  # unknown words looked up for spelling, per query
MIN_CORRECTED_LENGTH = 4  # shorter words are too ambiguous to correct
MAX_PHRASE_WORDS = 5  # the longest synonym phrase looked for
OPTIONAL_WEIGHT = 0.5
MIN_WEIGHT = 0.2


@dataclass
class Concept:
    typed: str  # as the visitor typed it (folded)
    alternatives: list = field(default_factory=list)  # tuples of stems, each tuple wholly required
    required: bool = True
    weight: float = 1.0
    documents: int = 0  # how many pages have it (0: none, or not known)

    def add(self, stems):
        stems = tuple(stems)
        if stems and stems not in self.alternatives:
            self.alternatives.append(stems)

    @property
    def stems(self):
        return {stem for alternative in self.alternatives for stem in alternative}

    @property
    def primary(self):
        """What the visitor typed (or its correction): synonyms count a little less."""
        return self.alternatives[:1]


@dataclass
class WordMatch:
    word: str  # the closest word of our pages
    stem: str
    documents: int
    sure: bool  # close enough to search for it; otherwise only proposed when nothing is found


@dataclass
class Vocabulary:
    """What the search's first query says about a query's words."""

    total: int = 0  # documents in the language
    stem_documents: dict = field(default_factory=dict)  # stem -> documents having a word of that stem
    words: set = field(default_factory=set)  # the query's words that our pages have as they are
    synonyms: dict = field(default_factory=dict)  # key -> (phrase as staff typed it, [alternatives])
    due: bool = False  # a page scheduled for publication is due: index it first


@dataclass
class AnalysedQuery:
    text: str
    language: str
    concepts: list = field(default_factory=list)
    corrections: dict = field(default_factory=dict)  # word typed -> word of our pages
    expansions: list = field(default_factory=list)  # (phrase typed, [alternatives searched too])
    suggestion: str = ""  # a query to propose when nothing is found
    ignored: list = field(default_factory=list)  # meaningful words left out: past the limit of concepts
    phrase: str = ""  # the query's folded words, corrected, between spaces: a title equal to it comes first

    @cached_property
    def required(self):
        return [concept for concept in self.concepts if concept.required]

    @cached_property
    def optional(self):
        return [concept for concept in self.concepts if not concept.required]

    @cached_property
    def stems(self):
        """Every stem searched for, for marking the matched words."""
        return frozenset(stem for concept in self.concepts for stem in concept.stems)

    @cached_property
    def scored(self):
        """The concepts in the order the backends score them: required, then optional."""
        return self.required + self.optional

    @property
    def rarest(self):
        """The required concept of our pages that says most about a page: pages with it in their title or
        summary are results even without the other words ("une boule sous la peau")."""
        known = [concept for concept in self.required if concept.documents] or self.required
        return max(known, key=lambda concept: concept.weight, default=None)

    @cached_property
    def stem_weights(self):
        """{stem: the weight of its concept}, for the share of a title that the query has."""
        weights = {}
        for concept in self.concepts:
            for stem in concept.stems:
                weights[stem] = max(weights.get(stem, 0.0), concept.weight)
        return weights


def idf(documents, total):
    """How much a concept found on `documents` of `total` pages says about a page: 1 for a rare word, less
    for a common one, never below MIN_WEIGHT."""
    if total <= 1 or documents <= 0:
        return 1.0
    return max(MIN_WEIGHT, min(1.0, math.log((total + 1) / (documents + 1)) / math.log(total + 1)))


def phrase_keys(tokens, language):
    """The synonym keys of every run of up to MAX_PHRASE_WORDS words of `tokens`."""
    return {
        synonym_key(tokens[start : start + size], language)
        for size in range(1, MAX_PHRASE_WORDS + 1)
        for start in range(len(tokens) - size + 1)
    }


def _apply_synonyms(tokens, synonyms, query):
    """Concepts for the phrases of `tokens` that have synonyms (longest first), and the tokens left over."""
    language = query.language
    concepts, rest, position = [], [], 0
    while position < len(tokens):
        for size in range(min(MAX_PHRASE_WORDS, len(tokens) - position), 0, -1):
            phrase_tokens = tokens[position : position + size]
            found = synonyms.get(synonym_key(phrase_tokens, language))
            # A phrase of stop words alone ("ça") is not a concept, whatever staff wrote.
            if found and any(not analysis.is_stop_word(token, language) for token in phrase_tokens):
                phrase, alternatives = found
                concept = Concept(" ".join(phrase_tokens))
                concept.add(analysis.stems(" ".join(phrase_tokens), language))
                for alternative in alternatives:
                    concept.add(analysis.stems(alternative, language))
                if concept.alternatives:
                    concepts.append(concept)
                    query.expansions.append((phrase, alternatives))
                position += size
                break
        else:
            rest.append(tokens[position])
            position += 1
    return concepts, rest


def analyse(text, language, backend):
    """The concepts of `text`: two queries at most (the known words and synonyms, then the closest words to
    the unknown ones), a third only when a correction reveals a phrase with synonyms."""
    text = clean(text)
    query = AnalysedQuery(text=text, language=language)
    tokens = words(text)
    if not tokens:
        return query, Vocabulary()
    meaningful = list(dict.fromkeys(token for token in tokens if not analysis.is_stop_word(token, language)))
    vocabulary = backend.vocabulary(
        language,
        words=meaningful,
        stems={analysis.stem(token, language) for token in meaningful},
        synonym_keys=phrase_keys(tokens, language),
    )
    question_words = analysis.QUESTION_WORDS.get(language, frozenset())
    checked = [
        token
        for token in meaningful
        if len(token) >= MIN_CORRECTED_LENGTH and token.isalpha() and token not in question_words
    ]
    # Words of no page first; then words whose stem our pages have, but not this form: "rembourssement" is
    # found anyway, and the visitor is told of the spelling.
    unknown = [token for token in checked if analysis.stem(token, language) not in vocabulary.stem_documents]
    other_forms = [token for token in checked if token not in unknown and token not in vocabulary.words]
    to_correct = (unknown + other_forms)[:MAX_CORRECTED]
    matches = backend.closest_words(language, to_correct) if to_correct else {}
    for token in other_forms:
        match = matches.get(token)
        stem = analysis.stem(token, language)
        if match and not (match.sure and match.stem == stem and _misspelt(token, match.word, stem)):
            del matches[token]

    def corrected(token):
        match = matches.get(token)
        return match.word if match and match.sure else token

    fixed_tokens = [corrected(token) for token in tokens]
    query.phrase = f" {' '.join(fixed_tokens)} "
    if fixed_tokens != tokens:
        more_keys = phrase_keys(fixed_tokens, language) - phrase_keys(tokens, language)
        if more_keys:
            vocabulary.synonyms.update(backend.synonyms(language, more_keys))
    concepts, rest = _apply_synonyms(tokens, vocabulary.synonyms, query)  # "sécu" is a synonym, not a typo
    rest = [token for token in rest if not analysis.is_stop_word(token, language)]
    fixed, suggested = [], []
    for token in rest:
        fixed.append(corrected(token))
        if fixed[-1] != token:
            query.corrections[token] = fixed[-1]
        match = matches.get(token)
        suggested.append(match.word if match and not match.sure else fixed[-1])
    if suggested != fixed:
        query.suggestion = " ".join(suggested)
    # A correction may reveal a phrase with synonyms ("sekurite sociale" -> "securite sociale").
    more, fixed = _apply_synonyms(fixed, vocabulary.synonyms, query)
    concepts += more
    typed = {query.corrections.get(token, token): token for token in rest}
    seen = {stem for concept in concepts for stem in concept.stems}
    for token in fixed:
        concept = Concept(typed.get(token, token), required=token not in question_words)
        concept.add([analysis.stem(token, language)])
        original = typed.get(token)
        if original and original != token:
            concept.add([analysis.stem(original, language)])
        if concept.stems <= seen:
            continue  # "séance séances": one concept
        seen |= concept.stems
        concepts.append(concept)
    _weigh(concepts, vocabulary, matches, language)
    query.concepts = _bounded(concepts, query)
    return query, vocabulary


def _misspelt(typed, word, stem):
    """A form of one of our words that differs from it before its ending: "rembourssement" for
    "remboursement" (stem "rembours"), not "remboursées" for "remboursement"."""
    common = next(
        (n for n, (left, right) in enumerate(zip(typed, word, strict=False)) if left != right),
        min(len(typed), len(word)),
    )
    return common <= len(stem)


def _weigh(concepts, vocabulary, matches, language):
    documents = dict(vocabulary.stem_documents)
    for match in matches.values():
        documents[match.stem] = max(documents.get(match.stem, 0), match.documents)
    for concept in concepts:
        typed = [analysis.stem(word, language) for word in concept.typed.split()]
        found = [documents[stem] for alternative in concept.alternatives for stem in alternative if stem in documents]
        found += [documents[stem] for stem in typed if stem in documents]
        concept.documents = max(found, default=0)
        concept.weight = idf(concept.documents, vocabulary.total)
        if not concept.required:
            concept.weight *= OPTIONAL_WEIGHT


def _bounded(concepts, query):
    """At most MAX_CONCEPTS required and MAX_OPTIONAL optional concepts; a query of question words only
    ("combien") requires them."""
    required = [concept for concept in concepts if concept.required]
    optional = [concept for concept in concepts if not concept.required]
    if not required:
        for concept in optional:
            concept.required = True
            concept.weight /= OPTIONAL_WEIGHT
        required, optional = optional, []
    query.ignored = [concept.typed for concept in required[MAX_CONCEPTS:] + optional[MAX_OPTIONAL:]]
    kept = {id(concept) for concept in required[:MAX_CONCEPTS] + optional[:MAX_OPTIONAL]}
    return [concept for concept in concepts if id(concept) in kept]
