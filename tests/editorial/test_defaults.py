"""Sensible defaults: a new item goes last in its section unless staff place it; English lists leave out the
pages that have no English version."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Category
from faq.models import Question
from mesoinfo.editorial.registry import page_types
from tests.support.admin_forms import form_errors, form_values
from tests.support.factories import link, make_article, make_question

pytestmark = pytest.mark.django_db


def add(client, model, **values):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    data = form_values(client.get(url), f"{model._meta.model_name}_form")
    data.update(values)
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)


def on_home_page(theme):
    """The questions the home page shows for this theme (its first ones)."""
    section = next(section for section in Question.home_sections(Question.home_limit) if section.pk == theme.pk)
    return [page.pk for page in section.published_pages[: Question.home_limit]]


def test_a_new_question_goes_last_in_its_theme_and_leaves_the_home_page_alone(writer, theme):
    existing = [make_question(theme, position=position) for position in (1, 2, 3)]
    home_before = on_home_page(theme)
    client = Client()
    client.force_login(writer)
    form = client.get(reverse("admin:faq_question_add")).content.decode()
    assert 'name="position" value=' not in form.split('id="id_position"')[0][-200:], "the position starts empty"
    assert "Laissé vide, l’élément se place en dernier" in form
    add(
        client,
        Question,
        question_fr="Nouvelle question ?",
        slug_fr="nouvelle",
        theme=str(theme.pk),
        answer_fr="<p>R.</p>",
    )
    new = Question.objects.get(slug="nouvelle")
    assert new.position == 4 and new.position > max(q.position for q in existing)
    assert on_home_page(theme) == home_before


def test_a_position_given_is_kept(writer, category):
    make_article(category, position=5)
    client = Client()
    client.force_login(writer)
    add(
        client,
        Article,
        title_fr="Placé",
        slug_fr="place",
        category=str(category.pk),
        summary_fr="Résumé.",
        body_fr="<p>Texte.</p>",
        position="2",
    )
    assert Article.objects.get(slug="place").position == 2


def test_a_new_category_goes_last(staff_client):
    last = Category.objects.order_by("-position").first().position
    add(staff_client, Category, name_fr="Nouvelle rubrique", slug_fr="nouvelle-rubrique")
    assert Category.objects.get(slug="nouvelle-rubrique").position == last + 1


def test_english_lists_leave_out_pages_without_english(category, theme):
    translated = make_article(category, position=1)
    french_only = make_article(category, position=2, title_en="", summary_en="", body_en="")
    question = make_question(theme, question_en="", answer_en="")
    link(translated, french_only, question)
    with translation.override("fr"):
        assert set(Article.objects.listed()) >= {translated, french_only}
        assert [group.pages for group in translated.related_pages()] == [[french_only], [question]]
        assert Article.objects.published().neighbours(translated)[1] == french_only
    with translation.override("en"):
        assert french_only not in Article.objects.listed() and translated in Article.objects.listed()
        assert translated.related_pages() == []
        assert Article.objects.published().neighbours(translated)[1] is None
        sections = Category.objects.with_published_pages().get(pk=category.pk)
        assert french_only not in sections.published_pages
        assert question not in Question.objects.published().same_theme_as(make_question(theme))
    assert Client().get(f"/en{french_only.get_absolute_url()}").status_code == 200, "still reachable"


@pytest.mark.parametrize(
    ("model", "missing"),
    [
        (Article, "title_fr"),
        (Article, "summary_fr"),
        (Article, "body_fr"),
        (Question, "question_fr"),
        (Question, "answer_fr"),
    ],
)
def test_the_database_refuses_a_page_without_its_french_texts(category, theme, model, missing):
    """Every page exists in French, whatever writes it: French lists rely on it and check nothing per page."""
    page = make_article(category) if model is Article else make_question(theme)
    for empty in ("", None):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=page.pk).update(**{missing: empty})
    assert getattr(model.objects.get(pk=page.pk), missing), "the page kept its text"


def test_french_lists_check_no_text_and_english_lists_check_each_required_one():
    for model in page_types():
        assert model.texts_guaranteed_in_default(), model
        constraint = next(c for c in model._meta.constraints if c.name.endswith("_texts_in_fr"))
        checked = {
            child[0].removesuffix("__isnull") for child in constraint.condition.children if isinstance(child, tuple)
        }
        assert checked == {f"{name}_fr" for name in model.translation_required}, "the check is the lists' rule"
        french, english = (str(model.objects.available_in(code).query) for code in ("fr", "en"))
        assert "WHERE" not in french
        assert all(f"{name}_en" in english for name in model.translation_required)
