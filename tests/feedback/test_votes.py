""" "Was this page useful to you?": a count per page and answer, without cookie or personal data, limited as the
error report is."""

import pytest
from django.test import Client

from mesoinfo.feedback.models import PageFeedback

pytestmark = pytest.mark.django_db

VOTE_URL = "/retours/utile/"


@pytest.fixture
def visitor():
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")


def vote(client, target, answer, **values):
    return client.post(VOTE_URL, {"page": f"{target._meta.label_lower}:{target.pk}", "answer": answer, **values})


def counts(page):
    row = PageFeedback.objects.of(page).first()
    return (row.useful, row.not_useful) if row else (0, 0)


def test_each_answer_adds_one_to_its_page_and_sets_no_cookie(visitor, article, question):
    yes = vote(visitor, article, "yes")
    assert yes.status_code == 303 and not yes.cookies
    assert yes["Location"] == f"/retours/merci/?page=articles.article%3A{article.pk}&sent=yes"
    assert "Votre réponse a été comptée." in visitor.get(yes["Location"]).content.decode()
    vote(visitor, article, "no")
    vote(visitor, question, "no")
    assert counts(article) == (1, 1) and counts(question) == (0, 1)
    row = PageFeedback.objects.of(article).get()
    assert row.page_title == article.title_fr and row.page_url == article.get_absolute_url()


def test_after_a_no_the_reader_is_offered_the_error_report(visitor, article):
    thanks = visitor.get(vote(visitor, article, "no")["Location"]).content.decode()
    assert "Qu’est-ce qui manquait ou était faux\u00a0?" in thanks
    assert 'action="/retours/signaler/"' in thanks and f'value="articles.article:{article.pk}"' in thanks


@pytest.mark.parametrize(
    ("answer", "values", "message"),
    [
        ("", {}, "Choisissez «\u00a0Oui\u00a0» ou «\u00a0Non\u00a0»."),
        ("peut-être", {}, "Choisissez «\u00a0Oui\u00a0» ou «\u00a0Non\u00a0»."),
        ("yes", {"website": "http://robot.example"}, "un champ destiné à arrêter les robots a été rempli"),
        ("yes", {"page": "articles.article:0"}, "Cette page n’existe pas ou n’est plus en ligne."),
    ],
)
def test_bad_input_counts_nothing(visitor, article, answer, values, message):
    response = vote(visitor, article, answer, **values)
    assert response.status_code == 400 and message in response.content.decode()
    assert not PageFeedback.objects.exists() and not response.cookies


def test_the_sixth_answer_in_an_hour_is_not_counted(visitor, article):
    for _ in range(5):
        assert vote(visitor, article, "yes").status_code == 303
    refused = vote(visitor, article, "no")
    assert refused.status_code == 429
    assert "Vous avez déjà répondu 5 fois dans l’heure" in refused.content.decode()
    assert counts(article) == (5, 0)


def test_answers_are_only_sent(visitor, article):
    assert visitor.get(VOTE_URL).status_code == 405
