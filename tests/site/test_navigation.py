"""Finding answers by browsing: home page, three clicks to any page, contents, previous/next, related
pages, health problems from A to Z."""

import re
from collections import deque
from html import escape as html_escape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import GlossaryTerm, Status
from mesoinfo.pages.models import Condition
from tests.support.factories import make_article, make_question

pytestmark = pytest.mark.django_db

HREF_RE = re.compile(r'<a [^>]*href="([^"]+)"')
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/recherche/")


def crawl(client, start, depth):
    """{path: clicks from `start`} for the site's pages reached in at most `depth` clicks, in one language."""
    english = start.startswith("/en/")
    seen = {start: 0}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        if seen[path] == depth:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        for href in HREF_RE.findall(response.content.decode()):
            link = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/") or parts.query:
                continue
            if link.startswith(SKIPPED_PREFIXES) or link.startswith("/en/") != english:
                continue
            if link not in seen:
                seen[link] = seen[path] + 1
                queue.append(link)
    return seen


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_published_page_is_three_clicks_from_home_at_most(client, language):
    ContentLoader().load()
    with translation.override(language):
        wanted = [
            *(article.get_absolute_url() for article in Article.objects.published().select_related("category")),
            *(question.get_absolute_url() for question in Question.objects.published().select_related("theme")),
            *(condition.get_absolute_url() for condition in Condition.objects.with_published_pages()),
            *(reverse(name) for name in ("glossary", "condition_list", "articles:index", "faq:index")),
        ]
        home = reverse("home")
    reached = crawl(client, home, depth=3)
    missing = [path for path in wanted if path not in reached]
    assert not missing, missing
    assert len(wanted) >= 18 + 43 + 15 + 4


def test_home_answers_the_five_questions_asked_most_often(client):
    ContentLoader().load()
    html = client.get("/").content.decode()
    section = html[html.index('<section class="home-glance"') : html.index("</section>", html.index("home-glance"))]
    questions = Question.objects.published().on_home_page()
    assert len(questions) == 5
    positions = [section.index(question.question) for question in questions]
    assert positions == sorted(positions)
    assert "Une séance coûte le plus souvent entre 40 € et 200 €." in section  # the answer itself, at a glance
    for question in questions:
        # Its short answer, whole, after the question, which leads to the full answer.
        assert f'<h3><a href="{question.get_absolute_url()}">{question.question}</a></h3>' in section
        assert html_escape(question.short_answer_fr) in section
    for path in ("/je-cherche-pour/", "/glossaire/", "/articles/indications/", "/faq/cout/"):
        assert f'href="{path}"' in html


def test_short_answers_keep_whole_sentences(theme):
    long_first_paragraph = "<p>" + "Une phrase de dix mots pour voir où elle s'arrête. " * 6 + "</p><p>Suite.</p>"
    question = make_question(theme, answer_fr=long_first_paragraph)
    expected = ("Une phrase de dix mots pour voir où elle s'arrête. " * 4).strip()
    assert question.first_sentences == expected
    assert question.answer_at_a_glance == expected, "without a short answer of its own"
    question.short_answer_fr = "Oui, en deux mots."
    assert question.answer_at_a_glance == "Oui, en deux mots."
    with translation.override("en"):
        assert question.answer_at_a_glance == "An answer in English.", "not the French short answer"


def test_article_page_has_contents_reading_time_neighbours_and_way_back(client, category):
    body = "<h2>En bref</h2><p>" + "mot " * 450 + "</p><h2>Les risques</h2><h3>Souvent</h3><p>Texte.</p>"
    first = make_article(category, position=1, title_fr="Premier")
    middle = make_article(category, position=2, title_fr="Deuxième", body_fr=body)
    last = make_article(category, position=3, title_fr="Troisième")
    make_article(category, position=4, title_fr="Brouillon", status=Status.DRAFT)
    html = client.get(middle.get_absolute_url()).content.decode()
    assert "Temps de lecture : 3 minutes" in html
    toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('<nav class="toc"'))]
    assert [*re.findall(r'href="#([^"]+)"', toc)] == ["en-bref", "les-risques", "souvent"]
    for anchor in ("en-bref", "les-risques", "souvent"):
        assert f'id="{anchor}"' in html
    assert f'href="{first.get_absolute_url()}" rel="prev"' in html
    assert f'href="{last.get_absolute_url()}" rel="next"' in html
    assert '<a href="#contenu">Retour en haut</a>' in html
    assert 'rel="prev"' not in client.get(first.get_absolute_url()).content.decode()
    assert 'rel="next"' not in client.get(last.get_absolute_url()).content.decode()  # the draft is not offered


