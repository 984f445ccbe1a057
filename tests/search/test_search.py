"""The site search: patient queries on the real content, bad queries, freshness of the index, synonyms,
highlighting and paging. Runs on PostgreSQL (full-text search) and SQLite (fallback)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import Status
from mesoinfo.search import index
from mesoinfo.search.backends import MAX_RESULTS, get_backend
from mesoinfo.search.engine import search
from mesoinfo.search.models import SearchDocument, Synonym
from mesoinfo.search.query import analyse
from tests.search.queries import ENGLISH, FRENCH
from tests.support.factories import make_article, make_question
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"
RESULT_LINK_RE = re.compile(r'<li class="search-result">\s*<h2><a href="([^"]+)">')


def search_path(prefix):
    return "/en/search/" if prefix == "/en" else "/recherche/"


def english_slug(french_slug):
    """English addresses carry English slugs: the one of the article or question whose French slug is given."""
    for model in (Article, Question):
        found = model.objects.filter(slug_fr=french_slug).values_list("slug_en", flat=True).first()
        if found:
            return found
    return french_slug


def result_urls(client, query, prefix="", **params):
    response = client.get(search_path(prefix), {"q": query, **params})
    assert response.status_code == 200, query
    return RESULT_LINK_RE.findall(response.content.decode())


def slugs(urls):
    return [url.rstrip("/").rsplit("/", 1)[-1] for url in urls]


def test_patient_queries_find_their_page_in_the_first_three_results(client):
    ContentLoader().load()
    table = [("", *row) for row in FRENCH] + [("/en", *row) for row in ENGLISH]
    checked, misses = 0, []
    for prefix, query, expected, on_sqlite in table:
        if not (POSTGRES or on_sqlite):
            continue
        checked += 1
        expected = english_slug(expected) if prefix else expected
        found = slugs(result_urls(client, query, prefix)[:3])
        if expected not in found:
            misses.append(f"{prefix or '/'} {query!r}: {expected} not in {found}")
    assert checked >= 20
    assert not misses, misses


def test_english_results_are_english_pages(client):
    ContentLoader().load()
    urls = result_urls(client, "side effects", "/en")
    assert urls and all(url.startswith("/en/") for url in urls)
    html = client.get("/en/search/", {"q": "side effects"}).content.decode()
    assert "Risks, <mark>side</mark> <mark>effects</mark> and contraindications" in html
    assert "Risques" not in html


def test_results_say_what_the_search_did(client):
    ContentLoader().load()
    html = client.get("/recherche/", {"q": "rembourssement sécu"}).content.decode()
    assert "Nous avons aussi cherché « remboursement », proche de « rembourssement »." in html
    assert "« sécu » trouve aussi : Assurance Maladie, Sécurité sociale." in html
    assert '<span class="badge">Question</span>' in html and '<span class="badge">Article</span>' in html
    assert "<mark>" in html


# Bad queries ----------------------------------------------------------------------------------------

BAD_QUERIES = [
    "",
    "   ",
    "a",
    "é",
    "x" * 10_000,
    "prix " * 2_000,
    "\x00",
    "prix\x00coût",
    "\x07\x1b[31m\x7f",
    "\u202eprix\u200b",
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "prix & (coût | !remboursé):*",
    "%_\\",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><b>gras</b>",
    "🙂",
    "💉💉💉",
    "prix 💶",
    "le la les de",
    "ﷺ\U0001f600𝔭𝔯𝔦𝔵",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_get_a_french_page_without_their_markup(client, question, query):
    for prefix in ("", "/en"):
        response = client.get(search_path(prefix), {"q": query})
        assert response.status_code in (200, 400), query
        page = parse(response)
        assert page.count("h1") == 1
        html = response.content.decode()
        for dangerous in ("<script>alert", "<img src=x", "</textarea><b>", "\x00", "\x1b"):
            assert dangerous not in html
    response = client.get("/recherche/", {"q": query})
    html = response.content.decode()
    assert '<html lang="fr">' in html and "Rechercher" in html
    if response.status_code == 400:
        assert re.search(r'<p class="field-error" id="recherche-erreur">[^<]*(Tapez|trop longue)', html), html


def test_each_bad_query_gets_its_own_french_reason(client):
    cases = {
        "a": "Tapez au moins 2 lettres ou chiffres.",
        "x" * 201: "Votre recherche est trop longue : 200 caractères au plus.",
        "🙂🙂": "Tapez des mots faits de lettres ou de chiffres.",
        "\x00\x01": "Tapez un mot ou une question à rechercher.",
    }
    for query, message in cases.items():
        response = client.get("/recherche/", {"q": query})
        assert response.status_code == 400
        assert message in response.content.decode()
    empty = client.get("/recherche/")
    assert empty.status_code == 200 and "Tapez un mot ou une question" in empty.content.decode()


def test_a_long_query_is_shown_back_cut_and_escaped(client):
    response = client.get("/recherche/", {"q": '"><b>' + "y" * 500})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="&quot;&gt;&lt;b&gt;' + "y" * 195 + '"' in html


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1e9", "", "2" * 50])
def test_any_page_number_answers(client, category, page):
    for _ in range(12):
        make_article(category, title_fr="Mésothérapie et genou")
    response = client.get("/recherche/", {"q": "genou", "page": page})
    assert response.status_code == 200
    assert RESULT_LINK_RE.findall(response.content.decode())


# The index follows the content ----------------------------------------------------------------------


def test_the_index_follows_saves_publication_and_deletion(client, category):
    article = make_article(category, title_fr="Le périoste expliqué", title_en="The periosteum explained")
    assert slugs(result_urls(client, "perioste")) == [article.slug]
    assert slugs(result_urls(client, "periosteum", "/en")) == [article.slug]

    article.title_fr = "Le cartilage expliqué"
    article.save()
    assert result_urls(client, "perioste") == []
    assert slugs(result_urls(client, "cartilage")) == [article.slug]

    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)  # admin bulk actions use update()
    assert result_urls(client, "cartilage") == []
    assert not SearchDocument.objects.filter(object_id=article.pk, published=True).exists()  # the copy follows
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert result_urls(client, "cartilage") == []
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(days=1))
    assert slugs(result_urls(client, "cartilage")) == [article.slug]
    Article.objects.filter(pk=article.pk).update(title_fr="Titre changé sans save()")  # no sync needed
    assert slugs(result_urls(client, "cartilage")) == [article.slug]

    article.delete()
    assert result_urls(client, "cartilage") == []
    assert not SearchDocument.objects.exists()


def test_questions_are_indexed_and_english_falls_back_to_french(client, theme):
    question = make_question(theme, question_fr="Faut-il éviter le hammam ?", question_en="", answer_en="")
    assert slugs(result_urls(client, "hammam")) == [question.slug]
    assert slugs(result_urls(client, "hammam", "/en")) == [question.slug]


def test_staff_synonyms_apply_to_queries(staff_client, client, category):
    article = make_article(category, title_fr="Les ecchymoses après une séance")
    assert result_urls(client, "marques violettes") == []
    response = staff_client.post(
        reverse("admin:search_synonym_add"),
        {"language": "fr", "phrase": "marques violettes", "alternatives": "ecchymoses, hématomes"},
    )
    assert response.status_code == 302
    assert slugs(result_urls(client, "Marque violette")) == [article.slug]
    assert result_urls(client, "marques violettes", "/en") == []  # a French synonym only


def test_synonym_form_refuses_empty_words(staff_client):
    response = staff_client.post(
        reverse("admin:search_synonym_add"), {"language": "fr", "phrase": "!!!", "alternatives": "…"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tapez au moins un mot." in html and "Tapez au moins un mot à rechercher." in html
    assert not Synonym.objects.exists()


# Results ----------------------------------------------------------------------------------------------


def test_excerpts_are_highlighted_and_escaped(client, category):
    make_article(
        category,
        title_fr="Profondeur des piqûres",
        body_fr="<p>La profondeur : &lt; 4 mm &amp; pas plus. &lt;script&gt;alert(1)&lt;/script&gt;</p>",
    )
    html = client.get("/recherche/", {"q": "profondeur"}).content.decode()
    assert "<mark>Profondeur</mark> des piqûres" in html
    assert "La <mark>profondeur</mark> : &lt; 4 mm &amp; pas plus" in html
    assert "<script>alert(1)" not in html


def test_results_are_paged(client, category):
    for number in range(23):
        make_article(category, title_fr=f"Séance numéro {number}", position=number)
    first = client.get("/recherche/", {"q": "numéro séance"}).content.decode()
    assert "23 résultats pour « numéro séance »" in first
    assert len(RESULT_LINK_RE.findall(first)) == 10
    assert "Page 1 sur 3" in first and 'href="?q=num%C3%A9ro%20s%C3%A9ance&amp;page=2"' in first
    last = client.get("/recherche/", {"q": "numéro séance", "page": 3}).content.decode()
    assert len(RESULT_LINK_RE.findall(last)) == 3 and '<ol class="search-results" start="21">' in last


def test_many_results_are_capped_and_every_page_shows_different_ones(client, category):
    now = timezone.now() - datetime.timedelta(days=1)
    Article.objects.bulk_create(
        Article(
            category=category, slug=f"genou-{n}", title_fr=f"Genou, cas {n}", summary_fr="Résumé.",
            body_fr=f"<p>Le genou {'et encore le genou ' * (n % 7)}.</p>", status=Status.PUBLISHED,
            published_at=now, position=n,
        )
        for n in range(MAX_RESULTS + 5)
    )  # fmt: skip
    index.update(Article.objects.all())
    first = client.get("/recherche/", {"q": "genou"}).content.decode()
    assert "Plus de 200 résultats pour « genou »" in first
    assert "Voici les 200 plus proches : ajoutez un mot pour préciser la recherche." in first
    seen = []
    for number in range(1, MAX_RESULTS // 10 + 1):
        seen += result_urls(client, "genou", page=number)
    assert len(seen) == len(set(seen)) == MAX_RESULTS
    assert result_urls(client, "genou", page=99) == result_urls(client, "genou", page=MAX_RESULTS // 10)


def test_nothing_found_offers_other_ways(client, question):
    ContentLoader().load()
    html = client.get("/recherche/", {"q": "xylophone"}).content.decode()
    assert "Aucune page ne correspond à « xylophone »." in html
    assert "Vérifiez l&#x27;orthographe" in html or "Vérifiez l'orthographe" in html
    assert 'href="/faq/cout/"' in html and 'href="/je-cherche-pour/arthrose/"' in html
    assert 'href="/glossaire/"' in html


def test_a_word_close_to_ours_is_proposed_when_nothing_is_found(client, category):
    make_article(category, title_fr="La mésothérapie des tendinites")
    query, _results, _page = search("tendiiiniiite", "fr")
    assert query.suggestion == "tendinites"
    html = client.get("/recherche/", {"q": "tendiiiniiite"}).content.decode()
    assert 'Vouliez-vous dire : <a href="/recherche/?q=tendinites">tendinites</a>' in html


def test_partial_matches_come_when_no_page_has_every_word(client, category):
    article = make_article(category, title_fr="Le prix d'une séance")
    html = client.get("/recherche/", {"q": "prix xylophone"}).content.decode()
    assert "Aucune page ne contient tous vos mots" in html
    assert article.get_absolute_url() in html


# Query analysis ------------------------------------------------------------------------------------


def test_analysis_applies_synonyms_corrections_and_stop_words(category):
    make_article(category, title_fr="Remboursement et Assurance Maladie")
    Synonym.objects.create(language="fr", phrase="Sécu", alternatives="Assurance Maladie, Sécurité sociale")
    Synonym.objects.create(language="fr", phrase="effets secondaires", alternatives="effets indésirables")
    query = analyse("Est-ce remboursé par la SECU ? Effet secondaire", "fr", get_backend())
    alternatives = [concept.alternatives for concept in query.concepts]
    assert ["secu", "assurance maladie", "securite sociale"] in alternatives
    assert ["effet secondaire", "effets indesirables"] in alternatives
    assert ["rembourse"] in alternatives
    assert all(stop not in str(alternatives) for stop in ("'est'", "'ce'", "'par'", "'la'"))
    typo = analyse("rembourssement", "fr", get_backend())
    assert typo.corrections == {"rembourssement": "remboursement"}
    assert typo.concepts[0].alternatives == ["remboursement", "rembourssement"]


def test_rebuilding_the_index_restores_what_was_changed_around_save(client, category):
    article = make_article(category, title_fr="Le périoste")
    SearchDocument.objects.all().delete()
    assert result_urls(client, "perioste") == []
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert slugs(result_urls(client, "perioste")) == [article.slug]
