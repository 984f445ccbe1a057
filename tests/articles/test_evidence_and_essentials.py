"""An article's essentials and an indication page's evidence box: required where they must be, rendered the
same way everywhere, explained on one page, given to search engines."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from articles.models import EVIDENCE_FIELDS, Article, EvidenceLevel, Source
from mesoinfo.editorial.models import Status
from tests.support.admin_forms import form_values
from tests.support.factories import make_article
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

BOX = {f"{name}_{code}": f"{name} {code}." for name in EVIDENCE_FIELDS for code in ("fr", "en")}


def errors(obj):
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    return raised.value.message_dict


def test_a_page_goes_online_only_with_its_essentials_in_each_language_it_has(category):
    article = make_article(category, status=Status.DRAFT, essentials_fr="", essentials_en="")
    article.full_clean()  # a draft may wait for them
    article.status = Status.PUBLISHED
    found = errors(article)
    assert set(found) == {"essentials_fr", "essentials_en"}
    assert found["essentials_fr"] == ["Écrivez l’essentiel (deux à quatre phrases) avant de mettre la page en ligne."]
    article.essentials_fr = "L'essentiel. En bref."
    article.title_en = article.body_en = article.summary_en = ""  # not translated: no English essentials needed
    article.full_clean()


def test_the_evidence_box_is_complete_or_absent(category):
    article = make_article(category, evidence_level=EvidenceLevel.WEAK, **{**BOX, "evidence_price_en": ""})
    assert set(errors(article)) == {"evidence_price_en"}
    article.evidence_price_en = "About €40 to €200."
    article.full_clean()
    article.evidence_level = ""
    assert errors(article) == {
        "evidence_level": ["Choisissez ce que montrent les études, ou videz l’encadré sur les preuves."]
    }


def test_a_source_has_an_address_or_says_why_not(article):
    source = Source(article=article, title="Rapport", publisher="HAS", year=2014)
    assert "no_address" in errors(source)
    source.no_address = Source.NoAddress.NOT_ONLINE
    source.full_clean()
    assert source.get_no_address_display() == "Document non disponible en ligne"
    source.url = "https://example.org/rapport.pdf"
    assert "no_address" in errors(source)


def test_a_slug_is_unique_across_languages(category):
    make_article(category, slug="prix", slug_en="price")
    other = make_article(category, slug="tarif", slug_en="prix")
    assert errors(other) == {"slug_en": ["Une autre page utilise déjà cette adresse, en français ou en anglais."]}


def test_the_admin_refuses_a_slug_another_page_uses_in_the_other_language(staff_client, category, article):
    make_article(category, slug="prix", slug_en="price")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_values(staff_client.get(url), "article_form")
    data["slug_fr"] = "price"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Une autre page utilise déjà cette adresse" in response.content.decode()


def test_the_essentials_are_the_description_and_the_search_summary(category):
    first = "Une première phrase qui répond. " * 4
    essentials = first + "Une dernière phrase, bien plus longue que les autres, déborde."
    article = make_article(category, essentials_fr=essentials, meta_description_fr="")
    assert article.search_description == first.strip(), "whole sentences, never cut"
    assert article.search_summary() == f"{article.summary} {essentials}", "they weigh with the summary in search"
    article.meta_description_fr = "Une description écrite pour les moteurs."
    assert article.search_description == "Une description écrite pour les moteurs."


def test_the_article_opens_with_its_essentials_then_its_evidence_box(client, category):
    article = make_article(category, evidence_level=EvidenceLevel.NO_EVIDENCE, **BOX)
    html = client.get(article.get_absolute_url()).content.decode()
    essentials, evidence, body = (
        html.index(marker) for marker in ('class="essentials"', 'class="evidence"', "<h2 id=")
    )
    assert html.index("<h1>") < essentials < evidence
    assert "L’essentiel" in html and "Les preuves en bref" in html
    assert "Ce que montrent les études\u00a0: <strong>pas de preuve</strong>" in html
    labels = ["À quoi elle sert", "Ce que les études ont trouvé", "Nombre habituel de séances", "Fourchette de prix"]
    labels += ["Remboursement", "Principaux risques", "Traitements dont l’effet est prouvé"]
    positions = [html.index(f"<dt>{label}</dt>") for label in labels]
    assert positions == sorted(positions)
    assert f'href="{reverse("articles:evidence_scale")}"' in html
    assert body > 0


def test_the_evidence_box_is_in_the_structured_data_in_the_pages_language(client, category):
    article = make_article(category, evidence_level=EvidenceLevel.WEAK, **BOX)
    with translation.override("en"):
        english_path = article.get_absolute_url()
    page = parse(client.get(english_path))
    nodes = {node["@type"]: node for node in json.loads(page.json_ld[0])["@graph"]}
    about = nodes["MedicalWebPage"]["about"]
    assert about["@type"] == "MedicalTherapy" and about["name"] == "Mésothérapie"
    assert about["indication"] == {"@type": "MedicalIndication", "name": "evidence_used_for en."}
    assert about["study"]["name"] == "What the studies found: weak or conflicting evidence"
    assert (
        about["study"]["outcome"] == "evidence_studies en." and about["adverseOutcome"]["name"] == "evidence_risks en."
    )
    assert "Price range: evidence_price en." in nodes["MedicalWebPage"]["hasPart"]["text"]


def test_the_scale_is_explained_on_one_page_with_the_pages_at_each_level(client, category):
    weak = make_article(category, evidence_level=EvidenceLevel.WEAK, title_fr="Douleurs", **BOX)
    make_article(category, evidence_level=EvidenceLevel.WEAK, status=Status.DRAFT, title_fr="Brouillon", **BOX)
    response = client.get("/articles/niveaux-de-preuve/")
    html = response.content.decode()
    headings = [html.index(f'<h2 id="niveau-{level}">') for level in EvidenceLevel.values]
    assert headings == sorted(headings) and len(headings) == 4
    for level in EvidenceLevel:
        assert str(level.meaning) in html
    weak_section = html[headings[2] : headings[3]]
    assert f'<a href="{weak.get_absolute_url()}">Douleurs</a>' in weak_section and "Brouillon" not in html
    assert "Aucune de nos pages sur un usage de la mésothérapie n’est à ce niveau." in html[headings[3] :]
    assert parse(response).count("h1") == 1
    english = client.get("/en/articles/levels-of-evidence/").content.decode()
    assert "What the studies show: our scale" in english and "moderate evidence" in english


def test_an_article_without_evidence_box_shows_none(client, article):
    assert 'class="evidence"' not in client.get(article.get_absolute_url()).content.decode()
    assert Article.objects.with_evidence().count() == 0
