"""Glossary: the A–Z page, and the first occurrence of a term in an article linking to its definition."""

import re

import pytest

from articles.models import Article
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import GlossaryTerm
from mesoinfo.editorial.prose import GlossaryLink, prepare
from tests.support.factories import make_article
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

LINKS = [
    GlossaryLink(("derme",), "/glossaire/#derme"),
    GlossaryLink(("épiderme",), "/glossaire/#epiderme"),
    GlossaryLink(("AMM",), "/glossaire/#amm"),
    GlossaryLink(("hors AMM",), "/glossaire/#hors-amm"),
    GlossaryLink(("hématome", "hématomes"), "/glossaire/#hematome"),
    GlossaryLink(("HAS",), "/glossaire/#has"),
]


def links_in(html):
    return re.findall(r'<a class="glossary-link" href="([^"]+)">([^<]+)</a>', html)


def test_first_occurrence_of_each_term_links_to_its_definition():
    html = prepare(
        "<h2>Le derme</h2>"
        "<p>L'épiderme couvre le derme. Le derme est souple.</p>"
        "<p>Un <a href='/x/'>derme</a> déjà lié. Des Hématomes, puis un hématome.</p>"
        "<p>Un produit hors AMM, puis l'AMM. La HAS has spoken; amm and has are words.</p>",
        LINKS,
    )["html"]
    assert links_in(html) == [
        ("/glossaire/#epiderme", "épiderme"),
        ("/glossaire/#derme", "derme"),
        ("/glossaire/#hematome", "Hématomes"),
        ("/glossaire/#hors-amm", "hors AMM"),
        ("/glossaire/#amm", "AMM"),
        ("/glossaire/#has", "HAS"),
    ]
    assert '<h2 id="le-derme">Le derme</h2>' in html  # never inside a heading
    assert '<a href="/x/">derme</a>' in html  # nor inside a link


def test_headings_get_anchors_and_a_table_of_contents():
    prepared = prepare(
        "<h2>En bref</h2><p>Un deux trois.</p><h3>Détail</h3><h2>Sources</h2><h2>En bref</h2><h3></h3>", []
    )
    assert prepared["toc"] == [
        {"id": "en-bref", "text": "En bref", "children": [{"id": "detail", "text": "Détail", "children": []}]},
        {"id": "sources-2", "text": "Sources", "children": []},  # "sources" belongs to the page's trust block
        {"id": "en-bref-2", "text": "En bref", "children": [{"id": "partie", "text": "", "children": []}]},
    ]
    assert '<h2 id="sources-2">Sources</h2>' in prepared["html"]
    assert prepared["minutes"] == 1


def test_reading_time_counts_the_words():
    assert prepare("<p>" + "mot " * 1000 + "</p>")["minutes"] == 5
    assert prepare("")["minutes"] == 0


def test_text_stays_escaped():
    html = prepare("<p>moins de 4 mm &lt; 6 mm &amp; derme</p>", LINKS)["html"]
    assert html == '<p>moins de 4 mm &lt; 6 mm &amp; <a class="glossary-link" href="/glossaire/#derme">derme</a></p>'


def test_article_pages_link_terms_in_their_language(client, category):
    GlossaryTerm.objects.create(
        slug="derme", term_fr="derme", term_en="dermis", definition_fr="Une couche.", definition_en="A layer."
    )
    article = make_article(
        category,
        body_fr="<h2>Où ?</h2><p>Dans le derme, puis encore le derme.</p>",
        body_en="<h2>Where?</h2><p>Into the dermis.</p>",
    )
    french = client.get(article.get_absolute_url()).content.decode()
    assert links_in(french) == [("/glossaire/#derme", "derme")]
    english = client.get(f"/en{article.get_absolute_url()}").content.decode()
    assert links_in(english) == [("/en/glossary/#derme", "dermis")]
    glossary = client.get("/glossaire/").content.decode()
    assert '<dt id="derme">derme</dt>' in glossary  # the link's target exists: no JavaScript needed


def test_a_glossary_change_prepares_the_articles_again(client, category):
    article = make_article(category, body_fr="<p>Une ecchymose et un hématome.</p>")
    assert links_in(client.get(article.get_absolute_url()).content.decode()) == []
    term = GlossaryTerm.objects.create(slug="hematome", term_fr="hématome", definition_fr="Une poche de sang.")
    assert links_in(client.get(article.get_absolute_url()).content.decode()) == [("/glossaire/#hematome", "hématome")]
    term.term_fr = "ecchymose"
    term.save()
    assert links_in(client.get(article.get_absolute_url()).content.decode()) == [("/glossaire/#hematome", "ecchymose")]
    term.delete()
    assert links_in(client.get(article.get_absolute_url()).content.decode()) == []


def test_article_written_in_bulk_still_shows_anchors(client, category):
    article = make_article(category, body_fr="<h2>Partie une</h2><p>Texte.</p><h2>Partie deux</h2>")
    Article.objects.filter(pk=article.pk).update(prepared_text={})
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h2 id="partie-une">Partie une</h2>' in html and 'href="#partie-deux"' in html


def test_glossary_page_lists_terms_a_to_z_in_each_language(client):
    ContentLoader().load()
    assert GlossaryTerm.objects.count() >= 25
    for path in ("/glossaire/", "/en/glossary/"):
        response = client.get(path)
        page = parse(response)
        html = response.content.decode()
        terms = re.findall(r'<dt id="[^"]+">([^<]+)</dt>', html)
        assert len(terms) == GlossaryTerm.objects.count()
        letters = re.findall(r'<h2 id="lettre-([a-z#])">', html)
        assert letters == sorted(letters) and len(letters) >= 10
        for letter in letters:
            assert f'href="#lettre-{letter}"' in html
        assert page.count("h1") == 1
    french = client.get("/glossaire/").content.decode()
    for term in ("derme", "hypoderme", "épiderme", "AMM", "hors AMM", "ecchymose", "tendinite", "asepsie"):
        assert f">{term}</dt>" in french
    assert ">bruise</dt>" in client.get("/en/glossary/").content.decode()


def test_real_articles_explain_their_medical_words(client):
    ContentLoader().load()
    article = Article.objects.get(slug="techniques-et-profondeurs")
    html = client.get(article.get_absolute_url()).content.decode()
    linked = {url.rsplit("#", 1)[1] for url, _text in links_in(html)}
    assert {"derme", "hypoderme", "epiderme"} <= linked
    assert len(links_in(html)) == len(linked), "one link per term"
