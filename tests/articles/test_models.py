import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Category
from mesoinfo.editorial.models import Status
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<h2 onclick="steal()">Titre</h2><script>alert(1)</script>'
    '<p><a href="javascript:alert(1)">lien</a> <img src="x" onerror="alert(1)"> '
    '<a href="https://www.inserm.fr/">Inserm</a></p><iframe src="https://evil.example"></iframe>'
)


def assert_clean(html):
    for forbidden in ("<script", "alert(1)", "onclick", "onerror", "javascript:", "<iframe"):
        assert forbidden not in html
    assert '<a href="https://www.inserm.fr/"' in html
    assert "<h2>Titre</h2>" in html


class TestCategories:
    def test_data_migration_creates_the_sections(self):
        assert list(Category.objects.values_list("slug", flat=True)) == [
            "indications",
            "technique",
            "histoire",
            "avant-de-decider",
        ]
        assert Category.objects.get(slug="histoire").name_en == "History"

    def test_with_published_articles_lists_only_published(self, category):
        online = make_article(category)
        make_article(category, status=Status.DRAFT)
        categories = {c.slug: c for c in Category.objects.with_published_pages()}
        assert categories["indications"].published_pages == [online]


class TestArticlePublished:
    def test_published_excludes_drafts_reviews_and_future_dates(self, category):
        online = make_article(category)
        make_article(category, status=Status.DRAFT)
        make_article(category, status=Status.REVIEW)
        future = make_article(category, published_at=timezone.now() + datetime.timedelta(hours=1))
        assert list(Article.objects.published()) == [online]
        assert online.is_published and not future.is_published

    def test_absolute_url(self, category):
        article = make_article(category, slug="mon-article")
        assert article.get_absolute_url() == "/articles/indications/mon-article/"


class TestSanitising:
    def test_save_cleans_every_language(self, category):
        article = make_article(category, body_fr=HOSTILE, body_en=HOSTILE)
        article.refresh_from_db()
        assert_clean(article.body_fr)
        assert_clean(article.body_en)

    def test_bulk_create_and_update_clean_too(self, category):
        Article.objects.bulk_create(
            [Article(category=category, slug="brut", title_fr="Brut", summary_fr="r", body_fr=HOSTILE)]
        )
        assert_clean(Article.objects.get(slug="brut").body_fr)
        Article.objects.filter(slug="brut").update(body_fr=HOSTILE, body_en=HOSTILE)
        stored = Article.objects.get(slug="brut")
        assert_clean(stored.body_fr)
        assert_clean(stored.body_en)

    def test_images_only_from_the_site(self, category):
        article = make_article(
            category, body_fr='<img src="/static/img/a.svg" alt="a"><img src="https://tracker.example/p.gif" alt="t">'
        )
        article.refresh_from_db()
        assert 'src="/static/img/a.svg"' in article.body_fr
        assert "tracker.example" not in article.body_fr
