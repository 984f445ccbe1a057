""" "Report an error on this page": stored with its page, no cookie, no token, no address kept; bad input gets a
clear French answer and stores nothing."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mesoinfo.editorial.models import Status
from mesoinfo.feedback.models import ErrorReport
from mesoinfo.pages.models import SitePage
from tests.support.factories import make_article
from tests.support.servers import free_port

pytestmark = pytest.mark.django_db

REPORT_URL = "/retours/signaler/"
ADDRESS = "203.0.113.7"


@pytest.fixture
def visitor():
    """A browser with no cookie, whose posts are checked for a CSRF token as a real browser's are."""
    return Client(enforce_csrf_checks=True, REMOTE_ADDR=ADDRESS)


def send(client, target, **values):
    data = {"page": f"{target._meta.label_lower}:{target.pk}", "message": "Le prix indiqué date de 2019.", **values}
    return client.post(REPORT_URL, data)


def test_a_report_is_stored_with_its_page_and_sets_no_cookie(visitor, article):
    response = send(visitor, article, email="lectrice@example.org")
    assert response.status_code == 303, "accepted without any CSRF token"
    assert response["Location"] == f"/retours/merci/?page=articles.article%3A{article.pk}&sent=report"
    assert not response.cookies and "Set-Cookie" not in response.headers
    [report] = ErrorReport.objects.all()
    assert report.page == article and report.page_title == article.title_fr
    assert report.page_url == article.get_absolute_url() and report.language == "fr"
    assert (report.message, report.email, report.status) == (
        "Le prix indiqué date de 2019.",
        "lectrice@example.org",
        ErrorReport.Status.NEW,
    )
    thanks = visitor.get(response["Location"])
    html = thanks.content.decode()
    assert thanks.status_code == 200 and not thanks.cookies
    assert "Votre signalement a bien été reçu." in html and f'href="{article.get_absolute_url()}"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert ADDRESS not in str(ErrorReport.objects.values().get())


@pytest.mark.parametrize(
    ("values", "status", "message"),
    [
        ({"message": ""}, 400, "Votre message est vide"),
        ({"message": "   \n  "}, 400, "Votre message est vide"),
        ({"message": "x" * 10_000}, 400, "trop long\u00a0: 10\u00a0000 caractères, 2\u00a0000 au plus."),
        ({"message": " ".join(f"https://spam{n}.example" for n in range(30))}, 400, "Votre message contient 30 liens"),
        ({"website": "https://robot.example"}, 400, "un champ destiné à arrêter les robots a été rempli"),
        ({"email": "pas-une-adresse"}, 400, "Cette adresse e-mail n’est pas valide"),
        ({"page": "articles.article:999999"}, 400, "Cette page n’existe pas ou n’est plus en ligne."),
        ({"page": "auth.user:1"}, 400, "Cette page n’existe pas ou n’est plus en ligne."),
        ({"page": ""}, 400, "Ce formulaire n’indique pas de quelle page il s’agit"),
    ],
)
def test_bad_input_gets_a_clear_french_answer_and_stores_nothing(visitor, article, values, status, message):
    response = send(visitor, article, **values)
    html = response.content.decode()
    assert response.status_code == status and message in html
    assert not ErrorReport.objects.exists() and not response.cookies
    if values.get("message", "").strip() and "website" not in values:
        assert values["message"][:200] in html, "the message is still in the form: nothing the reader typed is lost"


def test_the_sixth_report_in_an_hour_is_refused_without_keeping_the_address(visitor, article):
    for n in range(5):
        assert send(visitor, article, message=f"Erreur numéro {n}.").status_code == 303
    refused = send(visitor, article, message="Une sixième erreur.")
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "Vous avez déjà envoyé 5 signalements dans l’heure" in html and "Une sixième erreur." in html
    assert ErrorReport.objects.count() == 5
    assert send(Client(REMOTE_ADDR="198.51.100.4"), article).status_code == 303, "another reader is not limited"
    keys = [key for key in cache._cache if "feedback" in key]  # local memory cache in the tests
    assert keys and not any(ADDRESS in key for key in keys), "the cache keeps a digest, not the address"


