"""Loading of the editorial content kept as TOML files in `mesoinfo/content/` (see its README).

Each loaded object remembers a fingerprint of the fields the loader wrote (`loaded_checksum`). On the next
run, an object whose current fingerprint differs from the remembered one was changed by staff in the admin:
the loader reports it and leaves it alone. Otherwise the file's values are applied, and nothing is written
when they are already there, so running the loader twice changes nothing.
"""

import datetime
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Category, Contributor, Source
from faq.models import Question, Theme
from mesoinfo.html import sanitize_html
from mesoinfo.models import Condition, GlossaryTerm, SitePage, Synonym

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

ARTICLE_TEXT_FIELDS = ("title", "summary", "body", "meta_description")
QUESTION_TEXT_FIELDS = ("question", "answer")
PAGE_TEXT_FIELDS = ("title", "summary", "body")
GLOSSARY_TEXT_FIELDS = ("term", "definition", "other_forms")
CONDITION_TEXT_FIELDS = ("name", "description")
HTML_FIELDS = {"body", "answer"}


class ContentError(Exception):
    """A content file refers to something that does not exist."""


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def _normalise(value):
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def fingerprint(obj, field_names, related=(), extra=None):
    """A stable digest of the given fields' current values, plus related data (sources, links).

    `extra` holds data added to the files after objects were first loaded (health problems, home page
    position): it counts only when set, so that an object loaded before keeps its fingerprint and is not
    mistaken for one that staff changed.
    """
    data = [[name, _normalise(getattr(obj, name))] for name in field_names]
    data.append(["related", list(related)])
    extra = {key: value for key, value in (extra or {}).items() if value not in (None, "", [], ())}
    if extra:
        data.append(["extra", sorted(extra.items())])
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, default=str).encode()).hexdigest()


def _date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _publication_datetime(value):
    """A publication date from a file is the start of that day, in the site's time zone."""
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.datetime.combine(_date(value), datetime.time.min))


def _translated_values(data, text_fields):
    values = {}
    for code in LANGUAGE_CODES:
        texts = data.get(code, {})
        for name in text_fields:
            text = texts.get(name, "").strip()
            values[f"{name}_{code}"] = sanitize_html(text) if name in HTML_FIELDS else text
    return values


