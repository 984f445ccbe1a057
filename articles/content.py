"""The articles app's content: `content/categories.toml`, then one file per article in
`content/<category slug>/<article slug>.toml` (format: docs/content.md)."""

from django.utils import timezone

from articles.models import Article, Category, Source
from mesoinfo.editorial.content import (
    LANGUAGE_CODES,
    Loader,
    fingerprint,
    publication_datetime,
    translated_values,
)
from mesoinfo.pages.content import health_problem_slugs, health_problems

ARTICLE_TEXT_FIELDS = ("title", "summary", "body", "meta_description")


class ArticlesLoader(Loader):
    ARTICLE_FIELDS = (
        *(f"{name}_{code}" for name in ARTICLE_TEXT_FIELDS for code in LANGUAGE_CODES),
        "category_id", "position", "status", "published_at", "last_reviewed", "next_review",
        "author_id", "reviewer_id",
    )  # fmt: skip

    def load(self):
        categories = self.read_if_exists("categories.toml").get("categories", [])
        self.apply_translated(Category, categories, ("name", "description"), "category", more_fields=("position",))
        for path in sorted(self.directory.glob("*/*.toml")):
            self.load_article(path)

    @staticmethod
    def _source_rows(sources):
        return [[s["title"], s.get("publisher", ""), s.get("year"), s.get("url", "")] for s in sources]

    def article_fingerprint(self, article, related=None):
        """`related`: (source rows, health problem slugs) from a file; read from the database when None."""
        if related is None:
            related = (
                [[s.title, s.publisher, s.year, s.url] for s in article.sources.all()],
                health_problem_slugs(article),
            )
        sources, conditions = related
        return fingerprint(article, self.ARTICLE_FIELDS, sources, {"conditions": conditions})

    def load_article(self, path):
        data = self.read(path)
        slug = data["slug"]
        category = self.section(Category, path.parent.name, f"{path.parent.name}/{path.name}")
        label = f"article {category.slug}/{slug}"
        values = {
            **translated_values(data, ARTICLE_TEXT_FIELDS),
            "category_id": category.pk,
            "position": data.get("position", 0),
            "status": data.get("status", "draft"),
            "published_at": publication_datetime(data.get("published", timezone.localdate())),
            **self.review_values(data, label),
        }
        sources = self._source_rows(data.get("sources", []))
        conditions = health_problems(label, data)

        related = (sources, sorted(conditions))
        article = self.apply(Article, slug, label, values, related, self.article_fingerprint)
        if article is not None:
            article.sources.all().delete()
            Source.objects.bulk_create(
                Source(article=article, position=position, title=t, publisher=p, year=y, url=u)
                for position, (t, p, y, u) in enumerate(sources, start=1)
            )
            article.conditions.set(conditions.values())
