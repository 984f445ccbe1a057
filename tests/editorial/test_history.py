"""History staff can read: versions compared as the page shows them, field by field in French, sources and
images included; a restore screen that names the version and shows what will change; a restore that brings
back the texts, the sources and the translation state of that version."""

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils.timezone import localtime

from articles.models import Source
from mesoinfo.editorial.history import rich_diff
from mesoinfo.editorial.models import Status, TranslationStatus
from mesoinfo.pages.models import SiteSettings
from tests.support.admin_forms import form_errors, form_values

# Editing online pages without the medical sign-off in the way (tests/editorial/test_signoff.py covers it).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signoff_not_required")]

SKIN_DIAGRAM = (
    '<figure><img src="/static/img/peau-profondeurs.svg" alt="La peau"><figcaption>La peau</figcaption></figure>'
)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def edit(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_values(client.get(url), f"{obj._meta.model_name}_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    return response


def history_url(obj, name="history", *args):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{name}", args=[obj.pk, *args])


def test_rich_text_is_compared_as_shown_with_formatting_links_and_images():
    old = "<h2>Avant</h2><p>Un texte <strong>important</strong> et un lien.</p><ul><li><p>un</p></li></ul>"
    new = (
        '<h2>Avant</h2><p>Un texte important et un <a href="https://www.has-sante.fr/">lien</a>.</p>'
        f"<ul><li><p>un</p></li><li><p>deux</p></li></ul>{SKIN_DIAGRAM}"
    )
    diff = str(rich_diff(old, new))
    assert diff.startswith("<h2>Avant</h2>"), "unchanged blocks stay as they are"
    assert "<strong><del>important</del></strong><ins>important</ins>" in diff, "a word no longer bold is a change"
    assert '<a href="https://www.has-sante.fr/"><ins>lien</ins></a>' in diff, "the new link shows, as a link"
    assert "<li><ins>deux</ins></li>" in diff, "the editor's <li><p> and a plain <li> read alike"
    assert '<ins><img src="/static/img/peau-profondeurs.svg" alt="La peau"></ins>' in diff, "the image shows"
    assert "<script" not in str(rich_diff("<p>a</p>", "<p>a</p><script>alert(1)</script><p>b</p>"))


def test_compare_shows_each_field_in_french_with_the_sources(reviewer, article):
    client = client_for(reviewer)
    edit(
        client,
        article,
        title_en="A new English title",
        body_fr="<h2>Partie</h2><p>Un texte en <strong>français</strong>.</p>" + SKIN_DIAGRAM,
        **{
            "sources-1-title": "Rapport de la HAS",
            "sources-1-publisher": "HAS",
            "sources-1-year": "2024",
            "sources-1-position": "2",
            "sources-1-url": "https://www.has-sante.fr/",
        },
    )
    older, newer = article.history.order_by("history_date")[:2]
    compare = client.get(history_url(article, "compare"), {"old": older.pk, "new": newer.pk}).content.decode()
    labels = re.findall(r'<th scope="row">([^<]+)</th>', compare)
    assert labels == ["Titre (anglais)", "Texte (français)", "Sources"], labels
    assert "[fr]" not in compare and "[en]" not in compare
    assert "<strong><ins>français</ins></strong>" in compare
    assert '<ins><img src="/static/img/peau-profondeurs.svg"' in compare
    assert "ajout\u00a0: Rapport de la HAS" in compare
    assert f"De la version du {localtime(older.history_date).day}" in compare and "par medecin" in compare

    history = client.get(history_url(article)).content.decode()
    assert "Titre (anglais), Texte (français)" in history, "each field named once, in French"
    assert "Sources&nbsp;:" in history and "ajout « Rapport de la HAS »" in history


def test_restore_screen_names_the_version_and_what_will_change(reviewer, article):
    client = client_for(reviewer)
    edit(client, article, body_fr="<p>Une version plus récente, avec une image.</p>" + SKIN_DIAGRAM)
    first = article.history.order_by("history_date").first()
    screen = client.get(history_url(article, "simple_history", first.pk)).content.decode()
    assert "Rétablir une version" in screen
    assert f"Version du {localtime(first.history_date).day}" in screen and "depuis les fichiers de contenu" in screen
    assert "<del>Une version plus récente, avec une image.</del>" in screen
    assert "<del><img" in screen, "the image added since goes away"
    assert "<ins>Un texte en français.</ins>" in screen
    assert 'name="title_fr"' not in screen, "not an edit form"
    assert "Le statut de publication reste celui d’aujourd’hui" in screen


def test_restoring_brings_back_the_text_the_sources_and_names_the_version(reviewer, article):
    client = client_for(reviewer)
    first = article.history.order_by("history_date").first()
    edit(
        client,
        article,
        body_fr="<p>Texte suivant.</p>" + SKIN_DIAGRAM,
        **{
            "sources-1-title": "Source ajoutée ensuite",
            "sources-1-position": "2",
            "sources-1-no_address": "not_online",
        },
    )
    assert Source.objects.filter(article=article).count() == 2

    response = client.post(history_url(article, "simple_history", first.pk), follow=True)
    messages = [str(message) for message in get_messages(response.wsgi_request)] or [
        str(message) for message in response.context["messages"]
    ]
    restored = f"La version du {localtime(first.history_date).day}"
    assert any(message.startswith(restored) for message in messages), messages
    article.refresh_from_db()
    assert article.body_fr == first.body_fr and "<img" not in article.body_fr, "the later image is gone"
    assert list(Source.objects.filter(article=article).values_list("title", flat=True)) == ["Rapport"]
    assert article.status == Status.PUBLISHED, "the publication status stays"
    latest = article.history.first()
    assert latest.history_change_reason.startswith("Version du ") and latest.history_user == reviewer
    assert "Version du" in client.get(history_url(article)).content.decode()


def test_translation_status_follows_the_text_restored(reviewer, article):
    client = client_for(reviewer)
    assert article.translation_status == TranslationStatus.UP_TO_DATE
    first = article.history.order_by("history_date").first()
    edit(client, article, body_fr="<p>Le français change, l’anglais non.</p>")
    article.refresh_from_db()
    assert article.translation_status == TranslationStatus.OUTDATED

    client.post(history_url(article, "simple_history", first.pk))
    article.refresh_from_db()
    assert article.body_fr == first.body_fr
    assert article.translation_status == TranslationStatus.UP_TO_DATE, "the French the English was made from"
    form = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Traduction à revoir" not in form


def test_a_writer_restoring_a_page_online_sends_it_to_review(writer, reviewer, article):
    edit(client_for(reviewer), article, title_fr="Titre plus récent")
    first = article.history.order_by("history_date").first()
    client_for(writer).post(history_url(article, "simple_history", first.pk))
    article.refresh_from_db()
    assert article.title_fr == first.title_fr and article.status == Status.REVIEW


def test_the_current_version_is_not_offered_for_restoring(reviewer, article):
    current = article.history.first()
    screen = client_for(reviewer).get(history_url(article, "simple_history", current.pk)).content.decode()
    assert "C’est la version actuelle de la page" in screen and 'type="submit"' not in screen.split("content-main")[1]


def test_site_settings_have_the_same_readable_history(writer):
    settings = SiteSettings.load()
    client = client_for(writer)
    edit(client, settings, clinic_name="Cabinet des Tilleuls")
    edit(client, settings, clinic_name="Cabinet des Platanes")
    newer, older = settings.history.order_by("-history_date")[:2]
    compare = client.get(history_url(settings, "compare"), {"old": older.pk, "new": newer.pk}).content.decode()
    assert "<del>Tilleuls</del><ins>Platanes</ins>" in compare
    client.post(history_url(settings, "simple_history", older.pk))
    settings.refresh_from_db()
    assert settings.clinic_name == "Cabinet des Tilleuls"
