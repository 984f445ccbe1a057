"""Staff see the reports with their status and page, and per page the answers and the reports."""

import pytest
from django.test import Client
from django.urls import reverse

from mesoinfo.feedback.models import ErrorReport, PageFeedback

pytestmark = pytest.mark.django_db


def staff(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_report_sent_by_a_visitor_appears_in_the_admin_and_is_handled(writer, article):
    Client().post("/retours/signaler/", {"page": f"articles.article:{article.pk}", "message": "Coquille au titre."})
    client = staff(writer)
    changelist = client.get(reverse("admin:feedback_errorreport_changelist")).content.decode()
    assert "Coquille au titre." in changelist and article.title_fr in changelist
    assert f'href="{article.get_absolute_url()}"' in changelist and "Nouveau" in changelist
    report = ErrorReport.objects.get()
    change = client.get(reverse("admin:feedback_errorreport_change", args=[report.pk])).content.decode()
    assert 'name="status"' in change and 'name="message"' not in change, "the reader's words are not edited"
    response = client.post(
        reverse("admin:feedback_errorreport_changelist"),
        {"action": "mark_done", "_selected_action": [report.pk]},
        follow=True,
    )
    assert "1 signalement est maintenant «\u00a0Traité\u00a0»." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ErrorReport.Status.DONE
    assert client.get(reverse("admin:feedback_errorreport_add")).status_code == 403


def test_per_page_the_answers_and_the_reports(reviewer, article, question):
    visitor = Client()
    for answer in ("yes", "no", "no"):
        visitor.post("/retours/utile/", {"page": f"articles.article:{article.pk}", "answer": answer})
    visitor.post("/retours/utile/", {"page": f"faq.question:{question.pk}", "answer": "yes"})
    visitor.post("/retours/signaler/", {"page": f"articles.article:{article.pk}", "message": "Erreur."})
    assert PageFeedback.objects.count() == 2
    html = staff(reviewer).get(reverse("admin:feedback_pagefeedback_changelist")).content.decode()
    rows = html.split("<tbody>", 1)[1]
    assert rows.index(article.title_fr) < rows.index(question.question_fr), "the pages failing readers first"
    article_row = rows.split(article.title_fr, 1)[1].split("</tr>", 1)[0]
    assert '<td class="field-useful">1</td>' in article_row and '<td class="field-not_useful">2</td>' in article_row
    assert "33 %" in article_row and ">1 (1)</a>" in article_row
