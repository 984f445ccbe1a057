"""The editorial content: counts, sources, language and readability of what `load_content` loads."""

import re

import pytest

from articles.models import Article, Category
from faq.models import Question, Theme
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import Publishable
from mesoinfo.pages.models import SitePage
from tests.support.readability import measure, text_blocks, words

pytestmark = pytest.mark.django_db

MIN_ARTICLES = {"indications": 6, "technique": 5, "histoire": 3, "avant-de-decider": 2}
MIN_QUESTIONS = {
    "cout": 3,
    "remboursement": 4,
    "effets-indesirables": 5,
    "patients-concernes": 5,
    "deroulement-seance": 5,
    "efficacite": 3,
    "choisir-praticien": 3,
    "materiel-produits": 3,
}
# Words that only English uses: one of them in a French text means an untranslated passage.
ENGLISH_WORDS = {"the", "and", "with", "you", "your", "this", "that", "which", "is", "are", "of", "what", "how"}


@pytest.fixture
def loaded():
    ContentLoader().load()


def test_counts_per_category_and_theme(loaded):
    for slug, minimum in MIN_ARTICLES.items():
        assert Article.objects.published().filter(category__slug=slug).count() >= minimum, slug
    for slug, minimum in MIN_QUESTIONS.items():
        assert Question.objects.published().filter(theme__slug=slug).count() >= minimum, slug
    assert Article.objects.published().count() >= 14
    assert Question.objects.published().count() >= 32
    assert Category.objects.count() == len(MIN_ARTICLES) and Theme.objects.count() == len(MIN_QUESTIONS)


def test_every_published_page_is_sourced_and_signed(loaded):
    for article in Article.objects.published().prefetch_related("sources"):
        assert article.sources.all(), f"{article.slug}: no source"
        assert article.author.name == "Rédaction MésoInfo"
        assert article.reviewer is None, "no medical review has happened yet"
        assert article.last_reviewed and article.next_review
        kinds = {group.kind for group in article.related_pages()}
        assert "question" in kinds, f"{article.slug}: no related question"
    for question in Question.objects.published():
        assert question.author.name == "Rédaction MésoInfo", question.slug
        assert question.reviewer is None, "no medical review has happened yet"
        assert question.last_reviewed and question.next_review, question.slug
        related = [page for group in question.related_pages() if group.kind == "article" for page in group.pages]
        assert related, f"{question.slug}: no article to go deeper"
        assert Publishable.sources_of(related), f"{question.slug}: no sourced article"


def english_words(html):
    return [w for block in text_blocks(html) for w in words(block) if w.lower() in ENGLISH_WORDS]


def test_french_texts_have_no_english_and_english_texts_exist(loaded):
    for article in Article.objects.all():
        for field in ("title_fr", "summary_fr", "body_fr"):
            assert not english_words(getattr(article, field)), f"{article.slug}.{field}"
        for field in ("title_en", "summary_en", "body_en", "meta_description_en"):
            assert getattr(article, field), f"{article.slug}: {field} missing"
        assert len(article.meta_description_fr) <= 160
    for question in Question.objects.all():
        assert not english_words(question.question_fr + " " + question.answer_fr), question.slug
        assert question.question_en and question.answer_en, question.slug


def test_site_pages_exist_in_both_languages_in_plain_french(loaded):
    assert set(SitePage.objects.values_list("slug", flat=True)) == set(SitePage.Slug.values)
    for page in SitePage.objects.all():
        for field in ("title_fr", "summary_fr", "body_fr"):
            assert not english_words(getattr(page, field)), f"{page.slug}.{field}"
        assert page.languages == ["fr", "en"], page.slug
        assert page.summary_en and len(page.summary_fr) <= 160, page.slug
        figures = measure(page.body_fr)
        assert figures["words_per_sentence"] <= 20 and figures["fkm"] >= 50, (page.slug, figures)


def test_faq_answers_are_short(loaded):
    for question in Question.objects.all():
        count = len(words(" ".join(text_blocks(question.answer_fr))))
        assert 40 <= count <= 150, f"{question.slug}: {count} words"


def test_articles_are_substantial_and_readable(loaded, capsys):
    rows, problems = [], []
    for article in Article.objects.order_by("category__position", "position"):
        figures = measure(article.body_fr)
        rows.append(f"{article.slug:55} {figures['words']:5} {figures['words_per_sentence']:6} {figures['fkm']:6}")
        if figures["words"] < 400:
            problems.append(f"{article.slug}: {figures['words']} words")
        if figures["words_per_sentence"] > 20:
            problems.append(f"{article.slug}: {figures['words_per_sentence']} words per sentence")
        if figures["fkm"] < 50:
            problems.append(f"{article.slug}: Flesch–Kandel–Moles {figures['fkm']}")
    with capsys.disabled():
        print("\n" + f"{'article':55} {'words':>5} {'w/sent':>6} {'FKM':>6}")
        print("\n".join(rows))
    assert not problems, problems


def test_readability_measure_is_sensitive():
    easy = measure("<p>Le médecin vous examine. Il pose des questions. Vous répondez.</p>")
    hard = measure(
        "<p>L'administration intradermique de substances médicamenteuses hétérogènes, "
        "préalablement à toute évaluation méthodologiquement rigoureuse, constitue "
        "indubitablement une pratique insuffisamment documentée scientifiquement.</p>"
    )
    assert easy["fkm"] > 70 > 20 > hard["fkm"]
    assert easy["sentences"] == 3 and easy["words"] == 10


def test_skin_diagram_is_in_the_technique_article(loaded):
    article = Article.objects.get(slug="techniques-et-profondeurs")
    assert '<img src="/static/img/peau-profondeurs.svg"' in article.body_fr
    assert '<img src="/static/img/skin-depths.svg"' in article.body_en
    assert re.search(r"<figcaption>.*hypoderme.*</figcaption>", article.body_fr, re.DOTALL)


# Answers that are mostly a list of short items (six questions to ask the practitioner): each item counts as
# a sentence, so the average stays under 12 unless the list is rewritten, which would change what the reader is
# told to ask. Checked apart: they must still be mostly a list, or leave this set.
LIST_ANSWERS = {"questions-a-poser-praticien-mesotherapie"}


def test_faq_answers_read_as_sentences(loaded):
    """Each French answer averages 12 to 20 words a sentence: plain sentences, neither choppy nor long-winded."""
    failures = []
    for question in Question.objects.order_by("slug"):
        figures = measure(question.answer_fr)
        if question.slug in LIST_ANSWERS:
            items = question.answer_fr.count("<li>")
            if items * 2 <= len(text_blocks(question.answer_fr)) or figures["words_per_sentence"] >= 12:
                failures.append(f"{question.slug}: no longer mostly a list below 12 words a sentence, {figures}")
            continue
        if not 12 <= figures["words_per_sentence"] <= 20:
            failures.append(
                f"{question.slug}: {figures['words_per_sentence']} words a sentence "
                f"({len(words(' '.join(text_blocks(question.answer_fr))))} words, {figures['sentences']} sentences)"
            )
    assert not failures, "\n".join(failures)
