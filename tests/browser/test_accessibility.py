"""axe-core (WCAG 2.1 A/AA and best practices) on every page type, in both languages and colour schemes."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.pages.models import Condition, SitePage

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def paths(site):
    ContentLoader().load()
    article = Article.objects.get(slug_fr="techniques-et-profondeurs")
    indication = Article.objects.get(slug_fr="douleurs-et-rhumatologie")  # with its evidence box
    question = Question.objects.published().first()
    pages = [article.category, article, indication, question.theme, question, *SitePage.objects.all()]
    found = []
    for language in ("fr", "en"):
        with translation.override(language):
            search = reverse("search")
            found += [
                reverse("home"),
                reverse("articles:index"),
                reverse("faq:index"),
                *(page.get_absolute_url() for page in pages),
                "/page-inexistante/" if language == "fr" else "/en/page-inexistante/",
                f"{search}?q=rembours%C3%A9+s%C3%A9cu",
                f"{search}?q=xylophone",
                f"{search}?q=a",
                reverse("glossary"),
                reverse("condition_list"),
                Condition.objects.get(slug_fr="arthrose").get_absolute_url(),
                reverse("articles:evidence_scale"),
            ]
    assert len(found) == 2 * (16 + len(SitePage.Slug))
    return found


def violations(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_on_any_page_type(site, paths, new_page, scheme):
    page = new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    found = {}
    for path in paths:
        page.goto(site + path)
        problems = violations(page)
        if problems:
            found[path] = problems
    assert not found, found
    expected = ("404", "400")  # the missing page, and the search refusing a one-letter query
    assert not [m for m in page.problems.messages if not any(code in m for code in expected)], page.problems.messages
