"""Authors and medical reviewers: their profiles in the admin, their public pages, and no made-up reviewer."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import Contributor, Status
from tests.support.factories import make_article, make_medical_reviewer, make_question, make_staff
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

REVIEWER = {
    "key": "dr-durand",
    "name_fr": "Dr Alice Durand",
    "name_en": "Dr Alice Durand",
    "role_fr": "Médecin relectrice",
    "role_en": "Medical reviewer",
    "qualifications_fr": "Docteur en médecine",
    "qualifications_en": "Doctor of medicine",
    "speciality_fr": "Rhumatologie",
    "speciality_en": "Rheumatology",
    "is_medical_reviewer": "on",
    "rpps": "10101010101",
    "declaration_of_interests_fr": "Aucun lien avec un laboratoire ni un fabricant de matériel de mésothérapie.",
    "declaration_of_interests_en": "No link with a drug company or a maker of mesotherapy equipment.",
    "interests_declared_on": "01/12/2026",
    "bio_fr": "",
    "bio_en": "",
}


def add(client, **values):
    return client.post(reverse("admin:editorial_contributor_add"), {**REVIEWER, **values})


def french_errors(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("rpps", "message"),
    [
        ("1234", "Un numéro RPPS compte exactement 11 chiffres"),
        ("1010101010A", "Un numéro RPPS compte exactement 11 chiffres"),
        ("101010101010", "Un numéro RPPS compte exactement 11 chiffres"),
        ("", "Un relecteur médical doit avoir un numéro RPPS."),
    ],
)
def test_an_rpps_number_has_eleven_digits(staff_client, rpps, message):
    response = add(staff_client, rpps=rpps)
    assert response.status_code == 200 and message in french_errors(response)
    assert not Contributor.objects.filter(key="dr-durand").exists()


def test_a_medical_reviewer_needs_their_qualification_speciality_and_declaration(staff_client):
    response = add(staff_client, qualifications_fr="", speciality_fr="", declaration_of_interests_fr="")
    html = french_errors(response)
    for message in ("doit avoir une qualification", "doit avoir une spécialité", "déclaration de liens d’intérêts"):
        assert message in html, message
    assert not Contributor.objects.exists()


def test_a_reviewer_profile_is_saved_with_its_rpps_number_as_typed(staff_client):
    response = add(staff_client, rpps="101 0101 0101")
    assert response.status_code == 302, french_errors(response)
    reviewer = Contributor.objects.get(key="dr-durand")
    assert reviewer.rpps == "10101010101" and reviewer.is_medical_reviewer
    assert reviewer.annuaire_url == "https://annuaire.esante.gouv.fr/pp/detail/10101010101"
    duplicate = add(staff_client, key="dr-autre", name="Dr Autre")
    assert duplicate.status_code == 200 and not Contributor.objects.filter(key="dr-autre").exists()


def test_only_superusers_accredit_a_reviewer(reviewer, writer):
    profile = reviewer.contributor
    url = reverse("admin:editorial_contributor_change", args=[profile.pk])
    for user in (reviewer, writer):
        client = Client()
        client.force_login(user)
        form = client.get(url).content.decode()
        for field in ("is_medical_reviewer", "rpps", "user"):
            assert f'name="{field}"' not in form, (user, field)
        assert 'name="declaration_of_interests_fr"' in form, "they keep the other details up to date"


def test_the_public_page_of_a_reviewer(client, category, theme, reviewer):
    profile = reviewer.contributor
    make_article(category, author=profile, title_fr="Article écrit")
    checked = make_question(theme, question_fr="Question relue ?")
    checked.sign_off(reviewer)
    checked.save()
    make_question(theme, question_fr="Question non relue ?")
    make_article(category, author=profile, title_fr="Brouillon écrit", status=Status.DRAFT)

    response = client.get(profile.get_absolute_url())
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    html = response.content.decode()
    assert f"<h1>{profile.name}</h1>" in html
    expected = [
        "Docteur en médecine",
        "Médecine physique et de réadaptation",
        profile.rpps,
        f'href="https://annuaire.esante.gouv.fr/pp/detail/{profile.rpps}"',
        "Déclaration de liens d’intérêts",
        "Aucun lien d’intérêts.",
        "Article écrit",
        "Question relue ?",
    ]
    for text in expected:
        assert text in html, text
    assert "Question non relue" not in html and "Brouillon écrit" not in html
    assert parse(response).count("h1") == 1
    english = client.get(f"/en/contributors/{profile.key}/").content.decode()
    assert "Doctor of medicine" in english and "No interests to declare." in english
    assert client.get("/contributeurs/personne/").status_code == 404


def test_the_page_of_an_author_lists_what_they_wrote(client, article, contributor):
    html = client.get(contributor.get_absolute_url()).content.decode()
    assert "Rédaction test" in html and article.title_fr in html
    assert "Numéro RPPS" not in html and "Pages relues et signées" not in html


def test_the_content_names_no_medical_reviewer(client):
    """No fake reviewer: the editorial team writes, and no physician has reviewed the pages yet."""
    ContentLoader().load()
    assert not Contributor.objects.medical_reviewers().exists()
    assert not Article.objects.filter(reviewer__isnull=False).exists()
    assert not Question.objects.filter(signoff__isnull=False).exists()
    team = Contributor.objects.get(key="redaction-mesoinfo")
    assert (team.role_fr, team.role_en, team.qualifications_fr) == ("Équipe éditoriale", "Editorial team", "")
    html = client.get(team.get_absolute_url()).content.decode()
    assert "Aucun médecin n&#x27;a encore relu les pages" in html


def test_a_reviewer_with_no_account_cannot_sign(category):
    make_medical_reviewer()  # a profile, but no staff account linked to it
    user = make_staff("sans-fiche", "Relecture médicale")
    assert Contributor.signing_as(user) is None
    page = make_article(category)
    with pytest.raises(Exception, match="only a medical reviewer"):
        page.sign_off(user)
