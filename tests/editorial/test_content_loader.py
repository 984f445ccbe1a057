import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.content import ArticlesLoader
from articles.models import Article, Source
from faq.content import QuestionsLoader
from faq.models import Question
from mesoinfo.editorial.content import ContentError, ContentLoader, content_directory, fingerprint
from mesoinfo.editorial.models import GlossaryTerm, RelatedPage
from mesoinfo.pages.content import PagesLoader
from mesoinfo.pages.models import Condition, SitePage
from mesoinfo.search.models import Synonym

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Article.objects.order_by("pk").values()),
        list(Source.objects.order_by("pk").values()),
        list(Question.objects.order_by("pk").values()),
        sorted(RelatedPage.objects.values_list("from_type", "from_id", "to_type", "to_id")),
        list(SitePage.objects.order_by("pk").values()),
        sorted(Article.conditions.through.objects.values_list("article_id", "condition_id")),
        sorted(Question.conditions.through.objects.values_list("question_id", "condition_id")),
        list(GlossaryTerm.objects.order_by("pk").values()),
        list(Condition.objects.order_by("pk").values()),
        list(Synonym.objects.order_by("pk").values()),
    )


def test_loading_twice_changes_nothing():
    first = ContentLoader().load()
    models = (Article, Question, GlossaryTerm, Condition, Synonym, SitePage)
    assert len(first.created) == sum(model.objects.count() for model in models)
    assert all(model.objects.exists() for model in models)
    assert SitePage.objects.count() == len(SitePage.Slug)
    before = snapshot()
    second = ContentLoader().load()
    assert (second.created, second.updated, second.skipped) == ([], [], [])
    assert snapshot() == before


def test_staff_edits_are_kept_and_reported(capsys):
    ContentLoader().load()
    article = Article.objects.get(slug="prix-et-remboursement")
    article.title_fr = "Titre corrigé par le secrétariat"
    article.save()
    Source.objects.filter(article__slug="medecine-du-sport").first().delete()
    question = Question.objects.first()
    question.answer_en = "<p>Edited by staff.</p>"
    question.save()

    call_command("load_content")
    output = capsys.readouterr().out
    assert "kept      article avant-de-decider/prix-et-remboursement" in output
    assert "kept      article indications/medecine-du-sport" in output
    assert f"kept      question {question.theme.slug}/{question.slug}" in output
    assert Article.objects.get(slug="prix-et-remboursement").title_fr == "Titre corrigé par le secrétariat"
    question.refresh_from_db()
    assert question.answer_en == "<p>Edited by staff.</p>"


