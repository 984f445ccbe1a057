import datetime
import itertools

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from articles.models import Article, Category, Contributor, Source
from faq.models import Question, Theme
from mesoinfo.models import Status

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _french():
    """Each test starts in French: a request in English must not leak into the next test."""
    with translation.override("fr"):
        yield


@pytest.fixture
def category(db):
    """One of the categories created by the data migration."""
    return Category.objects.get(slug="indications")


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="cout")


@pytest.fixture
def contributor(db):
    return Contributor.objects.create(
        key="redaction-test", name="Rédaction test", qualifications_fr="Équipe", qualifications_en="Team"
    )


def make_article(category, **values):
    n = next(_counter)
    defaults = {
        "slug": f"article-{n}",
        "title_fr": f"Article numéro {n}",
        "title_en": f"Article number {n}",
        "summary_fr": "Un résumé en français.",
        "summary_en": "A summary in English.",
        "body_fr": "<h2>Partie</h2><p>Un texte en français.</p>",
        "body_en": "<h2>Part</h2><p>A text in English.</p>",
        "status": Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
        "last_reviewed": datetime.date(2026, 11, 1),
        "next_review": datetime.date(2027, 11, 1),
    }
    defaults.update(values)
    return Article.objects.create(category=category, **defaults)


def make_question(theme, **values):
    n = next(_counter)
    defaults = {
        "slug": f"question-{n}",
        "question_fr": f"Question numéro {n} ?",
        "question_en": f"Question number {n}?",
        "answer_fr": "<p>Une réponse en français.</p>",
        "answer_en": "<p>An answer in English.</p>",
        "status": Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
        "last_reviewed": datetime.date(2026, 11, 1),
    }
    defaults.update(values)
    return Question.objects.create(theme=theme, **defaults)


@pytest.fixture
def article(category, contributor):
    article = make_article(category, author=contributor)
    Source.objects.create(article=article, position=1, title="Rapport", publisher="Inserm", year=2010)
    return article


@pytest.fixture
def question(theme, article):
    question = make_question(theme)
    question.related_articles.add(article)
    return question


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", "a-long-test-password")
    client.force_login(user)
    return client
