"""What counts as medical text, and which changes keep a medical sign-off (mesoinfo.editorial.review)."""

import pytest

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.review import ChangeKind, changed_tokens, classify

BODY = "<p>La mésothérapie est efficace sur la douleur dans 10 % des cas, selon une étude.</p>"
THREE_TYPOS = BODY.replace("efficace", "eficace").replace("étude", "etude").replace("mésothérapie", "mesothérapie")


@pytest.mark.parametrize(
    ("new", "kind"),
    [
        (BODY, ChangeKind.NONE),
        # Minor corrections: a typo, an accent, an agreement, two letters swapped — three at most.
        (BODY.replace("efficace", "eficace"), ChangeKind.MINOR),
        (BODY.replace("étude", "etude"), ChangeKind.MINOR),
        (BODY.replace("douleur", "douleurs"), ChangeKind.MINOR),
        (BODY.replace("douleur", "douluer"), ChangeKind.MINOR),
        (THREE_TYPOS, ChangeKind.MINOR),
        (BODY.replace(",", ";"), ChangeKind.MINOR),
        # Medical changes: more than three corrections, a word added or removed, a figure, a new meaning…
        (THREE_TYPOS.replace("douleur", "douleurs"), ChangeKind.MEDICAL),
        (BODY.replace("est efficace", "n'est pas efficace"), ChangeKind.MEDICAL),
        (BODY.replace("efficace", "inefficace"), ChangeKind.MEDICAL),
        (BODY.replace("10", "100"), ChangeKind.MEDICAL),
        (BODY.replace("10", "19"), ChangeKind.MEDICAL),
        (BODY.replace("la douleur", "le dos"), ChangeKind.MEDICAL),
        (BODY.replace(" des ", " les "), ChangeKind.MEDICAL),  # a short word changed by more than an accent
        (BODY.replace("<p>", "<p><strong>").replace("</p>", "</strong></p>"), ChangeKind.MEDICAL),
        (BODY.replace("étude", '<a href="https://example.org">étude</a>'), ChangeKind.MEDICAL),
    ],
)
def test_the_kind_of_a_change_to_the_french_text(new, kind):
    assert classify({"body_fr": BODY}, {"body_fr": new}, english_changed=False) == kind


def test_english_only_is_a_translation_change_and_both_count_as_the_french_one():
    assert classify({"body_fr": BODY}, {"body_fr": BODY}, english_changed=True) == ChangeKind.TRANSLATION
    typo = BODY.replace("efficace", "eficace")
    assert classify({"body_fr": BODY}, {"body_fr": typo}, english_changed=True) == ChangeKind.MINOR


def test_corrections_add_up_over_the_fields():
    old = {"title_fr": "Le prix dune séance", "body_fr": BODY}
    new = {"title_fr": "Le prix d'une séance", "body_fr": BODY}
    assert classify(old, new, english_changed=False) == ChangeKind.MEDICAL  # "dune" → "d ' une": words added
    assert changed_tokens("Mésothérapie et dos", "Mésothérapie et Dos") == 1
    assert changed_tokens("<p>Un texte</p>", "<p>Un texte</p>") == 0


def test_medical_text_is_the_french_text_of_the_translated_fields_but_those_for_search_engines():
    assert {"body_fr", "summary_fr", "title_fr"} <= set(Article.medical_attnames())
    assert {"answer_fr", "question_fr"} <= set(Question.medical_attnames())
    for names in (Article.medical_attnames(), Question.medical_attnames()):
        assert not {"meta_description_fr", "slug_fr"} & set(names)
        assert all(name.endswith("_fr") for name in names), "English is a translation, not medical text"


def test_the_same_markup_written_differently_is_no_change():
    old = '<p>Voir <a href="https://www.has-sante.fr/" rel="noopener">la HAS</a>.</p>'
    new = '<p>Voir  <a rel="noopener" href="https://www.has-sante.fr/">la HAS</a>.</p>\n'
    assert changed_tokens(old, new) == 0
    assert classify({"body_fr": old}, {"body_fr": new}, english_changed=False) == ChangeKind.NONE
