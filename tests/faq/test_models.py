import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from faq.models import Question, Theme
from mesoinfo.editorial.models import Status
from tests.support.factories import make_question

pytestmark = pytest.mark.django_db


def test_data_migration_creates_the_themes():
    slugs = list(Theme.objects.values_list("slug", flat=True))
    assert slugs[:5] == ["cout", "remboursement", "effets-indesirables", "patients-concernes", "deroulement-seance"]
    assert Theme.objects.get(slug="remboursement").name_en == "Reimbursement"


def test_published_questions(theme):
    online = make_question(theme)
    make_question(theme, status=Status.DRAFT)
    make_question(theme, published_at=timezone.now() + datetime.timedelta(days=2))
    assert list(Question.objects.published()) == [online]
    [cout] = [t for t in Theme.objects.with_published_pages() if t.slug == "cout"]
    assert cout.published_pages == [online]


def test_answer_is_sanitised(theme):
    question = make_question(theme, answer_fr='<p onmouseover="x()">Oui.<script>alert(1)</script></p>')
    question.refresh_from_db()
    assert question.answer_fr == "<p>Oui.</p>"


def test_urls_and_anchor(theme):
    question = make_question(theme, slug="prix-seance")
    assert question.get_absolute_url() == "/faq/cout/prix-seance/"
    assert question.anchor == "q-prix-seance"


def test_a_question_on_the_home_page_needs_its_short_answer(theme):
    question = make_question(theme, home_position=1)
    with pytest.raises(ValidationError) as raised:
        question.full_clean()
    assert set(raised.value.message_dict) == {"short_answer_fr", "short_answer_en"}
    question.short_answer_fr, question.short_answer_en = "Oui. En bref.", "Yes. In short."
    question.full_clean()
    question.home_position = None
    question.short_answer_fr = question.short_answer_en = ""
    question.full_clean()  # elsewhere, the first sentences of the answer do


def test_english_address_of_a_question(theme):
    question = make_question(theme, slug="combien", slug_en="how-much")
    assert question.get_absolute_url() == "/faq/cout/combien/"
    with translation.override("en"):
        assert question.get_absolute_url() == "/en/faq/cout/how-much/"  # the theme has no English slug here
    untranslated = make_question(theme, slug="sans-traduction")
    with translation.override("en"):
        assert untranslated.get_absolute_url() == "/en/faq/cout/sans-traduction/"


def test_the_other_questions_of_a_theme_are_read_as_links_only(theme):
    """The links under an answer read titles and addresses, not the other answers' texts."""
    shown = make_question(theme)
    other = make_question(theme)
    same_theme = Question.objects.published().same_theme_as(shown)
    assert list(same_theme) == [other]
    columns = str(same_theme.query).split(" FROM ")[0]
    assert '"faq_question"."question_fr"' in columns and '"faq_theme"."slug"' in columns
    assert "answer" not in columns and "prepared" not in columns
    with translation.override("en"):
        assert other.get_absolute_url() == same_theme[0].get_absolute_url()
