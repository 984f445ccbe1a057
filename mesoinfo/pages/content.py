"""The pages app's content: health problems, the glossary and the pages about the site (`content/`)."""

import re

from django.urls import reverse
from django.utils import translation

from mesoinfo.editorial.content import (
    LANGUAGE_CODES,
    ContentError,
    Loader,
    fingerprint,
    localized_names,
    translated_values,
)
from mesoinfo.editorial.models import GlossaryTerm
from mesoinfo.editorial.registry import page_types
from mesoinfo.pages.models import Condition, SitePage

PAGE_TEXT_FIELDS = ("title", "summary", "body")
GLOSSARY_LINK_RE = re.compile(r'<a class="glossary-link" href="([^"#]*)#')


class PagesLoader(Loader):
    PAGE_FIELDS = localized_names(PAGE_TEXT_FIELDS)

    def load(self):
        conditions = self.read_if_exists("conditions.toml").get("conditions", [])
        self.apply_translated(Condition, conditions, ("name", "description"), "health problem")
        terms = self.read_if_exists("glossary.toml").get("terms", [])
        self.apply_translated(GlossaryTerm, terms, ("term", "definition", "other_forms"), "glossary term")
        self.load_site_pages()
        self.prepare_texts_linking_to_an_old_glossary_address()

    @staticmethod
    def prepare_texts_linking_to_an_old_glossary_address():
        """Texts are prepared with their glossary links when saved: those prepared when the glossary had another
        address (its English address was /en/glossaire/) are prepared again. Up-to-date texts are not written."""
        addresses = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                addresses[code] = reverse("glossary")
        for model in page_types():
            stale = [
                page.pk
                for page in model.objects.only("pk", "prepared_text")
                if any(
                    link != addresses[code]
                    for code, prepared in page.prepared_text.items()
                    if code in addresses
                    for link in GLOSSARY_LINK_RE.findall(prepared.get("html", ""))
                )
            ]
            if stale:
                model.objects.filter(pk__in=stale).prepare_texts()

    def load_site_pages(self):
        for path in sorted((self.directory / "pages").glob("*.toml")):
            self.load_page(path)

    def page_fingerprint(self, page, related=()):
        return fingerprint(page, self.PAGE_FIELDS, related)

    def load_page(self, path):
        data = self.read(path)
        slug = data.get("slug", path.stem)
        if slug not in SitePage.Slug.values:
            raise ContentError(f"{path.name}: {slug!r} is not one of the site pages {SitePage.Slug.values}")
        values = translated_values(data, PAGE_TEXT_FIELDS)
        self.apply(SitePage, slug, f"page {slug}", values, [], self.page_fingerprint)


def health_problems(label, data):
    """{slug: Condition} for the `conditions` a page file lists; each must be in conditions.toml."""
    slugs = data.get("conditions", [])
    conditions = {condition.slug: condition for condition in Condition.objects.filter(slug__in=slugs)}
    missing = sorted(set(slugs) - set(conditions))
    if missing:
        raise ContentError(f"{label}: health problems {missing} are not in conditions.toml")
    return conditions


def health_problem_slugs(page):
    return sorted(page.conditions.values_list("slug", flat=True))
