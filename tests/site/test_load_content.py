import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Source
from faq.models import Question
from mesoinfo.content import CONTENT_DIR, ContentError, ContentLoader
from mesoinfo.models import SitePage

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Article.objects.order_by("pk").values()),
        list(Source.objects.order_by("pk").values()),
        list(Question.objects.order_by("pk").values()),
        sorted(Question.related_articles.through.objects.values_list("question_id", "article_id")),
        list(SitePage.objects.order_by("pk").values()),
    )


def test_loading_twice_changes_nothing():
    first = ContentLoader().load()
    assert len(first.created) == Article.objects.count() + Question.objects.count() + SitePage.objects.count() > 0
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
    shutil.copytree(CONTENT_DIR, content)
    ContentLoader(content).load()
    path = Path(content / "articles" / "histoire" / "michel-pistor-et-les-origines.toml")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("position = 1", "position = 7", 1), encoding="utf-8")
    report = ContentLoader(content).load()
    assert report.updated == ["article histoire/michel-pistor-et-les-origines"]
    assert Article.objects.get(slug="michel-pistor-et-les-origines").position == 7


def test_staff_edits_of_site_pages_are_kept(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    ContentLoader(content).load()
    page = SitePage.objects.get(slug="contact")
    page.body_fr = "<p>Texte revu par le cabinet.</p>"
    page.save()
    # The file changes too (a new version of the text ships): staff's edit still wins.
    path = content / "pages" / "contact.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("Pour quoi nous écrire", "Pourquoi nous écrire"))
    report = ContentLoader(content).load()
    assert "page contact" in report.skipped
    assert SitePage.objects.get(slug="contact").body_fr == "<p>Texte revu par le cabinet.</p>"
    # An untouched page takes the new version of its file.
    path = content / "pages" / "confidentialite.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("En bref", "En quelques mots"))
    report = ContentLoader(content).load()
    assert report.updated == ["page confidentialite"]
    assert "<h2>En quelques mots</h2>" in SitePage.objects.get(slug="confidentialite").body_fr


def test_an_unknown_site_page_file_is_refused(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "blog.toml").write_text('slug = "blog"\n[fr]\ntitle = "Blog"\n', encoding="utf-8")
    with pytest.raises(ContentError, match="'blog' is not one of the site pages"):
        ContentLoader(content).load()
