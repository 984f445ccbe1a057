"""Loading of the editorial content kept as TOML files, each app its own (`<app>/content/`, format in
docs/content.md).

Each app names its loader in its AppConfig (`content_loader`); `ContentLoader` runs them all, in the order
of INSTALLED_APPS, in one transaction. Each loaded object remembers a fingerprint of the fields the loader
wrote (`loaded_checksum`). On the next run, an object whose current fingerprint differs from the remembered
one was changed by staff in the admin: the loader reports it and leaves it alone. Otherwise the file's
values are applied, and nothing is written when they are already there, so running the loader twice
changes nothing.
"""

import datetime
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from mesoinfo.editorial import typography
from mesoinfo.editorial.html import sanitize_html
from mesoinfo.editorial.models import Contributor, Translated
from mesoinfo.editorial.registry import contributions, page_types

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
HTML_FIELDS = {"body", "answer"}


class ContentError(Exception):
    """A content file is wrong or refers to something that does not exist."""


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
    position…): it counts only when set, so that an object loaded before keeps its fingerprint and is not
    mistaken for one that staff changed.
    """
    data = [[name, _normalise(getattr(obj, name))] for name in field_names]
    data.append(["related", list(related)])
    extra = {key: value for key, value in (extra or {}).items() if value not in (None, "", [], (), {})}
    if extra:
        data.append(["extra", sorted(extra.items())])
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, default=str).encode()).hexdigest()


def date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def publication_datetime(value):
    """A publication date from a file is the start of that day, in the site's time zone."""
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime.datetime.combine(date(value), datetime.time.min))


def translated_values(data, text_fields):
    """{field_language: text} of a file entry's `[fr]` and `[en]` tables, with each language's typography;
    rich text is sanitised."""
    values = {}
    for code in LANGUAGE_CODES:
        texts = data.get(code, {})
        for name in text_fields:
            text = texts.get(name, "").strip()
            if name in HTML_FIELDS:
                # Sanitised last, as a save does: the stored text is what the file gives.
                values[f"{name}_{code}"] = sanitize_html(typography.apply_html(sanitize_html(text), code))
            else:
                values[f"{name}_{code}"] = typography.apply(text, code)
    return values


def localized_names(text_fields):
    return tuple(f"{name}_{code}" for name in text_fields for code in LANGUAGE_CODES)


def other_language_slugs(data):
    """{slug_<language>: slug} of a file entry's `slug_<language>` keys (`slug_en`), None when absent: a
    translated slug (see `TranslatedSlug`); the entry's `slug` is the French one."""
    return {
        f"slug_{code}": data.get(f"slug_{code}") or None
        for code in LANGUAGE_CODES
        if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    }


def has_translated_slug(model):
    return any(field.name == f"slug_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}" for field in model._meta.fields)


