"""The glossary, health problems and synonyms that `load_content` loads: present, translated, plain."""

import pytest

from articles.models import Article
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import GlossaryTerm
from mesoinfo.pages.models import Condition
from mesoinfo.search.models import Synonym
from tests.content.test_content import english_words
from tests.support.readability import measure

pytestmark = pytest.mark.django_db

REQUIRED_TERMS = [
    "derme", "hypoderme", "épiderme", "AMM", "hors AMM", "ecchymose", "hématome", "tendinite", "asepsie",
    "arthrose", "lombalgie", "cervicalgie", "anticoagulant", "anesthésique local", "procaïne", "lidocaïne",
    "mycobactérie atypique", "nécrose", "acouphènes", "zona", "DIU", "Inserm", "HAS", "CCAM", "mutuelle",
    "kinésithérapie",
]  # fmt: skip
REQUIRED_CONDITIONS = [
    "arthrose", "mal-de-dos", "tendinite", "chute-de-cheveux", "jambes-lourdes", "cellulite", "acouphenes",
    "zona", "entorse", "cicatrices",
]  # fmt: skip
# The examples: what patients type, and a word our pages use instead.
REQUIRED_SYNONYMS = {"prix": "coût", "sécu": "Assurance Maladie", "effets secondaires": "effets indésirables"}
PROMISES = ("guérit", "garanti", "miracle", "définitivement", "sans risque")


@pytest.fixture
def loaded():
    ContentLoader().load()


def test_glossary_has_the_words_our_pages_use_in_both_languages(loaded):
    terms = {term.term_fr: term for term in GlossaryTerm.objects.all()}
    assert len(terms) >= 25
    assert not [term for term in REQUIRED_TERMS if term not in terms]
    for term in terms.values():
        assert term.term_en and term.definition_en, term.slug
        assert not english_words(f"<p>{term.definition_fr}</p>"), term.slug


def test_definitions_are_short_plain_and_promise_nothing(loaded):
    for term in GlossaryTerm.objects.all():
        figures = measure(f"<p>{term.definition_fr}</p>")
        assert figures["words"] <= 50, f"{term.slug}: {figures['words']} words"
        assert figures["words_per_sentence"] <= 20, f"{term.slug}: {figures['words_per_sentence']} words a sentence"
        assert not [word for word in PROMISES if word in term.definition_fr.lower()], term.slug


def test_health_problems_lead_to_published_articles(loaded):
    conditions = {condition.slug: condition for condition in Condition.objects.all()}
    assert len(conditions) >= 10
    assert not [slug for slug in REQUIRED_CONDITIONS if slug not in conditions]
    for condition in conditions.values():
        assert condition.name_en and condition.description_fr and condition.description_en, condition.slug
        assert Article.objects.published().filter(conditions=condition).exists(), condition.slug
        assert not english_words(f"<p>{condition.description_fr}</p>"), condition.slug


def test_synonyms_cover_what_patients_type(loaded):
    for phrase, alternative in REQUIRED_SYNONYMS.items():
        synonym = Synonym.objects.get(language="fr", phrase=phrase)
        assert alternative in synonym.alternative_list
    assert Synonym.objects.filter(language="en").count() >= 10
