"""The admin home tells the truth: its counts are the database's, and it says what the site still lacks."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.models import Status
from mesoinfo.feedback.models import ErrorReport
from mesoinfo.pages.models import SiteSettings
from tests.support.factories import make_article, make_medical_reviewer, make_question

pytestmark = pytest.mark.django_db


def index(user):
    client = Client()
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def section(html, title):
    """The count shown next to a section's title, and the section's HTML."""
    part = html.split(f"<h3>{title}", 1)[1].split('<div class="module worklist-section', 1)[0]
    count = re.match(r' <span class="count">\((\d+)\)</span>', part)
    return (int(count.group(1)) if count else 0), part


def report(page, status=ErrorReport.Status.NEW):
    return ErrorReport.objects.create(**ErrorReport.about(page), message="Une erreur.", language="fr", status=status)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("patronne", "patronne@example.org", "a-long-test-password")


def test_the_counts_are_the_databases(superuser, reviewer, category, theme):
    today = timezone.localdate()
    signed = make_article(category, title_fr="Article signé")
    signed.sign_off(reviewer)
    signed.save()
    make_article(category, title_fr="Article en attente")
    make_question(theme, question_fr="Question en retard ?", next_review=today - datetime.timedelta(days=2))
    make_article(category, title_fr="Brouillon", status=Status.DRAFT, next_review=today - datetime.timedelta(days=1))
    make_article(category, title_fr="À relire", status=Status.REVIEW)
    make_question(theme, question_fr="Sans anglais ?", question_en="", answer_en="")
    for status in ErrorReport.Status:
        report(signed, status)

    html = index(superuser)
    unsigned = Article.objects.without_signoff().count() + Question.objects.without_signoff().count()
    overdue = Article.objects.review_overdue().count() + Question.objects.review_overdue().count()
    expected = {
        "Pages sans relecture médicale": unsigned,
        "Relectures en retard": overdue,
        "À relire et publier": 1,
        "Brouillons en cours": 1,
        "Traductions manquantes ou à revoir": 1,
        "Signalements à traiter": ErrorReport.objects.filter(status__in=ErrorReport.OPEN).count(),
    }
    assert expected["Pages sans relecture médicale"] == 3 and expected["Relectures en retard"] == 2
    assert expected["Signalements à traiter"] == 2
    for title, count in expected.items():
        assert section(html, title)[0] == count, title
    count, part = section(html, "Pages sans relecture médicale")
    assert "Article en attente" in part and "Article signé" not in part
    assert "Question en retard ?" in section(html, "Relectures en retard")[1]
    assert "Aucune relecture en retard" not in html and "Rien n’attend votre relecture" not in html


def test_before_going_live_lists_what_is_missing_until_nothing_is(superuser, reviewer, article):
    count, part = section(index(superuser), "Avant la mise en ligne")
    assert count == 5  # all but the medical reviewer
    for item in ("Éditeur du site", "Directeur de la publication", "Hébergeur", "Adresse e-mail de contact",
                 "Au moins un relecteur médical", "Chaque page publiée signée par un relecteur médical"):  # fmt: skip
        assert item in part, item
    assert "✓</span> Au moins un relecteur médical" in part, "the reviewer fixture is a physician with an account"

    settings = SiteSettings.load()
    settings.publisher_details = "Cabinet du Parc, SELARL"
    settings.publication_director = "Dr Claire Dupont"
    settings.host_details = "Hébergeur SAS"
    settings.email = "contact@example.org"
    settings.save()
    article.sign_off(reviewer)
    article.save()
    count, part = section(index(superuser), "Avant la mise en ligne")
    assert count == 0 and "Rien ne manque : le site est prêt pour la mise en ligne." in part.replace("\u00a0", " ")


def test_each_role_sees_the_truth_it_needs(writer, reviewer, article):
    writer_html, reviewer_html = index(writer), index(reviewer)
    for html in (writer_html, reviewer_html):
        assert section(html, "Pages sans relecture médicale")[0] == 1
        assert "Signalements à traiter" in html and "Avant la mise en ligne" in html
    assert "À relire et publier" in reviewer_html and "À relire et publier" not in writer_html


def test_without_a_physician_the_checklist_says_so(superuser):
    make_medical_reviewer()  # a profile with no staff account cannot sign off
    _count, part = section(index(superuser), "Avant la mise en ligne")
    assert "✗</span> <a" in part.split("Au moins un relecteur médical", 1)[0].rsplit("<li", 1)[1]


def test_the_see_all_links_open_the_filtered_lists(superuser, article, question):
    ErrorReport.objects.create(**ErrorReport.about(article), message="Une erreur.", language="fr")
    client = Client()
    client.force_login(superuser)
    html = client.get(reverse("admin:index")).content.decode()
    links = re.findall(r'<p class="see-all">(.*?)</p>', html, re.DOTALL)
    urls = {url.replace("&amp;", "&") for part in links for url in re.findall(r'href="([^"]+)"', part)}
    assert any("signoff__isnull=True" in url for url in urls) and any("status__in=" in url for url in urls)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and "?e=1" not in response.get("Location", ""), url
    changelist = reverse("admin:articles_article_changelist")
    unsigned = client.get(f"{changelist}?status__exact=published&signoff__isnull=True")
    assert article.title_fr in unsigned.content.decode()
