"""The articles app's content: `content/categories.toml`, then one file per article in
`content/<category slug>/<article slug>.toml` (format: docs/content.md)."""

from django.utils import timezone

from articles.models import EVIDENCE_FIELDS, Article, Category, EvidenceLevel, Source
from mesoinfo.editorial.content import (
    LANGUAGE_CODES,
    ContentError,
    Loader,
    fingerprint,
    localized_names,
    other_language_slugs,
    publication_datetime,
    translated_values,
)
from mesoinfo.pages.content import health_problem_slugs, health_problems

ARTICLE_TEXT_FIELDS = ("title", "summary", "body", "meta_description")
# Keys added to the files after articles were first loaded: their fields count in an article's fingerprint
# only once set (see `fingerprint`), so that an article loaded before them is not taken for one staff changed.
ARTICLE_LATER_TEXT_FIELDS = ("essentials",)
# Keys of the files, in French where the site's editors know them so, and the fields they fill.
FILE_KEYS = {"essentials": "essentiel"}
EVIDENCE_KEYS = {name: name.removeprefix("evidence_") for name in EVIDENCE_FIELDS}


class ArticlesLoader(Loader):
    ARTICLE_FIELDS = (
        *(f"{name}_{code}" for name in ARTICLE_TEXT_FIELDS for code in LANGUAGE_CODES),
        "category_id", "position", "status", "published_at", "last_reviewed", "next_review",
        "author_id", "reviewer_id",
    )  # fmt: skip
    LATER_FIELDS = (
        *localized_names(ARTICLE_LATER_TEXT_FIELDS),
        *(name for name in other_language_slugs({})),
        "evidence_level",
        *localized_names(EVIDENCE_FIELDS),
    )

    def load(self):
        categories = self.read_if_exists("categories.toml").get("categories", [])
        self.apply_translated(Category, categories, ("name", "description"), "category", more_fields=("position",))
        for path in sorted(self.directory.glob("*/*.toml")):
            self.load_article(path)

    @staticmethod
    def _source_rows(sources, label):
        """[title, publisher, year, url] of each source, and the marks of those without an address."""
        rows, marks = [], []
        for position, source in enumerate(sources, start=1):
            url, mark = source.get("url", ""), source.get("no_address", "")
            if mark and mark not in Source.NoAddress.values:
                raise ContentError(f"{label}: source {position}: no_address must be one of {Source.NoAddress.values}")
            if bool(url) == bool(mark):
                raise ContentError(f"{label}: source {position}: give either its url or no_address, not both")
            rows.append([source["title"], source.get("publisher", ""), source.get("year"), url])
            if mark:
                marks.append([position, mark])
        return rows, marks

    def article_fingerprint(self, article, related=None):
        """`related`: (source rows, health problem slugs, source marks) from a file; read from the database
        when None."""
        if related is None:
            sources = list(article.sources.all())
            related = (
                [[s.title, s.publisher, s.year, s.url] for s in sources],
                health_problem_slugs(article),
                [[position, s.no_address] for position, s in enumerate(sources, start=1) if s.no_address],
            )
        sources, conditions, marks = related
        extra = {
            "conditions": conditions,
            "source_marks": marks,
            **{name: getattr(article, name) for name in self.LATER_FIELDS},
        }
        return fingerprint(article, self.ARTICLE_FIELDS, sources, extra)

    @staticmethod
    def evidence_values(data, label):
        """The evidence box of an indication page (`[evidence]`, `[evidence.fr]`, `[evidence.en]`)."""
        evidence = data.get("evidence", {})
        level = evidence.get("level", "")
        if level and level not in EvidenceLevel.values:
            raise ContentError(f"{label}: evidence level must be one of {EvidenceLevel.values}")
        values = {"evidence_level": level}
        for code in LANGUAGE_CODES:
            texts = evidence.get(code, {})
            for name, key in EVIDENCE_KEYS.items():
                values[f"{name}_{code}"] = texts.get(key, "").strip()
        return values

    def load_article(self, path):
        data = self.read(path)
        slug = data["slug"]
        category = self.section(Category, path.parent.name, f"{path.parent.name}/{path.name}")
        label = f"article {category.slug}/{slug}"
        values = {
            **translated_values(data, ARTICLE_TEXT_FIELDS),
            **{
                f"{name}_{code}": data.get(code, {}).get(FILE_KEYS.get(name, name), "").strip()
                for name in ARTICLE_LATER_TEXT_FIELDS
                for code in LANGUAGE_CODES
            },
            **other_language_slugs(data),
            **self.evidence_values(data, label),
            "category_id": category.pk,
            "position": data.get("position", 0),
            "status": data.get("status", "draft"),
            "published_at": publication_datetime(data.get("published", timezone.localdate())),
            **self.review_values(data, label),
        }
        sources, marks = self._source_rows(data.get("sources", []), label)
        conditions = health_problems(label, data)

        related = (sources, sorted(conditions), marks)
        article = self.apply(Article, slug, label, values, related, self.article_fingerprint)
        if article is not None:
            article.sources.all().delete()
            marked = dict(marks)
            Source.objects.bulk_create(
                Source(
                    article=article,
                    position=position,
                    title=t,
                    publisher=p,
                    year=y,
                    url=u,
                    no_address=marked.get(position, ""),
                )
                for position, (t, p, y, u) in enumerate(sources, start=1)
            )
            article.conditions.set(conditions.values())
