"""The search page: what a results page says, bad queries, paging, synonyms edited by staff, snippets and
what each kind of page looks like in the results. Runs on PostgreSQL (full-text search) and SQLite
(fallback); the relevance table is in test_relevance.py, the index in test_index.py."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import GlossaryTerm, Status
from mesoinfo.pages.models import Condition
from mesoinfo.search import index
from mesoinfo.search.backends import MAX_RESULTS
from mesoinfo.search.engine import search
from mesoinfo.search.models import Synonym
from mesoinfo.search.snippets import EXCERPT_CHARACTERS
from tests.support.factories import make_article, make_question
from tests.support.markup import parse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_search_rendered(settings):
    """These tests search more often than a visitor may (see test_throttle.py), and read each page's results:
    none comes from the cache (see test_responses.py)."""
    settings.SEARCH_RATE_LIMIT = 0
    settings.SEARCH_CACHE_SECONDS = 0


def search_path(prefix):
    return "/en/search/" if prefix == "/en" else "/recherche/"


def results(client, query, prefix="", **params):
    response = client.get(search_path(prefix), {"q": query, **params})
    assert response.status_code == 200, query
    page = response.context["page"]
    return list(page) if page else []


def urls(client, query, prefix="", **params):
    return [result.url for result in results(client, query, prefix, **params)]


def test_english_results_are_english_pages(client):
    ContentLoader().load()
    found = urls(client, "side effects", "/en")
    assert found and all(url.startswith("/en/") for url in found)
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


def test_health_problems_and_glossary_terms_are_results_of_their_own(client):
    ContentLoader().load()
    cellulite = results(client, "cellulite")
    assert [result.url for result in cellulite[:2]] == ["/je-cherche-pour/cellulite/", "/glossaire/#cellulite"]
    assert str(cellulite[0].kind) == "problème de santé" and cellulite[0].section_url == "/je-cherche-pour/"
    assert str(cellulite[1].kind) == "terme du glossaire" and cellulite[1].section_url == "/glossaire/"
    assert "<mark>cellulite</mark>" in cellulite[1].excerpt_html.lower()
    assert "/en/health-problems/cellulite/" in urls(client, "cellulite", "/en")


def test_a_health_problem_is_found_only_while_one_of_its_pages_is_published(client, category):
    condition = Condition.objects.create(slug="hallux", name_fr="Hallux valgus", name_en="Bunion")
    assert urls(client, "hallux") == []
    article = make_article(category, status=Status.DRAFT)
    article.conditions.add(condition)
    assert urls(client, "hallux") == []
    article.status = Status.PUBLISHED
    article.save()
    assert urls(client, "hallux") == [condition.get_absolute_url()]
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)  # an admin action
    assert urls(client, "hallux") == []
    Article.objects.filter(pk=article.pk).update(status=Status.PUBLISHED)
    assert urls(client, "hallux") == [condition.get_absolute_url()]
    article.conditions.remove(condition)
    assert urls(client, "hallux") == []
    condition.articles.add(article)
    assert urls(client, "hallux") == [condition.get_absolute_url()]
    article.delete()
    assert urls(client, "hallux") == []


def test_a_glossary_term_is_found_by_its_other_forms_after_the_pages(client, category):
    article = make_article(category, title_fr="Les ecchymoses après une séance")
    GlossaryTerm.objects.create(
        slug="ecchymose", term_fr="ecchymose", other_forms_fr="bleu", definition_fr="Une tache sous la peau."
    )
    assert urls(client, "ecchymoses") == [article.get_absolute_url(), "/glossaire/#ecchymose"]
    assert urls(client, "bleu") == ["/glossaire/#ecchymose"]


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
    "a:* | b:A & !c <-> d",
    "%_\\",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><b>gras</b>",
    "🙂",
    "💉💉💉",
    "prix 💶",
    "le la les de",
    "combien",
    "ﷺ\U0001f600𝔭𝔯𝔦𝔵",
    " ".join(f"w{n:03d}x" for n in range(40)),
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


def test_a_long_query_keeps_its_first_words_and_says_so(client, category):
    article = make_article(category, title_fr="Genou et cheville")
    words = "genou cheville " + " ".join(f"mot{n}" for n in range(30))
    html = client.get("/recherche/", {"q": words}).content.decode()
    assert "Pour que la recherche reste rapide, ces mots ont été laissés de côté\u00a0: mot4, mot5" in html
    assert article.get_absolute_url() in html


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1e9", "", "2" * 50])
def test_any_page_number_answers(client, category, page):
    for _ in range(12):
        make_article(category, title_fr="Mésothérapie et genou")
    assert urls(client, "genou", page=page)


def test_results_are_paged(client, category):
    for number in range(23):
        make_article(category, title_fr=f"Séance numéro {number}", position=number)
    first = client.get("/recherche/", {"q": "numéro séance"}).content.decode()
    assert "23 résultats pour « numéro séance »" in first
    assert len(urls(client, "numéro séance")) == 10
    assert "Page 1 sur 3" in first and 'href="?q=num%C3%A9ro%20s%C3%A9ance&amp;page=2"' in first
    last = client.get("/recherche/", {"q": "numéro séance", "page": 3}).content.decode()
    assert len(urls(client, "numéro séance", page=3)) == 3 and '<ol class="search-results" start="21">' in last
    every = [url for number in (1, 2, 3) for url in urls(client, "numéro séance", page=number)]
    assert len(set(every)) == 23


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
        seen += urls(client, "genou", page=number)
    assert len(seen) == len(set(seen)) == MAX_RESULTS
    assert urls(client, "genou", page=99) == urls(client, "genou", page=MAX_RESULTS // 10)


def test_nothing_found_offers_other_ways(client, question):
    ContentLoader().load()
    html = client.get("/recherche/", {"q": "xylophone"}).content.decode()
    assert "Aucune page ne correspond à « xylophone »." in html
    assert "Vérifiez l&#x27;orthographe" in html or "Vérifiez l'orthographe" in html
    assert 'href="/faq/cout/"' in html and 'href="/je-cherche-pour/arthrose/"' in html
    assert 'href="/glossaire/"' in html


def test_a_word_close_to_ours_is_proposed_when_nothing_is_found(client, category):
    make_article(category, title_fr="La mésothérapie des tendinites")
    query, _results, _page = search("tenonite", "fr")
    assert query.suggestion == "tendinites"
    html = client.get("/recherche/", {"q": "tenonite"}).content.decode()
    assert 'Vouliez-vous dire : <a href="/recherche/?q=tendinites">tendinites</a>' in html


def test_partial_matches_come_when_no_page_has_every_word(client, category):
    article = make_article(category, title_fr="Le prix d'une séance")
    html = client.get("/recherche/", {"q": "prix xylophone"}).content.decode()
    assert "Aucune page ne contient tous vos mots" in html
    assert article.get_absolute_url() in html


def test_a_page_with_the_rarest_word_in_its_title_is_found_without_the_others(client, category, theme):
    question = make_question(theme, question_fr="Une boule est apparue après une séance : que faire ?")
    make_article(category, title_fr="La peau", body_fr="<p>La peau et sa boule de graisse.</p>")
    for _ in range(5):
        make_article(category, title_fr="Soigner la peau")
    assert urls(client, "une boule sur la peau")[0] == question.get_absolute_url()


# Staff synonyms -------------------------------------------------------------------------------------


def test_staff_synonyms_apply_to_queries(staff_client, client, category):
    article = make_article(category, title_fr="Les ecchymoses après une séance")
    assert urls(client, "marques violettes") == []
    response = staff_client.post(
        reverse("admin:search_synonym_add"),
        {"language": "fr", "phrase": "marques violettes", "alternatives": "ecchymoses, hématomes"},
    )
    assert response.status_code == 302
    assert urls(client, "Marque violette") == [article.get_absolute_url()]
    assert urls(client, "marques violettes", "/en") == []  # a French synonym only


def test_synonym_form_refuses_empty_words(staff_client):
    response = staff_client.post(
        reverse("admin:search_synonym_add"), {"language": "fr", "phrase": "!!!", "alternatives": "…"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tapez au moins un mot." in html and "Tapez au moins un mot à rechercher." in html
    assert not Synonym.objects.exists()


# Snippets ---------------------------------------------------------------------------------------------

ARTICLE_BODY = (
    """