class ContentLoader:
    def __init__(self, content_dir=CONTENT_DIR):
        self.content_dir = Path(content_dir)
        self.report = Report()

    def load(self):
        with transaction.atomic():
            contributors = self.load_contributors()
            self.load_conditions()
            self.load_glossary()
            self.load_synonyms()
            for path in sorted((self.content_dir / "articles").glob("*/*.toml")):
                self.load_article(path, contributors)
            for path in sorted((self.content_dir / "faq").glob("*.toml")):
                self.load_theme_questions(path, contributors)
            self.load_pages()
        return self.report

    @staticmethod
    def _read(path):
        with path.open("rb") as file:
            return tomllib.load(file)

    def load_contributors(self):
        """Contributors are created when missing; staff own them afterwards."""
        contributors = {}
        path = self.content_dir / "contributors.toml"
        for data in self._read(path).get("contributors", []) if path.exists() else []:
            defaults = {"name": data["name"], "is_team": data.get("team", False)}
            for code in LANGUAGE_CODES:
                for name in ("qualifications", "bio"):
                    defaults[f"{name}_{code}"] = data.get(code, {}).get(name, "")
            contributor, _created = Contributor.objects.get_or_create(key=data["key"], defaults=defaults)
            contributors[data["key"]] = contributor
        return contributors

    def _apply(self, model, key, label, values, related, fingerprint_of):
        """Write a file's values to the object found by `key` (its slug, or a dict of field values), unless
        staff changed it or nothing changed.

        Returns the saved object, so that the caller writes its related rows too, or None.
        """
        lookup = key if isinstance(key, dict) else {"slug": key}
        obj = model.objects.filter(**lookup).first()
        created = obj is None
        if created:
            obj = model(**lookup)
        elif obj.loaded_checksum and fingerprint_of(obj) != obj.loaded_checksum:
            self.report.skipped.append(label)
            return None
        for name, value in values.items():
            setattr(obj, name, value)
        wanted = fingerprint_of(obj, related)
        if not created and wanted == obj.loaded_checksum:
            self.report.unchanged.append(label)
            return None
        obj.loaded_checksum = wanted
        obj.save()
        (self.report.created if created else self.report.updated).append(label)
        return obj

    @staticmethod
    def _review_values(data, contributors):
        """Review dates, author and medical reviewer: the same keys for articles and questions."""
        return {
            "last_reviewed": _date(data["last_reviewed"]) if data.get("last_reviewed") else None,
            "next_review": _date(data["next_review"]) if data.get("next_review") else None,
            "author_id": contributors[data["author"]].pk if data.get("author") else None,
            "reviewer_id": contributors[data["reviewer"]].pk if data.get("reviewer") else None,
        }

    # Articles -----------------------------------------------------------------------------------

    ARTICLE_FIELDS = (
        *(f"{name}_{code}" for name in ARTICLE_TEXT_FIELDS for code in LANGUAGE_CODES),
        "category_id", "position", "status", "published_at", "last_reviewed", "next_review",
        "author_id", "reviewer_id",
    )  # fmt: skip

    @staticmethod
    def _source_rows(sources):
        return [[s["title"], s.get("publisher", ""), s.get("year"), s.get("url", "")] for s in sources]

    def article_fingerprint(self, article, related=None):
        """`related`: (source rows, health problem slugs) from a file; read from the database when None."""
        if related is None:
            related = (
                [[s.title, s.publisher, s.year, s.url] for s in article.sources.all()],
                _condition_slugs(article),
            )
        sources, conditions = related
        return fingerprint(article, self.ARTICLE_FIELDS, sources, {"conditions": conditions})

    def load_article(self, path, contributors):
        data = self._read(path)
        slug = data["slug"]
        category = Category.objects.get(slug=path.parent.name)
        label = f"article {category.slug}/{slug}"
        values = {
            **_translated_values(data, ARTICLE_TEXT_FIELDS),
            "category_id": category.pk,
            "position": data.get("position", 0),
            "status": data.get("status", "draft"),
            "published_at": _publication_datetime(data.get("published", timezone.localdate())),
            **self._review_values(data, contributors),
        }
        sources = self._source_rows(data.get("sources", []))
        conditions = self._conditions(label, data)

        related = (sources, sorted(conditions))
        article = self._apply(Article, slug, label, values, related, self.article_fingerprint)
        if article is not None:
            article.sources.all().delete()
            Source.objects.bulk_create(
                Source(article=article, position=position, title=t, publisher=p, year=y, url=u)
                for position, (t, p, y, u) in enumerate(sources, start=1)
            )
            article.conditions.set(conditions.values())

    # FAQ ----------------------------------------------------------------------------------------

    QUESTION_FIELDS = (
        *(f"{name}_{code}" for name in QUESTION_TEXT_FIELDS for code in LANGUAGE_CODES),
        "theme_id", "position", "status", "published_at", "last_reviewed", "next_review",
        "author_id", "reviewer_id",
    )  # fmt: skip

    def question_fingerprint(self, question, related=None):
        """`related`: (related article ids, health problem slugs) from a file; read from the database when None."""
        if related is None:
            related = (question.related_articles.values_list("pk", flat=True), _condition_slugs(question))
        article_ids, conditions = related
        extra = {"conditions": conditions, "home_position": question.home_position}
        return fingerprint(question, self.QUESTION_FIELDS, sorted(article_ids), extra)

    def load_theme_questions(self, path, contributors):
        data = self._read(path)
        theme = Theme.objects.get(slug=data.get("theme", path.stem))
        for entry in data.get("questions", []):
            self.load_question(theme, entry, contributors)

    def load_question(self, theme, data, contributors):
        slug = data["slug"]
        label = f"question {theme.slug}/{slug}"
        article_ids = []
        for key in data.get("related_articles", []):
            category_slug, article_slug = key.split("/")
            article = Article.objects.filter(slug=article_slug, category__slug=category_slug).first()
            if article is None:
                raise ContentError(f"{label}: related article {key!r} does not exist")
            article_ids.append(article.pk)
        values = {
            **_translated_values(data, QUESTION_TEXT_FIELDS),
            "theme_id": theme.pk,
            "position": data.get("position", 0),
            "status": data.get("status", "draft"),
            "published_at": _publication_datetime(data.get("published", data.get("last_reviewed"))),
            "home_position": data.get("home_position"),
            **self._review_values(data, contributors),
        }
        conditions = self._conditions(label, data)

        related = (article_ids, sorted(conditions))
        question = self._apply(Question, slug, label, values, related, self.question_fingerprint)
        if question is not None:
            question.related_articles.set(article_ids)
            question.conditions.set(conditions.values())

    # Site pages ---------------------------------------------------------------------------------

    PAGE_FIELDS = tuple(f"{name}_{code}" for name in PAGE_TEXT_FIELDS for code in LANGUAGE_CODES)

    def page_fingerprint(self, page, related=()):
        return fingerprint(page, self.PAGE_FIELDS, related)

    def load_pages(self):
        for path in sorted((self.content_dir / "pages").glob("*.toml")):
            self.load_page(path)
        return self.report

    def load_page(self, path):
        data = self._read(path)
        slug = data.get("slug", path.stem)
        if slug not in SitePage.Slug.values:
            raise ContentError(f"{path.name}: {slug!r} is not one of the site pages {SitePage.Slug.values}")
        values = _translated_values(data, PAGE_TEXT_FIELDS)
        self._apply(SitePage, slug, f"page {slug}", values, [], self.page_fingerprint)

    # Health problems, glossary, synonyms ----------------------------------------------------------

    def _conditions(self, label, data):
        """{slug: Condition} for the `conditions` an article or question file lists."""
        slugs = data.get("conditions", [])
        conditions = {condition.slug: condition for condition in Condition.objects.filter(slug__in=slugs)}
        missing = sorted(set(slugs) - set(conditions))
        if missing:
            raise ContentError(f"{label}: health problems {missing} are not in conditions.toml")
        return conditions

    def _load_translated(self, model, filename, list_name, text_fields, label):
        """Objects of a file listing `[[list_name]]` entries with a slug and translated texts."""
        field_names = tuple(f"{name}_{code}" for name in text_fields for code in LANGUAGE_CODES)
        path = self.content_dir / filename
        for data in self._read(path).get(list_name, []) if path.exists() else []:
            values = _translated_values(data, text_fields)
            self._apply(
                model,
                data["slug"],
                f"{label} {data['slug']}",
                values,
                (),
                lambda obj, related=(), names=field_names: fingerprint(obj, names, related),
            )

    def load_conditions(self):
        self._load_translated(Condition, "conditions.toml", "conditions", CONDITION_TEXT_FIELDS, "health problem")

    def load_glossary(self):
        self._load_translated(GlossaryTerm, "glossary.toml", "terms", GLOSSARY_TEXT_FIELDS, "glossary term")

    def load_synonyms(self):
        path = self.content_dir / "synonyms.toml"
        for code, entries in (self._read(path) if path.exists() else {}).items():
            for data in entries:
                key = {"language": code, "phrase": data["phrase"]}
                values = {"alternatives": ", ".join(data["alternatives"])}
                self._apply(
                    Synonym,
                    key,
                    f"synonym {code}/{data['phrase']}",
                    values,
                    (),
                    lambda obj, related=(): fingerprint(obj, ("language", "phrase", "alternatives"), related),
                )


def _condition_slugs(page):
    return sorted(page.conditions.values_list("slug", flat=True))
