"""What patients read first, and the English addresses: the essentials of every article, the evidence box of
every indication page, the short answers, the English slugs and the English name of the editorial team."""

import pytest
from django.conf import settings
from django.utils import translation

from articles.content import ArticlesLoader
from articles.models import EVIDENCE_FIELDS, Article, Category, EvidenceLevel
from faq.content import QuestionsLoader
from faq.models import Question, Theme
from mesoinfo.editorial.content import ContentLoader, Report, content_directory
from mesoinfo.editorial.models import Contributor
from mesoinfo.editorial.text import sentences
from mesoinfo.pages.models import Condition

pytestmark = pytest.mark.django_db

# The overview of the uses has no evidence box of its own: it links to the five pages that have one.
OVERVIEW = "a-quoi-sert-la-mesotherapie"


@pytest.fixture
def loaded():
    ContentLoader().load()


def test_every_article_opens_with_its_essentials_in_both_languages(loaded):
    for article in Article.objects.all():
        for code in ("fr", "en"):
            text = getattr(article, f"essentials_{code}")
            assert 2 <= len(sentences(text)) <= 4, f"{article.slug_fr} ({code}): {len(sentences(text))} sentences"
        article.full_clean()  # published: the essentials it needs are there


def test_every_indication_page_has_a_complete_evidence_box(loaded):
    indications = Article.objects.filter(category__slug="indications").exclude(slug=OVERVIEW)
    assert indications.count() >= 5
    for article in indications:
        assert article.evidence_level in EvidenceLevel.values, article.slug_fr
        for name in EVIDENCE_FIELDS:
            for code in ("fr", "en"):
                assert getattr(article, f"{name}_{code}").strip(), f"{article.slug_fr}: {name}_{code}"
    assert not Article.objects.with_evidence().exclude(category__slug="indications").exists()
    assert set(Article.objects.with_evidence().values_list("evidence_level", flat=True)) <= set(EvidenceLevel.values)


def test_every_question_has_a_short_answer_of_whole_sentences(loaded):
    for question in Question.objects.all():
        for code in ("fr", "en"):
            text = getattr(question, f"short_answer_{code}")
            assert text and text.rstrip()[-1] in ".!?", f"{question.slug_fr} ({code})"
            assert len(text.split()) <= 40, f"{question.slug_fr} ({code}): a short answer stays short"
    on_home = Question.objects.published().on_home_page()
    assert on_home.count() == 5
    for question in on_home:
        question.full_clean()


@pytest.mark.parametrize("model", [Article, Question, Category, Theme, Condition])
def test_every_page_has_an_english_address_of_its_own(loaded, model):
    french = set(model.objects.values_list("slug_fr", flat=True))
    english = list(model.objects.values_list("slug_en", flat=True))
    assert all(english), f"{model.__name__}: an English slug for each"
    assert len(set(english)) == len(english)
    for obj in model.objects.all():
        assert obj.slug_en == obj.slug_fr or obj.slug_en not in french, f"{obj.slug_en}: another object's French slug"
        obj.validate_unique()


def test_the_editorial_team_has_an_english_name(loaded):
    team = Contributor.objects.get(key="redaction-mesoinfo")
    with translation.override("fr"):
        assert team.name == "Rédaction MésoInfo"
    with translation.override("en"):
        assert team.name == "MésoInfo editorial team"


def test_pages_loaded_before_the_new_keys_are_updated_not_taken_for_staff_edits(loaded):
    """A database loaded before the essentials, evidence boxes, short answers, English slugs and source marks
    existed: its fingerprints were made without them. The next load fills them in."""
    article = Article.objects.get(slug_fr="douleurs-et-rhumatologie")
    question = Question.objects.get(slug_fr="combien-coute-une-seance-de-mesotherapie")
    team = Contributor.objects.get(key="redaction-mesoinfo")
    Contributor.objects.filter(pk=team.pk).update(name_en=None)
    article.sources.update(no_address="")
    new_fields = [
        "slug_en", "essentials_fr", "essentials_en", "evidence_level",
        *(f"{name}_{code}" for name in EVIDENCE_FIELDS for code in ("fr", "en")),
    ]  # fmt: skip
    Article.objects.filter(pk=article.pk).update(
        **{name: "" if name == "evidence_level" else None for name in new_fields}
    )
    Question.objects.filter(pk=question.pk).update(slug_en=None, short_answer_fr=None, short_answer_en=None)
    article.refresh_from_db()
    question.refresh_from_db()
    # What the loader of that time remembered: the fingerprints without the keys it did not know.
    articles = ArticlesLoader(content_directory(ArticlesLoader), Report())
    Article.objects.filter(pk=article.pk).update(loaded_checksum=articles.article_fingerprint(article))
    questions = QuestionsLoader(content_directory(QuestionsLoader), Report())
    Question.objects.filter(pk=question.pk).update(loaded_checksum=questions.question_fingerprint(question))

    report = ContentLoader().load()
    assert "article indications/douleurs-et-rhumatologie" in report.updated
    assert report.skipped == []
    article.refresh_from_db()
    assert article.slug_en == "pain-osteoarthritis-back-neck" and article.evidence_level == EvidenceLevel.WEAK
    assert article.essentials_en and {s.no_address for s in article.sources.all()} >= {"not_verified"}
    assert "question cout/combien-coute-une-seance-de-mesotherapie" in report.updated
    assert Question.objects.get(pk=question.pk).short_answer_fr
    team.refresh_from_db()
    assert team.name_en == "MésoInfo editorial team"


def test_an_english_name_staff_gave_the_team_is_kept(loaded):
    Contributor.objects.filter(key="redaction-mesoinfo").update(name_en="The editors")
    ContentLoader().load()
    assert Contributor.objects.get(key="redaction-mesoinfo").name_en == "The editors"
    assert settings.MODELTRANSLATION_DEFAULT_LANGUAGE == "fr"


def test_texts_prepared_with_the_old_english_glossary_address_are_prepared_again(loaded):
    article = Article.objects.get(slug_fr="techniques-et-profondeurs")
    prepared = article.prepared_text
    assert '<a class="glossary-link" href="/en/glossary/#' in prepared["en"]["html"]
    old = {
        **prepared,
        "en": {**prepared["en"], "html": prepared["en"]["html"].replace("/en/glossary/", "/en/glossaire/")},
    }
    Article.objects.filter(pk=article.pk).update(prepared_text=old)
    untouched = Article.objects.exclude(pk=article.pk).values_list("pk", "version")
    before = dict(untouched)
    ContentLoader().load()
    article.refresh_from_db()
    assert "/en/glossaire/" not in article.prepared_text["en"]["html"]
    assert article.prepared_text == prepared
    assert dict(untouched) == before
