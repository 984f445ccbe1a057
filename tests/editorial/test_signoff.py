"""The medical sign-off: who may publish, what a sign-off records, which changes keep or withdraw it."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentError, ContentLoader
from mesoinfo.editorial.models import ReviewEvent, Status
from mesoinfo.editorial.review import digest
from mesoinfo.pages.models import SiteSettings
from tests.support.admin_forms import form_values
from tests.support.factories import make_article, make_medical_reviewer, make_staff
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

Kind = ReviewEvent.Kind


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


def errors(response):
    return response.content.decode().split('<ul class="errorlist nonfield">', 1)[1].split("</ul>", 1)[0]


def signed(article, reviewer):
    article.sign_off(reviewer)
    article.save()
    article.refresh_from_db()
    return article


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("patronne", "patronne@example.org", "a-long-test-password")


@pytest.fixture
def waiting(category):
    return make_article(category, status=Status.REVIEW, title_fr="Article à relire")


# Who may publish ----------------------------------------------------------------------------------


def test_a_writer_can_neither_sign_off_nor_publish(writer, waiting):
    client = client_for(writer)
    form = client.get(change_url(waiting)).content.decode()
    assert 'name="sign_off"' not in form and 'name="publish_unreviewed"' not in form
    assert 'value="published"' not in form
    refused = edit(client, waiting, status="published", sign_off="on", publish_unreviewed="on")
    assert refused.status_code == 200 and "Sélectionnez un choix valide" in refused.content.decode()
    assert edit(client, waiting, status="review", sign_off="on").status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.REVIEW and waiting.signoff is None
    assert not ReviewEvent.objects.exists()


def test_a_superuser_publishes_without_signoff_only_by_ticking_the_box(superuser, waiting):
    client = client_for(superuser)
    form = client.get(change_url(waiting)).content.decode()
    assert 'name="publish_unreviewed"' in form and "Publier sans relecture médicale" in form
    assert 'name="sign_off"' not in form, "a superuser is not a physician"
    refused = edit(client, waiting, status="published")
    assert refused.status_code == 200
    assert "Cette version n’a pas de relecture médicale signée. Faites-la signer" in errors(refused)
    waiting.refresh_from_db()
    assert waiting.status == Status.REVIEW

    assert edit(client, waiting, status="published", publish_unreviewed="on").status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.PUBLISHED and waiting.signoff is None and waiting.reviewer is None
    [event] = ReviewEvent.objects.of(waiting)
    assert (event.kind, event.user, event.version) == (Kind.UNREVIEWED_PUBLICATION, superuser, waiting.version)
    html = Client().get(waiting.get_absolute_url()).content.decode()
    assert "Relecture médicale\u00a0: en attente" in html
    index = client.get(reverse("admin:index")).content.decode()
    unsigned = index.split("Pages sans relecture médicale", 1)[1].split("</div>", 1)[0]
    assert "Article à relire" in unsigned


def test_a_medical_reviewer_signs_off_who_when_and_which_version(reviewer, waiting):
    client = client_for(reviewer)
    refused = edit(client, waiting, status="published")
    assert "cochez «\u00a0Je signe la relecture médicale de cette version\u00a0»" in errors(refused)
    before = timezone.now()
    assert edit(client, waiting, status="published", sign_off="on").status_code == 302
    waiting.refresh_from_db()
    event = waiting.signoff
    assert waiting.status == Status.PUBLISHED
    assert event.kind == Kind.SIGN_OFF and event.user == reviewer and event.reviewer == reviewer.contributor
    assert event.version == waiting.version, "the version signed off is the version saved"
    assert before <= event.at <= timezone.now()
    assert event.text_digest == digest(waiting.medical_texts())
    assert waiting.reviewer == reviewer.contributor and waiting.last_reviewed == timezone.localdate()
    record = waiting.history.first()
    assert record.reviewer_id == reviewer.contributor.pk, "history says who reviewed this version"

    response = Client().get(waiting.get_absolute_url())
    html = response.content.decode()
    name = reviewer.contributor.name
    assert f"Relue par {name}" in html and "en attente" not in html
    assert f'<a href="/contributeurs/{reviewer.contributor.key}/">{name}</a>' in html
    [data] = [json.loads(script) for script in parse(response).json_ld]
    [page] = [node for node in data["@graph"] if node["@type"] == "MedicalWebPage"]
    assert page["reviewedBy"]["name"] == name
    assert page["reviewedBy"]["sameAs"] == f"https://annuaire.esante.gouv.fr/pp/detail/{reviewer.contributor.rpps}"


def test_a_reviewer_group_member_without_a_physician_profile_cannot_sign(waiting):
    assistant = make_staff("assistante", "Relecture médicale")
    client = client_for(assistant)
    assert 'name="sign_off"' not in client.get(change_url(waiting)).content.decode()
    refused = edit(client, waiting, status="published", sign_off="on")
    assert "un relecteur médical doit la signer avant sa mise en ligne" in errors(refused)
    signed(waiting, make_staff_reviewer())
    assert edit(client, waiting, status="published").status_code == 302, "a signed-off text may be published"
    waiting.refresh_from_db()
    assert waiting.status == Status.PUBLISHED and waiting.signoff is not None


def make_staff_reviewer():
    user = make_staff("docteure", "Relecture médicale")
    make_medical_reviewer(user)
    return user


def test_the_put_online_action_skips_pages_without_signoff(reviewer, category):
    unsigned = make_article(category, status=Status.REVIEW)
    ready = signed(make_article(category, status=Status.REVIEW), reviewer)
    response = client_for(reviewer).post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [unsigned.pk, ready.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 page n’a pas été mise en ligne\u00a0: son texte médical n’a pas de relecture signée." in html
    unsigned.refresh_from_db(), ready.refresh_from_db()
    assert unsigned.status == Status.REVIEW and ready.status == Status.PUBLISHED


def test_with_the_setting_off_publishers_publish_without_signoff(reviewer, waiting):
    settings = SiteSettings.load()
    settings.medical_signoff_required = False
    settings.save()
    assert edit(client_for(reviewer), waiting, status="published").status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.PUBLISHED and waiting.signoff is None
    assert "Relecture médicale\u00a0: en attente" in Client().get(waiting.get_absolute_url()).content.decode()


# Changes after a sign-off ----------------------------------------------------------------------------


def test_english_and_minor_corrections_keep_the_signoff_and_are_recorded(writer, reviewer, article):
    signoff = signed(article, reviewer).signoff
    client = client_for(writer)
    assert edit(client, article, body_en="<h2>Part</h2><p>A text in English, corrected.</p>").status_code == 302
    assert edit(client, article, body_fr="<h2>Partie</h2><p>Un texte en francais.</p>").status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.signoff == signoff, "still online, still signed off"
    kinds = list(ReviewEvent.objects.of(article).values_list("kind", "user__username", "version"))
    assert kinds == [
        (Kind.MINOR_CORRECTION, "redactrice", article.version),
        (Kind.TRANSLATION, "redactrice", article.version - 1),
        (Kind.SIGN_OFF, "medecin", signoff.version),
    ]
    assert "Relue par" in Client().get(article.get_absolute_url()).content.decode()


def test_a_writers_medical_change_withdraws_the_signoff_and_sends_the_page_to_review(writer, reviewer, article):
    signed(article, reviewer)
    response = edit(client_for(writer), article, body_fr="<h2>Partie</h2><p>Un autre texte médical.</p>")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.REVIEW and article.signoff is None and article.reviewer is None
    assert ReviewEvent.objects.of(article).first().kind == Kind.MEDICAL_CHANGE
    assert Client().get(article.get_absolute_url()).status_code == 404, "unreviewed text never reaches visitors"


def test_a_published_medical_text_changes_only_with_a_new_signoff(reviewer, superuser, article):
    signoff = signed(article, reviewer).signoff
    client = client_for(reviewer)
    refused = edit(client, article, title_fr="Un tout autre titre")
    assert refused.status_code == 200 and "Cette version n’a pas de relecture médicale signée" in errors(refused)
    assert edit(client, article, title_fr="Un tout autre titre", sign_off="on").status_code == 302
    article.refresh_from_db()
    assert article.signoff != signoff and article.signoff.version == article.version

    # A superuser may change it without a sign-off, explicitly: the page then says its review is pending.
    refused = edit(client_for(superuser), article, title_fr="Encore un autre titre")
    assert refused.status_code == 200
    assert edit(client_for(superuser), article, title_fr="Encore un autre titre", publish_unreviewed="on").status_code
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.signoff is None
    assert [kind for (kind,) in ReviewEvent.objects.of(article).values_list("kind")][:2] == [
        Kind.UNREVIEWED_PUBLICATION,
        Kind.MEDICAL_CHANGE,
    ]


def test_nothing_names_a_reviewer_without_a_signoff(article, contributor):
    article.reviewer = make_medical_reviewer()
    article.save()
    article.refresh_from_db()
    assert article.reviewer is None, "the reviewer a page names comes from a sign-off only"
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "reviewedBy" not in html and "Relecture médicale\u00a0: en attente" in html


def test_saving_outside_the_admin_follows_the_same_rules(reviewer, article):
    signed(article, reviewer)
    article.title_en = "A new English title"
    article.save()
    assert article.signoff is not None
    article.summary_fr = "Un résumé tout à fait différent."
    article.save()
    assert article.signoff is None and article.reviewer is None
    assert ReviewEvent.objects.of(article).first().kind == Kind.MEDICAL_CHANGE


# Existing content --------------------------------------------------------------------------------------


def test_existing_content_stays_published_with_its_review_pending(client):
    ContentLoader().load()
    published = [*Article.objects.published(), *Question.objects.published()]
    assert len(published) > 50
    assert all(page.signoff_id is None and page.reviewer_id is None for page in published)
    for page in published[:3]:
        html = client.get(page.get_absolute_url()).content.decode()
        assert "Relecture médicale\u00a0: en attente" in html


def test_a_content_file_cannot_name_a_medical_reviewer(tmp_path, category):
    folder = tmp_path / "articles" / "indications"
    folder.mkdir(parents=True)
    (folder / "page.toml").write_text(
        'slug = "page"\nstatus = "published"\npublished = 2026-11-23\nreviewer = "dr-x"\n'
        '[fr]\ntitle = "Titre"\nsummary = "Résumé."\nbody = "<p>Texte.</p>"\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="cannot name a medical reviewer"):
        ContentLoader({"articles": tmp_path / "articles"}).load()


def test_review_dates_still_belong_to_the_reviewers(reviewer, article):
    assert edit(client_for(reviewer), article, next_review="01/02/2028").status_code == 302
    article.refresh_from_db()
    assert article.next_review == datetime.date(2028, 2, 1) and article.status == Status.PUBLISHED
