"""French typography: non-breaking spaces before « : ; ! ? » and inside « », typographic apostrophes; applied to
the content files, to what staff save in the admin, and to the prepared text of every page."""

import pytest

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.typography import NBSP, NNBSP, apply, apply_html
from tests.support.admin_forms import admin_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "french"),
    [
        ("Combien ça coûte ?", f"Combien ça coûte{NNBSP}?"),
        ("En bref : oui", f"En bref{NBSP}: oui"),
        ("Attention: risque", f"Attention{NBSP}: risque"),
        ("« hors AMM »", f"«{NBSP}hors AMM{NBSP}»"),
        ("«hors AMM»", f"«{NBSP}hors AMM{NBSP}»"),
        ("l'article d'aujourd'hui", "l’article d’aujourd’hui"),
        ("Vraiment ! Oui ; non", f"Vraiment{NNBSP}! Oui{NNBSP}; non"),
        ("À 14:30, voir https://www.has-sante.fr/x?y=1", "À 14:30, voir https://www.has-sante.fr/x?y=1"),
    ],
)
def test_french_typography_of_plain_text(typed, french):
    assert apply(typed, "fr") == french
    assert apply(french, "fr") == french  # idempotent


def test_english_gets_only_the_apostrophes():
    assert apply("Don't worry: it's fine?", "en") == "Don’t worry: it’s fine?"


def test_html_keeps_its_tags_attributes_addresses_and_references():
    html = '<p>L\'Inserm : <a href="https://x.fr/?a=1&amp;b=2" title="l\'avis : oui">lien ?</a> &amp; fin ; !</p>'
    assert apply_html(html, "fr") == (
        f'<p>L’Inserm{NBSP}: <a href="https://x.fr/?a=1&amp;b=2" title="l\'avis : oui">lien{NNBSP}?</a>'
        f" &amp; fin{NNBSP}; !</p>"
    )


def test_the_content_is_loaded_with_french_typography():
    ContentLoader().load()
    question = Question.objects.get(slug="combien-coute-une-seance-de-mesotherapie")
    assert question.question_fr.endswith(f"{NNBSP}?") and " ?" not in question.question_fr
    assert "'" not in question.answer_fr
    article = Article.objects.get(slug="douleurs-et-rhumatologie")
    assert f"{NBSP}:" in article.title_fr and " :" not in article.prose["html"]
    assert question.question_en.endswith("?") and NNBSP not in question.question_en


def test_what_staff_type_in_the_admin_is_saved_with_french_typography(staff_client, question):
    url, data = admin_form(staff_client, Question, question)
    data["question_fr"] = ["Faut-il l'éviter en été ?"]
    data["answer_fr"] = ["<p>Oui : le soleil ; « pas d'exposition » !</p>"]
    data["_save"] = ["Enregistrer"]
    data["publish_unreviewed"] = ["on"]  # a superuser changing an online page's medical text says so
    assert staff_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.question_fr == f"Faut-il l’éviter en été{NNBSP}?"
    assert question.answer_fr == f"<p>Oui&nbsp;: le soleil{NNBSP}; «&nbsp;pas d’exposition&nbsp;»{NNBSP}!</p>"
    assert f"Oui{NBSP}: le soleil" in question.prose["html"]
    saved = question.answer_fr
    assert (
        staff_client.post(url, admin_form(staff_client, Question, question)[1] | {"_save": ["Enregistrer"]}).status_code
        == 302
    )
    question.refresh_from_db()
    assert question.answer_fr == saved  # saving again changes nothing
