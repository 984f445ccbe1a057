"""Staff editing through the admin: roles, workflow, preview, history, locking, translations, review dates."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Source
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import StaleVersionError, Status, TranslationStatus
from mesoinfo.pages.models import SiteSettings
from tests.support.admin_forms import form_values
from tests.support.factories import make_article, make_question

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def edit(client, obj, **changes):
    """Open the change form as a browser would, change some fields, and save."""
    url = change_url(obj)
    data = form_values(client.get(url), f"{obj._meta.model_name}_form")
    data.update(changes)
    return client.post(url, data)


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


# Roles ------------------------------------------------------------------------------------------


def test_groups_are_created_with_their_permissions():
    writing = Group.objects.get(name="Rédaction")
    reviewing = Group.objects.get(name="Relecture médicale")
    codes = lambda group: set(group.permissions.values_list("codename", flat=True))  # noqa: E731
    assert {"add_article", "change_article", "add_question", "change_question", "change_sitesettings"} <= codes(writing)
    assert not {"publish_article", "publish_question", "delete_article", "delete_question"} & codes(writing)
    assert {"publish_article", "publish_question", "delete_article", "delete_question"} <= codes(reviewing)


def test_writer_writes_and_submits_but_cannot_publish(writer, category):
    client = client_for(writer)
    add = client.get(reverse("admin:articles_article_add"))
    html = add.content.decode()
    assert 'value="published"' not in html, "the writer is not offered to publish"
    data = form_values(add, "article_form")
    data.update(
        title_fr="Nouvel article",
        slug_fr="nouvel-article",
        category=str(category.pk),
        summary_fr="Résumé.",
        body_fr="<h2>Partie</h2><p>Texte.</p>",
        status="published",
    )
    refused = client.post(reverse("admin:articles_article_add"), data)
    assert refused.status_code == 200 and not Article.objects.filter(slug="nouvel-article").exists()
    assert "Sélectionnez un choix valide" in refused.content.decode()

    data["status"] = "review"
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="nouvel-article")
    assert article.status == Status.REVIEW and article.body_fr == "<h2>Partie</h2><p>Texte.</p>"

    # Review dates and reviewer are read-only for writers: a value sent anyway is ignored.
    form = client.get(change_url(article)).content.decode()
    assert 'name="last_reviewed"' not in form and 'name="next_review"' not in form and 'name="reviewer"' not in form
    edit(client, article, last_reviewed="01/01/2026", next_review="01/01/2030")
    article.refresh_from_db()
    assert article.last_reviewed is None and article.next_review is None

    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'value="submit_for_review"' in changelist
    assert 'value="publish"' not in changelist and 'value="unpublish"' not in changelist
    assert client.get(reverse("admin:articles_article_delete", args=[article.pk])).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_writer_cannot_publish_through_the_actions(writer, category):
    article = make_article(category, status=Status.REVIEW)
    client = client_for(writer)
    client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [str(article.pk)]}
    )
    article.refresh_from_db()
    assert article.status == Status.REVIEW


def test_a_writers_change_to_a_published_page_goes_back_to_review(writer, article):
    client = client_for(writer)
    form = client.get(change_url(article)).content.decode()
    assert "Cette page est en ligne" in form
    assert edit(client, article, title_fr="Titre retouché").status_code == 302
    article.refresh_from_db()
    assert article.title_fr == "Titre retouché" and article.status == Status.REVIEW
    assert Client().get(article.get_absolute_url()).status_code == 404, "unreviewed text never reaches visitors"


def test_reviewer_publishes_and_records_the_review(reviewer, category):
    article = make_article(category, status=Status.REVIEW)
    client = client_for(reviewer)
    response = edit(client, article, status="published", sign_off="on", next_review="05/01/2028")
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.reviewer == reviewer.contributor
    assert article.last_reviewed == timezone.localdate() and article.next_review == datetime.date(2028, 1, 5)
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_publish_and_unpublish_in_one_action(reviewer, category, theme):
    article = make_article(category, status=Status.REVIEW)
    article.sign_off(reviewer)  # put online by the action only once its text is signed off
    article.save()
    question = make_question(theme, status=Status.DRAFT)
    client = client_for(reviewer)
    client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish", "_selected_action": [str(article.pk)]}
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and Client().get(article.get_absolute_url()).status_code == 200

    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [str(article.pk)]},
        follow=True,
    )
    assert "1 page retirée du site." in messages_of(response)
    article.refresh_from_db()
    assert article.status == Status.DRAFT and Client().get(article.get_absolute_url()).status_code == 404
    assert article.history.first().history_change_reason == "Retirée du site"

    client.post(
        reverse("admin:faq_question_changelist"), {"action": "submit_for_review", "_selected_action": [question.pk]}
    )
    question.refresh_from_db()
    assert question.status == Status.REVIEW


def test_take_offline_button_on_the_change_form(reviewer, article):
    client = client_for(reviewer)
    assert 'name="_unpublish"' in client.get(change_url(article)).content.decode()
    response = edit(client, article, _unpublish="Retirer du site")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_admin_index_tells_each_user_what_awaits_them(writer, reviewer, category, theme):
    waiting = make_article(category, status=Status.REVIEW, title_fr="Article à relire")
    due = make_question(theme, next_review=timezone.localdate() + datetime.timedelta(days=10))
    make_article(category, next_review=timezone.localdate() + datetime.timedelta(days=90), title_fr="Pas encore")
    draft = make_article(category, status=Status.DRAFT, title_fr="Brouillon du jour", title_en="")

    reviewer_index = client_for(reviewer).get(reverse("admin:index")).content.decode()
    assert "Ce qui vous attend" in reviewer_index
    assert "À relire et publier" in reviewer_index and waiting.title_fr in reviewer_index
    due_section = reviewer_index.split("Relecture médicale à prévoir", 1)[1].split("</div>", 1)[0]
    assert due.question_fr in due_section
    assert "Pas encore" not in due_section

    writer_index = client_for(writer).get(reverse("admin:index")).content.decode()
    assert "En attente de la relecture médicale" in writer_index and waiting.title_fr in writer_index
    assert "Brouillons en cours" in writer_index and draft.title_fr in writer_index
    assert "À relire et publier" not in writer_index
    assert "Traductions manquantes ou à revoir" in writer_index


# Preview ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        {"status": Status.DRAFT},
        {"status": Status.REVIEW},
        {"published_at": timezone.now() + datetime.timedelta(days=3)},
    ],
)
def test_staff_preview_unpublished_pages_with_a_banner_never_cached(writer, category, theme, values, django_user_model):
    article = make_article(category, **values)
    question = make_question(theme, **values)
    french_path = article.get_absolute_url()
    client = client_for(writer)
    for path in (french_path, question.get_absolute_url(), f"/en{french_path}"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert 'class="preview-banner"' in html, path
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"], path
        assert Client().get(path).status_code == 404, f"{path}: visitors never see it"
    logged_in_visitor = django_user_model.objects.create_user("patient", "p@example.org", "a-long-test-password")
    assert client_for(logged_in_visitor).get(french_path).status_code == 404
    assert "Aperçu — non publié" in client.get(french_path).content.decode()


def test_published_pages_have_no_banner_and_stay_cacheable_for_visitors(writer, article):
    assert 'class="preview-banner"' not in client_for(writer).get(article.get_absolute_url()).content.decode()
    visitor = Client().get(article.get_absolute_url())
    assert "private" not in visitor.get("Cache-Control", "")


# History ----------------------------------------------------------------------------------------


def test_save_twice_then_restore_the_first_version(reviewer, article):
    client = client_for(reviewer)
    first_edit = edit(client, article, title_fr="Première version", body_fr="<p>Texte un.</p>", sign_off="on")
    assert first_edit.status_code == 302
    second_edit = edit(client, article, title_fr="Deuxième version", body_fr="<p>Texte deux.</p>", sign_off="on")
    assert second_edit.status_code == 302
    article.refresh_from_db()
    assert article.title_fr == "Deuxième version"

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    html = history.content.decode()
    assert "medecin" in html, "who changed it"
    first = article.history.get(title_fr="Première version")
    second = article.history.get(title_fr="Deuxième version")

    compare = client.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"old": first.history_id, "new": second.history_id},
    ).content.decode()
    assert "<del>Première</del>" in compare and "<ins>Deuxième</ins>" in compare
    assert "<del>un.</del>" in compare and "<ins>deux.</ins>" in compare

    restore_url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    assert "Deuxième version" in client.get(restore_url).content.decode(), "the restore screen shows what changes"
    assert client.post(restore_url).status_code == 302
    article.refresh_from_db()
    assert article.title_fr == "Première version" and article.body_fr == "<p>Texte un.</p>"
    assert article.history.count() >= 4
    # The restored medical text was not signed off as the page's current text: back to review, offline.
    assert article.status == Status.REVIEW and not article.is_published


def test_deleted_article_comes_back_with_its_sources(reviewer, article):
    client = client_for(reviewer)
    pk, title = article.pk, article.title_fr
    response = client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=pk).exists()

    deleted = client.get(reverse("admin:articles_article_deleted")).content.decode()
    assert title in deleted
    record = Article.history.filter(id=pk, history_type="-").get()
    response = client.post(reverse("admin:articles_article_deleted"), {"history_id": record.history_id})
    assert response.status_code == 302
    restored = Article.objects.get(pk=pk)
    assert restored.title_fr == title
    assert list(Source.objects.filter(article=restored).values_list("title", flat=True)) == ["Rapport"]
    assert f'value="{record.history_id}"' not in client.get(reverse("admin:articles_article_deleted")).content.decode()


def test_a_writer_brings_a_deleted_page_back_offline(writer, reviewer, theme):
    question = make_question(theme)
    client_for(reviewer).post(reverse("admin:faq_question_delete", args=[question.pk]), {"post": "yes"})
    record = Question.history.filter(id=question.pk, history_type="-").get()
    assert client_for(writer).get(reverse("admin:faq_question_deleted")).status_code == 200
    client_for(writer).post(reverse("admin:faq_question_deleted"), {"history_id": record.history_id})
    restored = Question.objects.get(pk=question.pk)
    assert restored.status == Status.REVIEW, "only the medical review puts a page back online"


# No lost update -----------------------------------------------------------------------------------


def test_concurrent_edit_refuses_the_second_save_and_keeps_the_first(writer, reviewer, article):
    first, second = client_for(reviewer), client_for(writer)
    url = change_url(article)
    first_form = form_values(first.get(url), "article_form")
    second_form = form_values(second.get(url), "article_form")

    first_form.update(title_fr="Titre de la médecin", sign_off="on")
    assert first.post(url, first_form).status_code == 302
    second_form["title_fr"] = "Titre de la rédactrice"
    refused = second.post(url, second_form)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Vos modifications n’ont pas été enregistrées" in html
    assert "medecin a enregistré cette page" in html
    assert f'href="{url}"' in html and "Ouvrir la version la plus récente" in html
    assert "Titre de la rédactrice" in html, "the refused text is still in the form"
    article.refresh_from_db()
    assert article.title_fr == "Titre de la médecin"


def test_model_refuses_a_save_from_a_stale_copy(article):
    copy = Article.objects.get(pk=article.pk)
    article.title_fr = "Enregistré d'abord"
    article.save()
    copy.title_fr = "Enregistré ensuite"
    with pytest.raises(StaleVersionError):
        copy.save()
    assert copy.version == 1, "the refused copy keeps the version it was read at"
    article.refresh_from_db()
    assert article.title_fr == "Enregistré d'abord" and article.version == 2


def test_content_loader_and_locking_cooperate(writer):
    ContentLoader().load()
    article = Article.objects.get(slug="prix-et-remboursement")
    assert article.version == 1
    assert edit(client_for(writer), article, title_fr="Titre du secrétariat").status_code == 302
    report = ContentLoader().load()
    assert "article avant-de-decider/prix-et-remboursement" in report.skipped
    article.refresh_from_db()
    assert article.title_fr == "Titre du secrétariat" and article.version == 2


# Rich text ----------------------------------------------------------------------------------------


def test_rich_text_is_sanitised_whatever_arrives(reviewer, article, question):
    client = client_for(reviewer)
    crafted = (
        '<h1>Gros</h1><p style="color:red" onclick="x()">Texte <a href="javascript:alert(1)">lien</a></p>'
        "<img src=x onerror=alert(1)><script>alert(1)</script>"
    )
    assert edit(client, article, body_fr=crafted, sign_off="on").status_code == 302
    assert edit(client, question, answer_fr=crafted, sign_off="on").status_code == 302
    for obj, name in ((article, "body_fr"), (question, "answer_fr")):
        obj.refresh_from_db()
        value = getattr(obj, name)
        for forbidden in ("<script", "onerror", "onclick", "style=", "javascript:", "<img", "<h1"):
            assert forbidden not in value, (name, value)
        assert "Texte" in value


def test_the_editor_field_refuses_an_empty_french_body(reviewer, article):
    response = edit(client_for(reviewer), article, body_fr="<p></p>")
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()


def test_public_pages_keep_the_strict_policy_and_the_admin_only_gets_a_nonce(reviewer, article, question):
    for path in ("/", article.get_absolute_url(), question.get_absolute_url(), "/en/faq/"):
        policy = Client().get(path)["Content-Security-Policy"]
        assert "script-src 'self';" in policy + ";" and "style-src 'self';" in policy + ";", path
        assert "nonce" not in policy and "unsafe" not in policy and "sha256" not in policy, path
    staff_policy = client_for(reviewer).get(article.get_absolute_url())["Content-Security-Policy"]
    assert "nonce" not in staff_policy and "sha256" not in staff_policy, "a preview is a public page too"

    response = client_for(reviewer).get(change_url(article))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()
    assert "django_prose_editor/editor." in response.content.decode()


# Translations -------------------------------------------------------------------------------------


def test_translation_status_markers_column_and_page(reviewer, category, theme):
    missing = make_article(category, title_fr="Sans anglais", title_en="", summary_en="", body_en="")
    up_to_date = make_article(category, title_fr="Traduit")
    question = make_question(theme)
    assert missing.translation_status == TranslationStatus.MISSING
    assert up_to_date.translation_status == TranslationStatus.UP_TO_DATE

    client = client_for(reviewer)
    assert edit(client, up_to_date, body_fr="<p>Le français a changé.</p>", sign_off="on").status_code == 302
    up_to_date.refresh_from_db()
    assert up_to_date.translation_status == TranslationStatus.OUTDATED
    form = client.get(change_url(up_to_date)).content.decode()
    assert 'data-outdated="1"' in form and "Traduction à revoir" in form

    form = client.get(change_url(missing)).content.decode()
    assert 'data-missing="title summary body"' in form and "La traduction anglaise manque" in form

    changelist = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Traduction anglaise manquante" in changelist and "Traduction à revoir" in changelist
    filtered = client.get(reverse("admin:articles_article_changelist"), {"translation": "outdated"}).content.decode()
    assert up_to_date.title_fr in filtered and missing.title_fr not in filtered

    assert edit(client, up_to_date, body_en="<p>English updated too.</p>").status_code == 302
    up_to_date.refresh_from_db()
    assert up_to_date.translation_status == TranslationStatus.UP_TO_DATE

    page = client.get(reverse("admin_translations")).content.decode()
    for obj in (missing, up_to_date):
        assert obj.title_fr in page
    assert question.question_fr in page
    missing_only = client.get(reverse("admin_translations"), {"status": "missing"}).content.decode()
    assert missing.title_fr in missing_only and up_to_date.title_fr not in missing_only
    assert Client().get(reverse("admin_translations")).status_code == 302, "visitors are sent to the login page"


# Review due ---------------------------------------------------------------------------------------


def test_review_due_filter(reviewer, category):
    today = timezone.localdate()
    overdue = make_article(category, title_fr="En retard", next_review=today - datetime.timedelta(days=2))
    soon = make_article(category, title_fr="Bientôt", next_review=today + datetime.timedelta(days=20))
    later = make_article(category, title_fr="Plus tard", next_review=today + datetime.timedelta(days=60))
    assert set(Article.objects.review_due()) == {overdue, soon}

    client = client_for(reviewer)
    due = client.get(reverse("admin:articles_article_changelist"), {"review": "due"}).content.decode()
    assert overdue.title_fr in due and soon.title_fr in due and later.title_fr not in due
    late = client.get(reverse("admin:articles_article_changelist"), {"review": "overdue"}).content.decode()
    assert overdue.title_fr in late and soon.title_fr not in late


# Site settings ------------------------------------------------------------------------------------


def test_site_settings_are_one_record_edited_by_staff(writer):
    client = client_for(writer)
    response = client.get(reverse("admin:pages_sitesettings_changelist"))
    settings = SiteSettings.load()
    assert response.status_code == 302 and response["Location"] == change_url(settings)
    assert edit(client, settings, clinic_name="Cabinet des Tilleuls", phone="01 23 45 67 89").status_code == 302
    assert "Cabinet des Tilleuls" in Client().get("/").content.decode()
    assert SiteSettings.objects.count() == 1 and SiteSettings.history.count() >= 1


def test_the_admin_scripts_catalogue_is_french_and_served():
    from tests.site.test_locale import LOCALE, entries

    catalogue = list(entries(LOCALE / "fr" / "LC_MESSAGES" / "djangojs.po"))
    assert len(catalogue) > 10
    assert all(msgstr and "fuzzy" not in flags for flags, msgid, msgstr in catalogue if msgid)
    script = Client().get(reverse("admin_editor_jsi18n")).content.decode()
    assert "Titre de section (niveau 2)" in script and "Modifier le lien" in script
