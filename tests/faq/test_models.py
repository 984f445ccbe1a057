import datetime

import pytest
from django.utils import timezone

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