def test_related_articles_share_health_problems(client, category):
    knee, back, skin = (Condition.objects.create(slug=slug, name_fr=slug) for slug in ("genou", "dos", "peau"))
    article = make_article(category, title_fr="Article principal")
    article.conditions.add(knee, back)
    both = make_article(category, title_fr="Genou et dos")
    both.conditions.add(knee, back)
    one = make_article(category, title_fr="Genou seulement")
    one.conditions.add(knee)
    make_article(category, title_fr="La peau").conditions.add(skin)
    hidden = make_article(category, title_fr="Genou brouillon", status=Status.DRAFT)
    hidden.conditions.add(knee)
    html = client.get(article.get_absolute_url()).content.decode()
    related = html[html.index('id="articles-lies"') : html.index("</section>", html.index('id="articles-lies"'))]
    assert re.findall(r">([^<]+)</a>", related) == ["Genou et dos", "Genou seulement"]
    assert 'href="/je-cherche-pour/genou/"' in html and 'href="/je-cherche-pour/dos/"' in html


def test_question_page_offers_other_questions_of_its_theme(client, theme, question):
    other = make_question(theme, question_fr="Une autre question du thème ?")
    make_question(theme, question_fr="Une question en brouillon ?", status=Status.DRAFT)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "Autres questions sur ce thème" in html and other.question_fr in html
    assert "Une question en brouillon ?" not in html


def test_health_problems_a_to_z_lead_to_their_published_pages(client, category, theme):
    ContentLoader().load()
    html = client.get("/je-cherche-pour/").content.decode()
    names = re.findall(r'<li><a href="/je-cherche-pour/[^"]+/">([^<]+)</a>', html)
    assert len(names) >= 10 and "Arthrose" in names and "Chute de cheveux" in names
    assert names == sorted(names, key=lambda name: name.lower().replace("é", "e"))
    arthrose = client.get("/je-cherche-pour/arthrose/").content.decode()
    assert "Mésothérapie et douleurs\u00a0: arthrose, dos, cou" in arthrose  # non-breaking space before « : »
    assert "Combien de séances faut-il faire\u202f?" in arthrose
    assert "l’effet de la mésothérapie n’est pas établi" in arthrose  # what was found, never an absolute
    assert re.search(r'<a href="/">Accueil</a></li>\s*<li><a href="/je-cherche-pour/">Problèmes de santé</a>', arthrose)
    english = client.get("/en/health-problems/").content.decode()
    assert "Osteoarthritis" in english and "Hair loss" in english

    draft = make_article(category, title_fr="Brouillon sur le zona", status=Status.DRAFT)
    draft.conditions.add(Condition.objects.get(slug="zona"))
    assert "Brouillon sur le zona" not in client.get("/je-cherche-pour/zona/").content.decode()
    empty = Condition.objects.create(slug="vide", name_fr="Sans page")
    assert "Sans page" not in client.get("/je-cherche-pour/").content.decode()
    assert "Aucune page sur ce problème" in client.get(empty.get_absolute_url()).content.decode()
    assert client.get("/je-cherche-pour/n-existe-pas/").status_code == 404


def test_glossary_and_health_problems_are_in_the_main_menu(client):
    GlossaryTerm.objects.create(slug="derme", term_fr="derme", definition_fr="Une couche.")
    html = client.get("/faq/").content.decode()
    menu = html[html.index('<nav class="main-nav"') : html.index("</nav>", html.index('<nav class="main-nav"'))]
    assert 'href="/je-cherche-pour/">Problèmes de santé</a>' in menu and 'href="/glossaire/">Glossaire</a>' in menu
    assert '<form class="site-search" action="/recherche/" method="get" role="search"' in html
