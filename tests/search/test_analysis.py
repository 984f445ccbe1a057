"""How the search reads words and queries: French and English word forms, stop words and question words,
synonyms and spelling corrections, and the blocks of a page's HTML."""

import pytest

from mesoinfo.search import analysis
from mesoinfo.search.backends import get_backend
from mesoinfo.search.models import Synonym
from mesoinfo.search.query import MAX_CONCEPTS, analyse
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db

FRENCH_FAMILIES = [
    ("rembourser", "remboursement", "remboursements", "remboursée", "remboursee", "remboursées", "rembourse"),
    ("séance", "séances", "seance"),
    ("coût", "coûts", "coûte", "couter"),
    ("genou", "genoux"),
    ("injection", "injections", "injecter"),
    ("effets", "effet", "efets"),
    ("mésothérapie", "mesotherapies", "MÉSOTHÉRAPIE"),
    ("douloureux", "douloureuse"),
    ("acouphène", "acouphènes", "acouphene"),
]
ENGLISH_FAMILIES = [
    ("reimburse", "reimbursed", "reimbursement", "reimbursements"),
    ("bruise", "bruises", "bruised", "bruising"),
    ("session", "sessions"),
    ("injection", "injections", "injected"),
    ("effective", "effectiveness"),
]


def stem_of(word, language):
    return analysis.stem(analysis.words(word)[0], language)


@pytest.mark.parametrize("family", FRENCH_FAMILIES)
def test_french_word_forms_share_a_stem(family):
    assert len({stem_of(word, "fr") for word in family}) == 1, {word: stem_of(word, "fr") for word in family}


@pytest.mark.parametrize("family", ENGLISH_FAMILIES)
def test_english_word_forms_share_a_stem(family):
    assert len({stem_of(word, "en") for word in family}) == 1, {word: stem_of(word, "en") for word in family}


def test_different_words_keep_different_stems():
    for first, second in [("prix", "pris"), ("douleur", "douloureux"), ("cellulite", "cellules"), ("mal", "malade")]:
        assert stem_of(first, "fr") != stem_of(second, "fr"), (first, second)
    assert stem_of("ANLB003", "fr") == "anlb003"


def test_question_words_are_optional_and_stop_words_dropped(category):
    make_article(category, title_fr="Combien de séances faut-il faire ?")
    query, _vocabulary = analyse("Combien de séances faut-il faire ?", "fr", get_backend())
    assert [(concept.typed, concept.required) for concept in query.concepts] == [
        ("combien", False),
        ("seances", True),
    ]
    alone, _vocabulary = analyse("combien ?", "fr", get_backend())
    assert [(concept.typed, concept.required) for concept in alone.concepts] == [("combien", True)]
    english, _vocabulary = analyse("How many sessions will I need?", "en", get_backend())
    assert [concept.typed for concept in english.required] == ["sessions", "need"]


def test_a_common_word_weighs_less_than_a_rare_one(category):
    for number in range(6):
        make_article(category, title_fr=f"Mésothérapie, partie {number}")
    make_article(category, title_fr="Mésothérapie du genou")
    query, _vocabulary = analyse("mésothérapie genou", "fr", get_backend())
    weights = {concept.typed: concept.weight for concept in query.concepts}
    assert weights["genou"] > 2 * weights["mesotherapie"]


def test_analysis_applies_synonyms_corrections_and_stop_words(category):
    make_article(category, title_fr="Remboursement et Assurance Maladie")
    Synonym.objects.create(language="fr", phrase="Sécu", alternatives="Assurance Maladie, Sécurité sociale")
    Synonym.objects.create(language="fr", phrase="effets secondaires", alternatives="effets indésirables")
    query, _vocabulary = analyse("Est-ce remboursé par la SECU ? Effet secondaire", "fr", get_backend())
    alternatives = [concept.alternatives for concept in query.concepts]
    assert [("secu",), ("asuranc", "malad"), ("securit", "social")] in alternatives
    assert [("efet", "secondair"), ("efet", "indesirabl")] in alternatives
    assert [("rembours",)] in alternatives
    assert all(stop not in str(alternatives) for stop in ("'est'", "'ce'", "'par'", "'la'"))
    assert query.expansions == [
        ("Sécu", ["Assurance Maladie", "Sécurité sociale"]),
        ("effets secondaires", ["effets indésirables"]),
    ]
    typo, _vocabulary = analyse("rembourssement", "fr", get_backend())
    assert typo.corrections == {"rembourssement": "remboursement"}
    assert typo.concepts[0].alternatives == [("rembours",)]
    same_family, _vocabulary = analyse("remboursées", "fr", get_backend())
    assert same_family.corrections == {}  # another form of our word: found without a note


def test_a_long_query_keeps_its_first_concepts(category):
    query, _vocabulary = analyse(" ".join(f"mot{n}" for n in range(40)), "fr", get_backend())
    assert len(query.required) == MAX_CONCEPTS
    assert query.ignored == [f"mot{n}" for n in range(MAX_CONCEPTS, 40)]


def test_html_blocks_keep_headings_apart():
    blocks = analysis.html_blocks(
        "<h2>En bref</h2><p>La douleur. <strong>Elle</strong> passe.</p><ul><li>Un</li><li>Deux</li></ul>"
        "<h3>Le prix</h3><p>Trente&nbsp;euros &amp; plus.</p>"
    )
    assert blocks == [
        (True, "En bref"),
        (False, "La douleur. Elle passe."),
        (False, "Un"),
        (False, "Deux"),
        (True, "Le prix"),
        (False, "Trente\xa0euros & plus."),
    ]
    assert analysis.sentences("La douleur. Elle passe ! Et après ? 3 jours… « Non ».") == [
        "La douleur.",
        "Elle passe !",
        "Et après ?",
        "3 jours…",
        "« Non ».",
    ]


def test_marked_words_are_the_forms_of_the_stems_searched():
    pieces = analysis.highlight_stems("Remboursée ? Le remboursement, rembourser… pris", {"rembours"}, "fr")
    assert [piece for piece, marked in pieces if marked] == ["Remboursée", "remboursement", "rembourser"]
    assert "".join(piece for piece, _marked in pieces) == "Remboursée ? Le remboursement, rembourser… pris"
