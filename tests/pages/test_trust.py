"""What lets a reader trust a page: who wrote and reviewed it, when, from which sources, how to report an
error; and the pages about the site itself, with the legal details."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Source
from mesoinfo.pages.models import SitePage, SiteSettings
from tests.support.factories import link, make_article, make_question
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

FOOTER_PAGES = {
    "/a-propos/": "À propos et politique éditoriale",
    "/mentions-legales/": "Mentions légales",
    "/confidentialite/": "Confidentialité",
    "/accessibilite/": "Accessibilité",
    "/contact/": "Contact",
}


def trust_block(html):
    return html.split('<footer class="page-trust">', 1)[1].split("</footer>", 1)[0]


def test_overdue_review_is_announced(client, category):
    overdue = make_article(category, next_review=timezone.localdate() - datetime.timedelta(days=1))
    due_today = make_article(category, next_review=timezone.localdate())
    html = trust_block(client.get(overdue.get_absolute_url()).content.decode())
    assert "La date de relecture prévue pour cette page est dépassée." in html
    assert "Son contenu n'est peut-être plus à jour" in html
    assert "dépassée" not in client.get(due_today.get_absolute_url()).content.decode()
    english = client.get(f"/en{overdue.get_absolute_url()}").content.decode()
    assert "The planned review date of this page has passed." in english


def test_a_question_shows_the_sources_of_its_related_articles_once(client, theme, category, article):
    other = make_article(category)
    Source.objects.create(article=other, title="Rapport", publisher="Inserm", year=2010)  # same as article's
    Source.objects.create(article=other, title="Avis", publisher="HAS", url="https://www.has-sante.fr/avis")
    question = make_question(theme)
    link(question, article, other)
    html = trust_block(client.get(question.get_absolute_url()).content.decode())
    assert "Cette réponse résume les articles cités plus haut ; voici leurs sources." in html
    assert html.count("Rapport, Inserm, 2010.") == 1
    assert '<a href="https://www.has-sante.fr/avis">Avis</a>, HAS.' in html


def test_a_question_without_sourced_articles_says_so(client, theme):
    question = make_question(theme)
    html = trust_block(client.get(question.get_absolute_url()).content.decode())
    assert "Cette réponse n'a pas encore de source propre" in html
    assert "<ol" not in html


def test_every_content_page_carries_the_report_form_and_the_usefulness_question(client, article, question, site_pages):
    french = article.get_absolute_url()  # before an English page makes English the active language
    paths = (french, question.get_absolute_url(), "/contact/", f"/en{french}")
    for path in paths:
        response = client.get(path)
        html = response.content.decode()
        assert "Set-Cookie" not in response.headers, path
        assert "csrfmiddlewaretoken" not in html, path
        forms = {attrs.get("action") for name, attrs in parse(response).tags if name == "form" and attrs.get("method")}
        english = path.startswith("/en/")
        assert forms >= {"/en/feedback/report/" if english else "/retours/signaler/"}, (path, forms)
    html = client.get(french).content.decode()
    assert "<summary>Signaler une erreur sur cette page</summary>" in html
    assert "Cette page vous a-t-elle été utile\u00a0?" in html
    assert f'name="page" value="articles.article:{article.pk}"' in html
    assert "N’écrivez rien sur votre santé" in html


def test_without_a_contact_address_the_report_still_works(client, article):
    """ "Report an error" is a form of the site: it needs no clinic e-mail address."""
    assert SiteSettings.load().email == ""
    response = client.post(
        "/retours/signaler/", {"page": f"articles.article:{article.pk}", "message": "Une coquille au 2e paragraphe."}
    )
    assert response.status_code == 303


def test_the_trust_summary_under_the_title_and_the_details_at_the_foot(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    summary = html.split('<p class="trust-summary">', 1)[1].split("</p>", 1)[0]
    assert html.index('<p class="trust-summary">') < html.index('<div class="prose">'), "under the title"
    assert "Relecture médicale\u00a0: en attente" in summary and "par Rédaction test" in summary
    assert '<time datetime="2026-11-01">01/11/2026</time>' in summary
    assert '<time datetime="2027-11">11/2027</time>' in summary
    assert 'href="#a-propos-de-cette-page"' in summary
    details = trust_block(html)
    assert f'<a href="/contributeurs/{article.author.key}/">Rédaction test</a> (Équipe)' in details
    assert "en attente — aucun médecin n’a encore relu et signé cette version de la page." in details
    english = client.get(f"/en{article.get_absolute_url()}").content.decode()
    assert "Medical review: pending" in english and "by Rédaction test" in english
    assert "Reviewed <time" in english and "next: <time" in english


def test_footer_links_to_the_site_pages_on_every_page(client, site_pages, article):
    for path in ("/", article.get_absolute_url(), "/faq/"):
        html = client.get(path).content.decode()
        footer = html.split('<nav class="footer-links"', 1)[1].split("</nav>", 1)[0]
        for url, label in FOOTER_PAGES.items():
            assert f'<a href="{url}">{label}</a>' in footer, (path, url)
    for url, label in FOOTER_PAGES.items():
        page = client.get(url)
        assert page.status_code == 200
        assert f"<h1>{label}</h1>" in page.content.decode()
        assert "Signaler une erreur sur cette page" in page.content.decode()
    english = client.get("/en/").content.decode()
    assert '<a href="/en/privacy/">Privacy</a>' in english


def test_contact_and_legal_pages_show_the_clinic_details(client, site_pages):
    settings = SiteSettings.load()
    settings.clinic_name = "Cabinet du Parc"
    settings.address = "12 rue des Lilas\n75011 Paris"
    settings.phone = "01 23 45 67 89"
    settings.email = "contact@cabinet-du-parc.example"
    settings.opening_hours = "Du lundi au vendredi, 9 h – 18 h"
    settings.save()
    contact = client.get("/contact/").content.decode()
    for text in ("Cabinet du Parc", "12 rue des Lilas<br>75011 Paris", 'href="tel:0123456789"',
                 'href="mailto:contact@cabinet-du-parc.example"', "Du lundi au vendredi"):  # fmt: skip
        assert text in contact, text
    legal = client.get("/mentions-legales/").content.decode()
    assert "Directeur de la publication" in legal and "non renseigné pour l'instant" in legal
    settings.publisher_details = "Cabinet du Parc, SELARL, RCS Paris 123 456 789"
    settings.publication_director = "Dr Claire Dupont"
    settings.host_details = "Hébergeur SAS, 1 avenue du Web, 69000 Lyon"
    settings.save()
    legal = client.get("/mentions-legales/").content.decode()
    assert "Cabinet du Parc, SELARL, RCS Paris 123 456 789" in legal
    assert "Dr Claire Dupont" in legal and "Hébergeur SAS, 1 avenue du Web" in legal
    assert "non renseigné" not in legal


def test_site_pages_are_edited_in_the_admin(staff_client, site_pages):
    page = SitePage.objects.get(slug="confidentialite")
    url = reverse("admin:pages_sitepage_change", args=[page.pk])
    html = staff_client.get(url).content.decode()
    assert "modeltranslation/js/tabbed_translation_fields" in html
    assert 'name="slug"' not in html, "the address stays: the footer links to it"
    response = staff_client.post(
        url,
        {
            "title_fr": "Confidentialité",
            "title_en": "Privacy",
            "summary_fr": "Résumé revu.",
            "summary_en": "Reviewed summary.",
            "body_fr": "<p>Aucun cookie.</p><script>alert(1)</script>",
            "body_en": "<p>No cookie.</p>",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert page.body_fr == "<p>Aucun cookie.</p>"
    assert staff_client.get(reverse("admin:pages_sitepage_delete", args=[page.pk])).status_code == 403
    assert staff_client.get(reverse("admin:pages_sitepage_add")).status_code == 403  # all five exist
    assert "Aucun cookie." in staff_client.get("/confidentialite/").content.decode()


def test_an_unknown_site_page_is_404(client, site_pages):
    assert client.get("/blog/").status_code == 404
    SitePage.objects.filter(slug="contact").delete()
    assert client.get("/contact/").status_code == 404
