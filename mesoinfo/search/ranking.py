"""How pages are ordered, the same on every database: each backend finds the candidates and says which of the
query's stems each has, and where; `rank()` scores them.

A page's score:

- for each required concept, its weight (idf) times where the page has it: title 1, summary (the answer at
  a glance) 0.6, a heading 0.35, only the body 0.15; through a synonym or a correction, SECONDARY of that;
- for each optional concept (question words), the same, but nothing for the body;
- TITLE_HAS_ALL when the title has every required concept as typed (SECONDARY of it through synonyms): such
  a page comes first;
- TITLE_SHARE times the share of the title's words that the query has, each counted at its weight:
  "Cellulite" before "Peau, cheveux et cellulite";
- TITLE_IS_QUERY when the title is the query itself, TITLE_HAS_QUERY when it holds it ("effets
  secondaires");
- the document's boost (below 0 for glossary definitions: they come after the pages that explain).
"""

from dataclasses import dataclass

# Where a stem is found, and what each place is worth.
TITLE, SUMMARY, HEADING, BODY, NOWHERE = 3, 2, 1, 0, -1
FIELD_WEIGHTS = {TITLE: 1.0, SUMMARY: 0.6, HEADING: 0.35, BODY: 0.15, NOWHERE: 0.0}
HEAD_PLACES = (TITLE, SUMMARY, HEADING)
SECONDARY = 0.8
TITLE_HAS_ALL = 2.0
TITLE_SHARE = 0.5
TITLE_IS_QUERY = 1.0
TITLE_HAS_QUERY = 0.5


@dataclass
class Candidate:
    """A page that may be a result, as its backend read it."""

    id: int
    head: dict  # stem of the query -> the places of the head (TITLE, SUMMARY, HEADING) that have it
    body: frozenset | None  # the query's stems found anywhere; None: it has every required concept
    title_terms: int
    title_key_is_query: bool
    title_key_has_query: bool
    boost: float
    shown: dict | None = None  # what its result shows (`backends.SHOWN`), when the backend read it with it

    def place(self, alternatives):
        """The best place that has every stem of one of `alternatives`."""
        best = NOWHERE
        for stems in alternatives:
            for place in HEAD_PLACES:
                if place > best and all(place in self.head.get(stem, ()) for stem in stems):
                    best = place
                    break
            else:
                if best < BODY and (self.body is None or all(stem in self.body for stem in stems)):
                    best = BODY
        return best

    @property
    def complete(self):
        return self.body is None


def score(query, candidate):
    """The score of a candidate (see the module's docstring)."""
    total, all_typed, all_any = 0.0, True, True
    for concept in query.scored:
        anywhere = candidate.place(concept.alternatives)
        primary = candidate.place(concept.primary)
        if anywhere == BODY:
            primary = BODY  # in the body, which alternative it is does not matter
        if not concept.required:
            primary, anywhere = (NOWHERE if place == BODY else place for place in (primary, anywhere))
        else:
            all_typed &= primary == TITLE
            all_any &= anywhere == TITLE
        total += concept.weight * max(FIELD_WEIGHTS[primary], SECONDARY * FIELD_WEIGHTS[anywhere])
    if query.required:
        total += TITLE_HAS_ALL * (1.0 if all_typed else SECONDARY if all_any else 0.0)
    weights = query.stem_weights
    in_title = sum(weight for stem, weight in weights.items() if TITLE in candidate.head.get(stem, ()))
    total += TITLE_SHARE * min(1.0, in_title / max(candidate.title_terms, 1))
    total += TITLE_IS_QUERY * candidate.title_key_is_query + TITLE_HAS_QUERY * candidate.title_key_has_query
    return total + candidate.boost


def rank(query, candidates):
    """[(score, candidate)], best first (ties: the older document first)."""
    scored = [(score(query, candidate), candidate) for candidate in candidates]
    return sorted(scored, key=lambda item: (-item[0], item[1].id))


def phrase_params(query):
    """(the query as a title would say it, whether a title holding it counts: two words or more)."""
    return query.phrase, len(query.phrase.split()) > 1
