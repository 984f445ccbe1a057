"""`make bench-search`'s corpus: generated pages made of the real content's sentences, written whole."""

import random

import pytest

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.search.models import SearchDocument
from tools.management.commands.bench_search import PREFIX, Command

pytestmark = pytest.mark.django_db


def test_the_generated_pages_have_their_texts_in_both_languages_and_are_searchable():
    ContentLoader().load()
    command = Command()
    command.random = random.Random(5)
    command._fill(article_count=4, question_count=3)
    articles = Article.objects.filter(slug__startswith=PREFIX)
    questions = Question.objects.filter(slug__startswith=PREFIX)
    assert (articles.count(), questions.count()) == (4, 3)
    for page in [*articles, *questions]:
        assert page.has_language("fr") and page.has_language("en"), page.slug
    assert SearchDocument.objects.filter(object_id__in=articles.values("pk")).exists()