def test_a_changed_file_updates_an_untouched_object(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(content_directory(ArticlesLoader), content)
    ContentLoader({"articles": content}).load()
    path = Path(content / "histoire" / "michel-pistor-et-les-origines.toml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("position = 1", "position = 7", 1), encoding="utf-8")
    report = ContentLoader({"articles": content}).load()
    assert report.updated == ["article histoire/michel-pistor-et-les-origines"]
    assert Article.objects.get(slug="michel-pistor-et-les-origines").position == 7


def test_staff_edits_of_site_pages_are_kept(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(content_directory(PagesLoader), content)
    ContentLoader({"pages": content}).load()
    page = SitePage.objects.get(slug="contact")
    page.body_fr = "<p>Texte revu par le cabinet.</p>"
    page.save()
    # The file changes too (a new version of the text ships): staff's edit still wins.
    path = content / "pages" / "contact.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("Pour quoi nous écrire", "Pourquoi nous écrire"))
    report = ContentLoader({"pages": content}).load()
    assert "page contact" in report.skipped
    assert SitePage.objects.get(slug="contact").body_fr == "<p>Texte revu par le cabinet.</p>"
    # An untouched page takes the new version of its file.
    path = content / "pages" / "confidentialite.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("En bref", "En quelques mots"))
    report = ContentLoader({"pages": content}).load()
    assert report.updated == ["page confidentialite"]
    assert "<h2>En quelques mots</h2>" in SitePage.objects.get(slug="confidentialite").body_fr


def test_an_unknown_site_page_file_is_refused(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "blog.toml").write_text('slug = "blog"\n[fr]\ntitle = "Blog"\n', encoding="utf-8")
    with pytest.raises(ContentError, match="'blog' is not one of the site pages"):
        ContentLoader({"pages": content}).load()


def test_staff_edits_of_glossary_conditions_and_synonyms_are_kept(capsys):
    ContentLoader().load()
    term = GlossaryTerm.objects.get(slug="derme")
    term.definition_fr = "Définition revue par le médecin du cabinet."
    term.save()
    condition = Condition.objects.get(slug="arthrose")
    condition.name_en = "Arthritis (edited)"
    condition.save()
    synonym = Synonym.objects.get(language="fr", phrase="prix")
    synonym.alternatives = "coût, tarif, devis"
    synonym.save()
    article = Article.objects.get(slug="medecine-du-sport")
    article.conditions.remove(Condition.objects.get(slug="entorse"))

    call_command("load_content")
    output = capsys.readouterr().out
    for label in (
        "glossary term derme",
        "health problem arthrose",
        "synonym fr/prix",
        "article indications/medecine-du-sport",
    ):
        assert f"kept      {label}" in output
    assert GlossaryTerm.objects.get(slug="derme").definition_fr == "Définition revue par le médecin du cabinet."
    assert Condition.objects.get(slug="arthrose").name_en == "Arthritis (edited)"
    assert Synonym.objects.get(language="fr", phrase="prix").alternatives == "coût, tarif, devis"
    assert not article.conditions.filter(slug="entorse").exists()


def test_pages_loaded_before_health_problems_existed_are_updated_not_kept():
    """A fingerprint written before the files named health problems still matches: the loader tags the page."""
    ContentLoader().load()
    article = Article.objects.get(slug="medecine-du-sport")
    question = Question.objects.get(slug="combien-coute-une-seance-de-mesotherapie")
    article.conditions.clear()
    # Nor did they have the keys added after the health problems (essentials, evidence box, English slugs…).
    Article.objects.filter(pk=article.pk).update(
        **{name: None for name in ArticlesLoader.LATER_FIELDS if name != "evidence_level"}, evidence_level=""
    )
    article.sources.update(no_address="")
    Question.objects.filter(pk=question.pk).update(**dict.fromkeys(QuestionsLoader.LATER_FIELDS))
    article.refresh_from_db()
    question.refresh_from_db()
    sources = [[s.title, s.publisher, s.year, s.url] for s in article.sources.all()]
    article.loaded_checksum = fingerprint(article, ArticlesLoader.ARTICLE_FIELDS, sources)
    Article.objects.filter(pk=article.pk).update(loaded_checksum=article.loaded_checksum)
    question.home_position = None
    ids = sorted(pk for _type, pk in RelatedPage.objects.linked_to(question))
    Question.objects.filter(pk=question.pk).update(
        home_position=None, loaded_checksum=fingerprint(question, QuestionsLoader.QUESTION_FIELDS, ids)
    )

    report = ContentLoader().load()
    assert "article indications/medecine-du-sport" in report.updated
    assert "question cout/combien-coute-une-seance-de-mesotherapie" in report.updated
    assert set(article.conditions.values_list("slug", flat=True)) == {"tendinite", "entorse", "blessures-musculaires"}
    question.refresh_from_db()
    assert question.home_position == 1


def test_a_page_without_its_french_text_is_refused_with_its_file(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(content_directory(ArticlesLoader), content)
    path = Path(content / "histoire" / "michel-pistor-et-les-origines.toml")
    text = path.read_text(encoding="utf-8")
    start = text.index("summary = ")
    path.write_text(text[:start] + 'summary = ""' + text[text.index("\n", start) :], encoding="utf-8")
    with pytest.raises(ContentError, match=r"histoire/michel-pistor-et-les-origines: the \[fr\] table needs"):
        ContentLoader({"articles": content}).load()
    assert not Article.objects.filter(slug="michel-pistor-et-les-origines").exists()
