"""The pages app's content: health problems, the glossary and the pages about the site (`content/`)."""

from mesoinfo.editorial.content import ContentError, Loader, fingerprint, localized_names, translated_values
from mesoinfo.editorial.models import GlossaryTerm
from mesoinfo.pages.models import Condition, SitePage

PAGE_TEXT_FIELDS = ("title", "summary", "body")


class PagesLoader(Loader):
    PAGE_FIELDS = localized_names(PAGE_TEXT_FIELDS)

    def load(self):
        conditions = self.read_if_exists("conditions.toml").get("conditions", [])
        self.apply_translated(Condition, conditions, ("name", "description"), "health problem")
        terms = self.read_if_exists("glossary.toml").get("terms", [])
        self.apply_translated(GlossaryTerm, terms, ("term", "definition", "other_forms"), "glossary term")
        self.load_site_pages()

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