def test_a_robot_filling_the_honeypot_is_not_counted_against_the_address(visitor, article):
    for _ in range(6):
        assert send(visitor, article, website="x").status_code == 400
    assert send(visitor, article).status_code == 303


def test_pages_offline_take_no_report(visitor, category):
    draft = make_article(category, status=Status.DRAFT)
    assert send(visitor, draft).status_code == 400
    assert visitor.get(f"{REPORT_URL}?page=articles.article:{draft.pk}").status_code == 404


def test_in_english_the_answers_are_english(visitor, article):
    response = visitor.post("/en/feedback/report/", {"page": f"articles.article:{article.pk}", "message": ""})
    assert response.status_code == 400 and "Your message is empty" in response.content.decode()
    ok = visitor.post("/en/feedback/report/", {"page": f"articles.article:{article.pk}", "message": "Typo."})
    assert ok["Location"].startswith("/en/feedback/thanks/")
    assert ErrorReport.objects.get().language == "en"


def test_the_report_page_of_its_own(visitor, question, site_pages):
    response = visitor.get(f"{REPORT_URL}?page=faq.question:{question.pk}")
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Signaler une erreur sur une page</h1>" in html
    assert f'value="faq.question:{question.pk}"' in html and "csrfmiddlewaretoken" not in html
    contact = SitePage.objects.get(slug="contact")
    assert send(visitor, contact).status_code == 303, "the pages about the site take reports too"
    assert visitor.get(REPORT_URL).status_code == 404


def test_staff_are_emailed_only_when_asked(visitor, article, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send(visitor, article).status_code == 303
    assert mail.outbox == [], "off by default"
    settings.FEEDBACK_NOTIFY_EMAILS = ["equipe@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = send(visitor, article, message="Deuxième signalement.", email="lectrice@example.org")
    assert response.status_code == 303
    [email] = mail.outbox
    report = ErrorReport.objects.get(message="Deuxième signalement.")
    assert email.to == ["equipe@example.org"] and article.title_fr in email.subject
    assert f"http://testserver{reverse('admin:feedback_errorreport_change', args=[report.pk])}" in email.body
    assert "Deuxième signalement." not in email.body and "lectrice@example.org" not in email.body, (
        "the message and the reader's address stay in the admin"
    )


def test_a_mail_server_that_refuses_loses_no_report(visitor, article, settings, django_capture_on_commit_callbacks):
    settings.FEEDBACK_NOTIFY_EMAILS = ["equipe@example.org"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert send(visitor, article).status_code == 303
    assert len(callbacks) == 1, "the e-mail was attempted, after the report was saved"
    assert ErrorReport.objects.count() == 1


def forms_of(html):
    """The two readers' forms at the foot of a page: [(form's HTML, the page reference it sends)]."""
    found = re.findall(r'<form class="feedback-form[^"]*".*?</form>', html, re.DOTALL)
    return [(form, re.search(r'name="page" value="([^"]*)"', form).group(1)) for form in found]


def test_each_page_s_forms_name_their_own_page_and_are_otherwise_the_same(visitor, article, question):
    """The unfilled forms are rendered once per language and given each page's reference: two pages' forms
    differ by that reference only, in the page's language, and a report sent from either lands on its page."""
    article_forms = forms_of(visitor.get(article.get_absolute_url()).content.decode())
    question_forms = forms_of(visitor.get(question.get_absolute_url()).content.decode())
    assert [page for _form, page in article_forms] == [f"articles.article:{article.pk}"] * 2
    assert [page for _form, page in question_forms] == [f"faq.question:{question.pk}"] * 2
    for (on_article, _a), (on_question, _q) in zip(article_forms, question_forms, strict=True):
        assert on_article.replace(f"articles.article:{article.pk}", "X") == on_question.replace(
            f"faq.question:{question.pk}", "X"
        )
    assert "Envoyer le signalement" in article_forms[1][0]
    with translation.override("en"):
        english = forms_of(visitor.get(article.get_absolute_url()).content.decode())
    assert "Send the report" in english[1][0] and english[1][1] == f"articles.article:{article.pk}"
    for _form, page in (article_forms[1], question_forms[1]):
        assert visitor.post(REPORT_URL, {"page": page, "message": "Une coquille."}).status_code == 303
    assert {report.page for report in ErrorReport.objects.all()} == {article, question}