class Loader:
    """One app's content loader: reads the TOML files of `directory` into the database through `apply()`."""

    def __init__(self, directory, report):
        self.directory = Path(directory)
        self.report = report
        self.contributors = {}

    def load(self):
        raise NotImplementedError

    def read(self, path):
        try:
            with path.open("rb") as file:
                return tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise ContentError(f"{path.name}: {error}") from error

    def read_if_exists(self, name):
        path = self.directory / name
        return self.read(path) if path.exists() else {}

    def apply(self, model, key, label, values, related, fingerprint_of):
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
        french = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        if isinstance(obj, Translated) and not obj.has_language(french):
            # The database would refuse it too (see default_language_texts_constraint): say which file.
            needed = ", ".join(obj.translation_required)
            raise ContentError(f"{label}: the [{french}] table needs every one of: {needed}")
        obj.loaded_checksum = wanted
        obj.save()
        (self.report.created if created else self.report.updated).append(label)
        return obj

    def apply_translated(self, model, entries, text_fields, label, more_fields=()):
        """Objects of a file's `[[…]]` entries, each with a slug and translated texts (and `more_fields`); a
        model with a translated slug also takes the entry's `slug_en`."""
        names = (*localized_names(text_fields), *more_fields)
        translated_slug = has_translated_slug(model)
        for data in entries:
            values = translated_values(data, text_fields)
            values.update({name: data[name] for name in more_fields if name in data})
            slugs = other_language_slugs(data) if translated_slug else {}
            values.update(slugs)
            self.apply(
                model,
                data["slug"],
                f"{label} {data['slug']}",
                values,
                (),
                lambda obj, related=(), slugs=slugs: fingerprint(
                    obj, names, related, {name: getattr(obj, name) for name in slugs}
                ),
            )

    # What the page types' loaders share ------------------------------------------------------------

    def contributor(self, key, label):
        if not key:
            return None
        if key not in self.contributors:
            self.contributors[key] = Contributor.objects.filter(key=key).values_list("pk", flat=True).first()
        if self.contributors[key] is None:
            raise ContentError(f"{label}: contributor {key!r} is not in contributors.toml")
        return self.contributors[key]

    def review_values(self, data, label):
        """Review dates and author: the same keys for every page type.

        A file cannot name a medical reviewer: a page names one only once that physician has signed off its
        text in the admin (see mesoinfo.editorial.review).
        """
        if data.get("reviewer"):
            raise ContentError(
                f"{label}: a content file cannot name a medical reviewer; the reviewer signs off the page in the admin"
            )
        return {
            "last_reviewed": date(data["last_reviewed"]) if data.get("last_reviewed") else None,
            "next_review": date(data["next_review"]) if data.get("next_review") else None,
            "author_id": self.contributor(data.get("author"), label),
        }

    @staticmethod
    def section(model, slug, label):
        """The section (category, theme) a page file names: it must be in its app's content files."""
        section = model.objects.filter(slug=slug).first()
        if section is None:
            raise ContentError(f"{label}: {model._meta.verbose_name} {slug!r} is not in the content files")
        return section

    @staticmethod
    def page(reference, label):
        """The page a content file links to: "<app label>/<its key in that app's files>"."""
        app_label, _, key = reference.partition("/")
        for model in page_types():
            if model._meta.app_label == app_label:
                page = model.objects.from_content_key(key)
                if page is None:
                    raise ContentError(f"{label}: related page {reference!r} does not exist")
                return page
        raise ContentError(f"{label}: related page {reference!r}: no page type in app {app_label!r}")


class ContributorLoader(Loader):
    """Authors are created when missing; staff own them afterwards. Medical reviewers are not loaded from files:
    a superuser creates each one in the admin, with their RPPS number and their staff account. A text added to
    the file later (the English name) fills the field only where it is still empty."""

    TEXT_FIELDS = ("name", "role", "qualifications", "bio")

    def load(self):
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        for data in self.read_if_exists("contributors.toml").get("contributors", []):
            if data.get("medical_reviewer") or data.get("rpps"):
                raise ContentError(f"contributors.toml: {data['key']}: medical reviewers are created in the admin")
            texts = {
                f"{name}_{code}": data.get(code, {}).get(name, "")
                for code in LANGUAGE_CODES
                for name in self.TEXT_FIELDS
            }
            texts[f"name_{default}"] = data["name"]  # the French name is the entry's own `name`
            contributor, created = Contributor.objects.get_or_create(
                key=data["key"], defaults={**texts, "is_team": data.get("team", False)}
            )
            if created:
                continue
            missing = {name: text for name, text in texts.items() if text and not getattr(contributor, name)}
            if missing:
                Contributor.objects.filter(pk=contributor.pk).update(**missing)


def content_directory(loader_class):
    """An app's content folder: `content/` in the app that defines the loader."""
    config = apps.get_containing_app_config(loader_class.__module__)
    return Path(config.path) / "content"


class ContentLoader:
    """Every app's loader, in the order of INSTALLED_APPS, in one transaction.

    `directories` replaces some apps' content folders ({app label: folder}): tests load changed copies.
    """

    def __init__(self, directories=None):
        self.directories = directories or {}
        self.report = Report()

    def load(self):
        # In French: the files' slugs and keys are the French ones, and the fields modeltranslation keeps
        # per language are written and looked up in French, whatever the caller's language.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), transaction.atomic():
            for loader_class in contributions("content_loader"):
                label = apps.get_containing_app_config(loader_class.__module__).label
                directory = self.directories.get(label, content_directory(loader_class))
                loader_class(directory, self.report).load()
        return self.report
