"""The search index follows the pages: only what visitors may see now is searchable or suggested, whatever
way a page was saved, published, withdrawn, scheduled or deleted; the vocabulary is pruned with it."""

import datetime
import io
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import GlossaryTerm, Status
from mesoinfo.pages.models import Condition
from mesoinfo.search import index
from mesoinfo.search.engine import search
from mesoinfo.search.models import PendingPage, SearchDocument, SearchWord
from tests.support.factories import make_article, make_question

pytestmark = pytest.mark.django_db

MADE_UP = "zorglubine"


@pytest.fixture(autouse=True)
def _every_search_rendered(settings):
    settings.SEARCH_RATE_LIMIT = 0
    settings.SEARCH_CACHE_SECONDS = 0


def urls(client, query, prefix=""):
    response = client.get("/en/search/" if prefix == "/en" else "/recherche/", {"q": query})
    assert response.status_code == 200, query
    page = response.context["page"]
    return [result.url for result in page] if page else []


def vocabulary():
    return {
        (language, word): count
        for language, word, count in SearchWord.objects.values_list("language", "word", "documents")
    }


def recount():
    """What the vocabulary must hold: the words of the documents, each with its number of documents."""
    counts = Counter()
    for language, words in SearchDocument.objects.values_list("language", "words"):
        counts[language, index.DOCUMENT_COUNT] += 1
        for word in words.split():
            counts[language, word] += 1
    return dict(counts)


def test_nothing_unpublished_leaks(client, category, theme):
    """A made-up word in a draft, a page under review, a scheduled page and a deleted page: no result, no
    suggestion, no correction, nothing in the documents or the vocabulary."""
    draft = make_article(category, title_fr=f"La {MADE_UP} en brouillon", status=Status.DRAFT)
    review = make_article(category, body_fr=f"<p>Des {MADE_UP}s à relire.</p>", status=Status.REVIEW)
    later = timezone.now() + datetime.timedelta(days=2)
    scheduled = make_question(theme, question_fr=f"La {MADE_UP} arrive-t-elle ?", published_at=later)
    deleted = make_article(category, title_fr=f"{MADE_UP.capitalize()} supprimée")
    hidden = {page.get_absolute_url() for page in (draft, review, scheduled, deleted)}
    assert urls(client, MADE_UP) == [deleted.get_absolute_url()]
    deleted.delete()
    make_article(category, title_fr="Zorglub et ses amis")  # a published word close to the made-up one

    for typed in (MADE_UP, f"{MADE_UP}s", "zorglubinne", "zorglubin", "sorglubine"):
        query, _results, page = search(typed, "fr")
        assert not {result.url for result in page} & hidden, typed
        assert not any(MADE_UP in word for word in query.corrections.values()), typed
        assert MADE_UP not in query.suggestion, typed
        html = client.get("/recherche/", {"q": typed}).content.decode()
        assert f"cherché « {MADE_UP}" not in html and f">{MADE_UP}</a>" not in html, typed
    for prefix in ("", "/en"):
        assert not set(urls(client, MADE_UP, prefix)) & hidden
    assert not [word for _language, word in vocabulary() if word.startswith("zorglubi")]
    assert not SearchDocument.objects.filter(words__contains="zorglubi").exists()
    assert PendingPage.objects.filter(object_id=scheduled.pk).exists()

    # Its date comes: the first search after it finds the page, with no scheduler; then its words are known.
    Question._base_manager.filter(pk=scheduled.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    PendingPage.objects.update(due=timezone.now() - datetime.timedelta(minutes=1))
    assert urls(client, MADE_UP) == [scheduled.get_absolute_url()]
    assert not PendingPage.objects.exists()
    assert ("fr", MADE_UP) in vocabulary()
    assert vocabulary() == recount()


def test_the_index_follows_saves_publication_and_deletion(client, category):
    article = make_article(category, title_fr="Le périoste expliqué", title_en="The periosteum explained")
    with translation.override("en"):
        english = article.get_absolute_url()
    assert urls(client, "perioste") == [article.get_absolute_url()]
    assert urls(client, "periosteum", "/en") == [english]

    article.title_fr = "Le cartilage expliqué"
    article.save()
    assert urls(client, "perioste") == []
    assert ("fr", "perioste") not in vocabulary()  # its last page lost it
    assert urls(client, "cartilage") == [article.get_absolute_url()]

    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)  # admin bulk actions use update()
    assert urls(client, "cartilage") == []
    assert not SearchDocument.objects.filter(object_id=article.pk).exists()
    assert ("fr", "cartilage") not in vocabulary()
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert urls(client, "cartilage") == []
    assert PendingPage.objects.filter(object_id=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - datetime.timedelta(days=1))
    assert urls(client, "cartilage") == [article.get_absolute_url()]
    assert not PendingPage.objects.exists()

    article.delete()
    assert urls(client, "cartilage") == []
    assert not SearchDocument.objects.exists()
    assert vocabulary() == {}


