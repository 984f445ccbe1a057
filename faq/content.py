"""The FAQ's content: `content/themes.toml`, then the questions of each theme in
`content/questions/<theme slug>.toml` (format: docs/content.md)."""

from faq.models import Question, Theme
from mesoinfo.editorial.content import (
    LANGUAGE_CODES,
    Loader,
    fingerprint,
    localized_names,
    other_language_slugs,
    publication_datetime,
    translated_values,
)
from mesoinfo.editorial.models import RelatedPage
from mesoinfo.pages.content import health_problem_slugs, health_problems

QUESTION_TEXT_FIELDS = ("question", "answer")
# Keys added to the files after questions were first loaded: they count in a question's fingerprint only
# once set (see `fingerprint`), so that a question loaded before them is not taken for one staff changed.
QUESTION_LATER_TEXT_FIELDS = ("short_answer",)


class QuestionsLoader(Loader):
    QUESTION_FIELDS = (
        *(f"{name}_{code}" for name in QUESTION_TEXT_FIELDS for code in LANGUAGE_CODES),
        "theme_id", "position", "status", "published_at", "last_reviewed", "next_review",
        "author_id", "reviewer_id",
    )  # fmt: skip
    LATER_FIELDS = (*localized_names(QUESTION_LATER_TEXT_FIELDS), *other_language_slugs({}))

    def load(self):
        themes = self.read_if_exists("themes.toml").get("themes", [])
        self.apply_translated(Theme, themes, ("name", "description"), "theme", more_fields=("position",))
        for path in sorted((self.directory / "questions").glob("*.toml")):
            data = self.read(path)
            theme = self.section(Theme, data.get("theme", path.stem), f"questions/{path.name}")
            for entry in data.get("questions", []):
                self.load_question(theme, entry)

    def question_fingerprint(self, question, related=None):
        """`related`: (ids of the related pages, health problem slugs) from a file; read from the database when
        None."""
        if related is None:
            related = ([pk for _type, pk in RelatedPage.objects.linked_to(question)], health_problem_slugs(question))
        page_ids, conditions = related
        extra = {
            "conditions": conditions,
            "home_position": question.home_position,
            **{name: getattr(question, name) for name in self.LATER_FIELDS},
        }
        return fingerprint(question, self.QUESTION_FIELDS, sorted(page_ids), extra)

    def load_question(self, theme, data):
        slug = data["slug"]
        label = f"question {theme.slug}/{slug}"
        pages = [self.page(reference, label) for reference in data.get("related", [])]
        values = {
            **translated_values(data, (*QUESTION_TEXT_FIELDS, *QUESTION_LATER_TEXT_FIELDS)),
            **other_language_slugs(data),
            "theme_id": theme.pk,
            "position": data.get("position", 0),
            "status": data.get("status", "draft"),
            "published_at": publication_datetime(data.get("published", data.get("last_reviewed"))),
            "home_position": data.get("home_position"),
            **self.review_values(data, label),
        }
        conditions = health_problems(label, data)

        related = ([page.pk for page in pages], sorted(conditions))
        question = self.apply(Question, slug, label, values, related, self.question_fingerprint)
        if question is not None:
            RelatedPage.objects.set_for(question, pages)
            question.conditions.set(conditions.values())