<h2>En bref</h2>
<p>La douleur est le premier motif de consultation. Elle touche souvent le genou.</p>
<h2>Le prix</h2>
<p>Une séance de mésothérapie coûte entre quarante et quatre-vingts euros, selon le médecin et la zone. """
    + ("Cette phrase sert à allonger le paragraphe pour que le résumé doive être coupé quelque part. " * 4)
    + """Le remboursement de la séance par l'Assurance Maladie est nul : sa base de remboursement est de zéro euro.</p>
"""
)


@pytest.fixture
def long_article(category):
    return make_article(category, title_fr="Tout savoir", summary_fr="Un résumé sans rapport.", body_fr=ARTICLE_BODY)


def excerpt_of(client, query):
    found = results(client, query)
    assert found, query
    return str(found[0].excerpt_html)


def test_the_snippet_is_the_sentence_that_matches_best(client, long_article):
    snippet = excerpt_of(client, "remboursement zéro euro")
    assert snippet.startswith("Le <mark>remboursement</mark> de la séance par l&#x27;Assurance Maladie est nul")
    assert "<mark>zéro</mark> <mark>euro</mark>" in snippet
    assert "allonger" not in snippet


def test_the_snippet_never_runs_a_heading_into_the_text(client, long_article):
    snippet = excerpt_of(client, "douleur genou")
    assert snippet.startswith("La <mark>douleur</mark> est le premier motif")
    assert "En bref" not in snippet and "Le prix" not in snippet
    assert "Elle touche souvent le <mark>genou</mark>." in snippet  # a short sentence goes on with the next


def test_a_long_sentence_is_cut_at_word_boundaries_around_the_match(client, category):
    sentence = " ".join(["mot"] * 80) + " fibrose " + " ".join(["suite"] * 80) + "."
    make_article(category, title_fr="Texte long", body_fr=f"<p>{sentence}</p>")
    snippet = excerpt_of(client, "fibrose")
    text = re.sub(r"</?mark>", "", snippet)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>fibrose</mark>" in snippet
    assert len(text) <= EXCERPT_CHARACTERS + 4
    assert all(word in ("…", "mot", "fibrose", "suite") for word in text.split())


def test_word_forms_are_marked_and_escaped(client, category):
    make_article(
        category,
        title_fr="Profondeur des piqûres",
        body_fr="<p>Les profondeurs : &lt; 4 mm &amp; pas plus. &lt;script&gt;alert(1)&lt;/script&gt;</p>",
    )
    html = client.get("/recherche/", {"q": "profondeur"}).content.decode()
    assert "<mark>Profondeur</mark> des piqûres" in html
    assert "Les <mark>profondeurs</mark> : &lt; 4 mm &amp; pas plus" in html
    assert "<script>alert(1)" not in html


def test_without_a_matching_sentence_the_summary_is_shown(client, category):
    make_article(category, title_fr="Hygiène", summary_fr="Ce qui doit être respecté.", body_fr="<p>Autre chose.</p>")
    assert excerpt_of(client, "hygiène").startswith("Ce qui doit être respecté.")
