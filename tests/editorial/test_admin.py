import pytest
from django.urls import reverse

from articles.models import Category
from faq.models import Theme
from mesoinfo.editorial.models import Contributor, GlossaryTerm
from mesoinfo.pages.models import Condition, SitePage, SiteSettings
from mesoinfo.search.models import Synonym

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(article, question, contributor, site_pages):
    return {
        "articles.article": article,
        "articles.category": Category.objects.first(),
        "editorial.contributor": contributor,
        "faq.question": question,
        "faq.theme": Theme.objects.first(),
        "pages.sitesettings": SiteSettings.load(),
        "pages.sitepage": SitePage.objects.first(),
        "editorial.glossaryterm": GlossaryTerm.objects.create(
            slug="derme", term_fr="derme", definition_fr="Une couche."
        ),
        "pages.condition": Condition.objects.create(slug="arthrose", name_fr="Arthrose"),
        "search.synonym": Synonym.objects.create(phrase="prix", alternatives="coût"),
    }


def test_admin_pages_render_with_language_tabs(staff_client, objects):
    for label, obj in objects.items():
        app, model = label.split(".")
        changelist = staff_client.get(reverse(f"admin:{app}_{model}_changelist"), follow=True)
        assert changelist.status_code == 200, label
        change = staff_client.get(reverse(f"admin:{app}_{model}_change", args=[obj.pk]))
        assert change.status_code == 200, label
        html = change.content.decode()
        assert "googleapis" not in html
        if model != "synonym":  # one row per language: no language tabs
            assert "vendor/jquery-ui/jquery-ui" in html, label  # the tabs' jQuery UI is served locally
            assert "modeltranslation/js/tabbed_translation_fields" in html, label
        assert "Enregistrer" in html, f"{label}: the admin speaks French"
        if model not in ("sitesettings", "sitepage"):  # single records, or all five pages exist
            add = staff_client.get(reverse(f"admin:{app}_{model}_add"))
            assert add.status_code == 200, label


def test_admin_saves_an_article_in_both_languages(staff_client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = {
        "title_fr": "Nouveau titre",
        "title_en": "New title",
        "slug_fr": article.slug_fr,
        "category": article.category.pk,
        "position": 1,
        "summary_fr": "Résumé",
        "summary_en": "Summary",
        "essentials_fr": "L'essentiel. En deux phrases.",
        "essentials_en": "The essentials. In two sentences.",
        "body_fr": "<p>Texte</p><script>alert(1)</script>",
        "body_en": "<p>Text</p>",
        "status": "published",
        "published_at_0": "23/11/2026",
        "published_at_1": "10:00:00",
        "author": article.author.pk,
        "reviewer": "",
        "last_reviewed": "",
        "next_review": "",
        "meta_description_fr": "",
        "meta_description_en": "",
        "version": article.version,
        "publish_unreviewed": "on",  # a superuser changing an online text that no physician signed off
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert (article.title_fr, article.title_en) == ("Nouveau titre", "New title")
    assert article.body_fr == "<p>Texte</p>"


def test_admin_is_not_for_visitors(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_contributors_created_by_staff_get_a_key(staff_client):
    response = staff_client.post(
        reverse("admin:editorial_contributor_add"),
        {"key": "dr-martin", "name_fr": "Dr Martin", "qualifications_fr": "Médecin", "bio_fr": ""},
    )
    assert response.status_code == 302
    assert Contributor.objects.filter(key="dr-martin").exists()