def test_questions_are_indexed_and_english_falls_back_to_french(client, theme):
    question = make_question(theme, question_fr="Faut-il éviter le hammam ?", question_en="", answer_en="")
    with translation.override("en"):
        english = question.get_absolute_url()
    assert urls(client, "hammam") == [question.get_absolute_url()]
    assert urls(client, "hammam", "/en") == [english]


def test_a_renamed_section_shows_in_its_pages_results(client, category):
    make_article(category, title_fr="Le périoste")
    category.name_fr = "Usages renommés"
    category.save()
    result = client.get("/recherche/", {"q": "perioste"}).context["page"][0]
    assert result.section_name == "Usages renommés"


def test_the_vocabulary_counts_the_words_of_the_visible_pages_whatever_happens(category, theme):
    chooser = random.Random(3)
    words = ["genou", "cheville", "epaule", "hanche", "poignet", "coude"]
    pages = []

    def text():
        return " ".join(chooser.sample(words, 3))

    for step in range(60):
        action = chooser.choice(["new", "new question", "edit", "withdraw", "publish", "schedule", "delete", "tag"])
        if action.startswith("new") or not pages:
            if action == "new question":
                pages.append(make_question(theme, question_fr=f"{text()} ?", answer_fr=f"<p>{text()}.</p>"))
            else:
                pages.append(make_article(category, title_fr=text(), body_fr=f"<p>{text()}.</p>"))
            continue
        page = chooser.choice(pages)
        model = type(page)
        if action == "edit":
            setattr(page, page.title_field + "_fr", text())
            page.save()
        elif action == "withdraw":
            model.objects.filter(pk=page.pk).update(status=Status.DRAFT)
        elif action == "publish":
            model.objects.filter(pk=page.pk).update(status=Status.PUBLISHED, published_at=timezone.now())
        elif action == "schedule":
            page.refresh_from_db()
            page.published_at = timezone.now() + datetime.timedelta(days=1)
            page.save()
        elif action == "delete":
            pages.remove(page)
            page.delete()
        elif action == "tag":
            condition, _created = Condition.objects.get_or_create(slug="genou", defaults={"name_fr": "Genou"})
            page.conditions.add(condition)
        assert vocabulary() == recount(), (step, action)
    incremental = vocabulary()
    index.rebuild()
    assert vocabulary() == incremental == recount()


def test_content_loaded_from_files_is_indexed_once_and_fully(client):
    ContentLoader().load()
    loaded = SearchDocument.objects.count()
    expected = {
        "article": Article.objects.published().count(),
        "question": Question.objects.published().count(),
        "condition": Condition.objects.with_published_pages().count(),
        "glossaryterm": GlossaryTerm.objects.count(),
    }
    kinds = Counter(document.content_type.model for document in SearchDocument.objects.filter(language="fr"))
    assert dict(kinds) == expected
    assert loaded == 2 * sum(expected.values())
    assert vocabulary() == recount()
    ContentLoader().load()
    assert SearchDocument.objects.count() == loaded


def test_rebuilding_the_index_restores_what_was_changed_around_save(client, category):
    article = make_article(category, title_fr="Le périoste")
    SearchDocument.objects.all().delete()
    assert urls(client, "perioste") == []
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert urls(client, "perioste") == [article.get_absolute_url()]
    assert "2 search documents" in out.getvalue()
