import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Category
from mesoinfo.editorial.models import GlossaryTerm, Status
from mesoinfo.pages.models import Condition, SiteSettings
from tests.support.factories import make_article, make_question
from tests.support.markup import parse

pytestmark = pytest.mark.django_db


def public_urls(article, question, site_pages=()):
    """(path, language) of every kind of public page, in French and at its English address."""
    condition, _created = Condition.objects.get_or_create(
        slug="arthrose", defaults={"name_fr": "Arthrose", "name_en": "Osteoarthritis"}
    )
    article.conditions.add(condition)
    GlossaryTerm.objects.get_or_create(
        slug="derme", defaults={"term_fr": "derme", "term_en": "dermis", "definition_fr": "Une couche."}
    )
    pages = [article.category, article, question.theme, question, *site_pages, condition]
    views = ["home", "articles:index", "faq:index", "search", "glossary", "condition_list", "articles:evidence_scale"]
    queries = ["?q=num%C3%A9ro", "?q=xylophone"]
    urls = []
    for language in ("fr", "en"):
        with translation.override(language):
            paths = [reverse(name) for name in views] + [page.get_absolute_url() for page in pages]
            paths += [reverse("search") + query for query in queries]
        urls += [(path, language) for path in paths]
    return urls


def test_every_public_page_answers_with_one_h1_and_its_language(client, article, question, site_pages):
    assert len(site_pages) == 5
    for path, language in public_urls(article, question, site_pages):
        response = client.get(path)
        assert response.status_code == 200, path
        page = parse(response)
        assert page.count("h1") == 1, path
        assert page.html_lang == language, path
        assert not page.with_attribute("style"), f"{path}: inline style"
        assert not page.inline_script, f"{path}: inline script"
        assert "Set-Cookie" not in response.headers, f"{path}: visitors get no cookie"


def test_french_and_english_text(client, article, question):
    french = client.get(article.get_absolute_url()).content.decode()
    english = client.get(f"/en{article.get_absolute_url()}").content.decode()
    assert article.title_fr in french and "Aller au contenu" in french and "15</a> (SAMU)" in french
    assert article.title_en in english and "Skip to content" in english
    assert 'href="/en/articles/indications/' in french  # the language switcher keeps the page


def test_home_lists_the_first_articles_of_a_section_and_links_to_the_rest(client, category, theme):
    articles = [make_article(category, position=n) for n in range(10)]
    questions = [make_question(theme, position=n) for n in range(5)]
    html = client.get("/").content.decode()
    assert [a.title_fr in html for a in articles] == [True] * 3 + [False] * 7
    assert not [q for q in questions if q.question_fr in html], "the themes are listed, their questions are not"
    assert f'<a href="{theme.get_absolute_url()}">Coût</a>' in html
    assert f'<a class="more" href="{category.get_absolute_url()}">Tout voir' in html
    assert '<a href="/articles/">Tous les articles</a>' in html and '<a href="/faq/">Toutes les questions</a>' in html
    make_article(Category.objects.get(slug="technique"))
    html = client.get("/").content.decode()
    technique = html.split('href="/articles/technique/"', 1)[1].split("</li>", 2)[0]
    assert "Tout voir" not in technique, "no such link where every article is shown"


def test_article_page_shows_sources_review_state_and_related_question(client, article, question):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Rapport, Inserm, 2010." in html
    assert "Relecture médicale" in html and "en attente" in html
    assert question.question_fr in html
    question_html = client.get(question.get_absolute_url()).content.decode()
    assert article.title_fr in question_html
    assert "Relecture médicale" in question_html and "Prochaine relecture" in question_html


def test_faq_answers_are_anchored_details_blocks(client, question):
    html = client.get("/faq/").content.decode()
    assert f'<details class="faq-item" id="{question.anchor}">' in html
    assert f"<summary>{question.question_fr}</summary>" in html


@pytest.mark.parametrize(
    "values",
    [
        {"status": Status.DRAFT},
        {"status": Status.REVIEW},
        {"published_at": timezone.now() + datetime.timedelta(days=3)},
    ],
)
def test_unpublished_pages_are_404_for_visitors(client, category, theme, values):
    article = make_article(category, **values)
    question = make_question(theme, **values)
    for path in (article.get_absolute_url(), question.get_absolute_url(), f"/en{article.get_absolute_url()}"):
        assert client.get(path).status_code == 404, path
    assert article.title_fr not in client.get("/articles/").content.decode()
    assert question.question_fr not in client.get("/faq/").content.decode()


def test_article_under_the_wrong_category_is_404(client, article):
    assert client.get(f"/articles/technique/{article.slug}/").status_code == 404


def test_404_page_is_french(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html and '<html lang="fr">' in html


def test_500_page_renders_without_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Le site rencontre un problème" in html and "112" in html


def test_footer_shows_the_clinic_details(client):
    settings = SiteSettings.load()
    settings.clinic_name = "Cabinet du Parc"
    settings.phone = "01 23 45 67 89"
    settings.save()
    html = client.get("/").content.decode()
    assert "Cabinet du Parc" in html and 'href="tel:0123456789"' in html


FIXED_INCLUDE = re.compile(r'{% include_fixed "([^"]+)" %}')


def fixed_fragments():
    """The templates that the layout includes with include_fixed (rendered once per language)."""
    templates = django_settings.BASE_DIR / "templates"
    return {
        name: (templates / name).read_text()
        for path in templates.rglob("*.html")
        for name in FIXED_INCLUDE.findall(path.read_text())
    }


def test_the_fixed_parts_of_the_layout_read_nothing_from_the_page_or_the_database():
    fragments = fixed_fragments()
    assert set(fragments) >= {"includes/main_nav.html", "includes/footer_links.html", "includes/footer_notice.html"}
    for name, source in fragments.items():
        # No variable, condition or loop: the same HTML for every page of a language.
        assert not re.search(r"{{|{%\s*(if|for|with|include)\b", source), name


def region(html, start, end):
    """The first piece of `html` from `start` to the next `end`, both included."""
    first = html.index(start)
    return html[first : html.index(end, first) + len(end)]


def test_the_fixed_parts_of_the_layout_follow_the_language_of_the_page(client):
    pages = {path: client.get(path).content.decode() for path in ("/articles/", "/en/articles/", "/faq/")}
    french, english = pages["/articles/"], pages["/en/articles/"]
    assert '<nav class="main-nav" aria-label="Menu principal">' in french
    assert '<nav class="main-nav" aria-label="Main menu">' in english
    assert 'href="/en/articles/"' in region(english, '<nav class="main-nav"', "</nav>")
    assert "Ce site donne une information générale" in region(french, '<p class="notice">', "</p>")
    assert "This site gives general information" in region(english, '<p class="notice">', "</p>")
    # Rendered once, then reused: another French page, after an English one, has the same parts.
    for start, end in (
        ('<a class="site-logo"', "</a>"),
        ('<nav class="main-nav"', "</nav>"),
        ('<form class="site-search"', "</form>"),
        ('<p class="notice">', "</p>"),
        ('<nav class="footer-links"', '<p class="independence">'),
    ):
        assert region(pages["/faq/"], start, end) == region(french, start, end), start
