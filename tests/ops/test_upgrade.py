"""A database made by the site as it was before its models moved into nested apps is migrated forward intact.

The site of that commit is taken from the repository's own history (`git archive`), run in a subprocess on a
database of its own (SQLite, or a fresh PostgreSQL database when DATABASE_URL is PostgreSQL): it migrates,
loads its content, and gets what a clinic's database holds after some use: an image with its renditions, a
staff edit in the history, a staff member with a two-factor device. Then today's code migrates the same
database and must find every row, file and link again, under the models' new homes.
"""

import contextlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile

import pytest

from tests.support.servers import ROOT, fresh_database, machine_postgres_url, production_env

# The last commit of main before the models moved from the project package into its nested apps.
BEFORE_NESTED_APPS = "8ca3f2185e2256966158277d1e586f3a26a38ee0"

USE_THE_SITE = """
import io
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from articles.models import Article, ArticleImage

article = Article.objects.get(slug="prix-et-remboursement")
picture = io.BytesIO()
Image.new("RGB", (1600, 900), (200, 120, 90)).save(picture, "PNG")
ArticleImage(
    article=article,
    image=SimpleUploadedFile("facture.png", picture.getvalue(), "image/png"),
    alt_fr="Une facture", alt_en="An invoice", credit="Photo du cabinet",
).save()
article.title_fr = "Prix et remboursement, revu par le cabinet"
article._change_reason = "Titre revu par le secrétariat"
article.save()
user = User.objects.create_user("secretaire", "s@example.org", "a-long-test-password", is_staff=True)
user.groups.add(Group.objects.get(name="Rédaction"))
TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True, key="3132333435363738393031323334353637383930")
"""

# What both versions must show of that database, each naming its models as they are in that version.
SNAPSHOT = """
import contextlib
import json
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django_otp.plugins.otp_totp.models import TOTPDevice

LABELS = {labels!r}
model = lambda name: apps.get_model(LABELS[name])
Article, Question = model("article"), model("question")
articles = {{a.pk: a.slug for a in Article.objects.all()}}
questions = {{q.pk: q.slug for q in Question.objects.all()}}
if LABELS["links"] == "m2m":
    rows = Question.related_articles.through.objects.values_list("question_id", "article_id")
    links = [[questions[q], articles[a]] for q, a in rows]
else:
    RelatedPage = apps.get_model("editorial.RelatedPage")
    links = [[questions[r.from_id], articles[r.to_id]] for r in RelatedPage.objects.all()]
image = apps.get_model("articles.ArticleImage").objects.get()
edited = Article.objects.get(slug="prix-et-remboursement")
history = list(edited.history.order_by("history_date").values_list("title_fr", "history_change_reason", "history_type"))
device = TOTPDevice.objects.get()
print(json.dumps({{
    "articles": sorted(
        (a.slug, a.title_fr, a.status, a.author.key, sorted(c.slug for c in a.conditions.all()), a.sources.count())
        for a in Article.objects.all()
    ),
    "questions": sorted(
        (q.slug, q.question_fr, q.theme.slug, sorted(c.slug for c in q.conditions.all()))
        for q in Question.objects.all()
    ),
    "links": sorted(links),
    "contributors": sorted(model("contributor").objects.values_list("key", "name")),
    "glossary": sorted(model("glossary").objects.values_list("slug", "term_fr")),
    "conditions": sorted(model("condition").objects.values_list("slug", "name_fr")),
    "synonyms": sorted(model("synonym").objects.values_list("language", "phrase", "alternatives")),
    "site_pages": sorted(model("sitepage").objects.values_list("slug", "title_fr")),
    "site_page_history": model("sitepage").history.count(),
    "image": [
        image.alt_fr, image.alt_en, image.credit, image.width, image.height, image.renditions,
        default_storage.exists(image.image.name),
    ],
    "history": history,
    "device": [
        device.user.username, device.name, device.confirmed, device.key, [g.name for g in device.user.groups.all()]
    ],
    "groups": sorted((g.name, sorted(p.codename for p in g.permissions.all())) for g in Group.objects.all()),
}}, default=str))
"""
BEFORE = {
    "article": "articles.Article", "question": "faq.Question", "contributor": "articles.Contributor",
    "glossary": "mesoinfo.GlossaryTerm", "condition": "mesoinfo.Condition", "synonym": "mesoinfo.Synonym",
    "sitepage": "mesoinfo.SitePage", "links": "m2m",
}  # fmt: skip
AFTER = {
    **BEFORE, "contributor": "editorial.Contributor", "glossary": "editorial.GlossaryTerm",
    "condition": "pages.Condition", "synonym": "search.Synonym", "sitepage": "pages.SitePage", "links": "generic",
}  # fmt: skip


def run(folder, env, *arguments):
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=folder, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{folder}: manage.py {arguments[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def site_before_nested_apps(folder):
    """The site's code at BEFORE_NESTED_APPS, from the repository's history."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE_NESTED_APPS], capture_output=True, check=False)
    assert archive.returncode == 0, f"commit {BEFORE_NESTED_APPS} is not in this clone: {archive.stderr.decode()}"
    with tempfile.TemporaryFile() as file:
        file.write(archive.stdout)
        file.seek(0)
        with tarfile.open(fileobj=file) as tar:
            tar.extractall(folder, filter="data")
    return folder


def new_database(tmp_path, name):
    """A new database of the kind the tests run on: a fresh PostgreSQL database, or an SQLite file."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return fresh_database(machine_postgres_url())
    return contextlib.nullcontext(f"sqlite:///{tmp_path / name}.sqlite3")


@pytest.fixture
def database_url(tmp_path):
    with new_database(tmp_path, "upgrade") as url:
        yield url


@pytest.fixture
def restored_url(tmp_path):
    with new_database(tmp_path, "restored") as url:
        yield url


def test_a_database_made_before_the_nested_apps_migrates_forward_intact(tmp_path, database_url, restored_url):
    old_site = site_before_nested_apps(tmp_path / "before")
    env = production_env(DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(tmp_path / "media"))
    run(old_site, env, "migrate", "--no-input", "-v", "0")
    run(old_site, env, "load_content")
    run(old_site, env, "shell", "--no-imports", "-c", USE_THE_SITE)
    before = json.loads(run(old_site, env, "shell", "--no-imports", "-c", SNAPSHOT.format(labels=BEFORE)))
    run(old_site, env, "backup", "--output-dir", str(tmp_path / "backups"))
    [archive] = (tmp_path / "backups").glob("mesoinfo-*.tar.gz")

    run(ROOT, env, "migrate", "--no-input", "-v", "0")
    after = json.loads(run(ROOT, env, "shell", "--no-imports", "-c", SNAPSHOT.format(labels=AFTER)))

    assert before["links"] and before["image"][-1] and len(before["history"]) >= 2
    for part in before:
        if part == "groups":  # each keeps its permissions (moved models' under their new app); later features add some
            kept = {name: set(codenames) for name, codenames in after[part]}
            assert [name for name, _ in after[part]] == [name for name, _ in before[part]], part
            assert all(set(codenames) <= kept[name] for name, codenames in before[part]), part
        else:
            assert after[part] == before[part], part
    # Derived data is there again once migrated: search documents and prepared texts of every page.
    derived = json.loads(run(ROOT, env, "shell", "--no-imports", "-c", DERIVED))
    assert derived == {"documents": 2 * (len(after["articles"]) + len(after["questions"])), "unprepared": 0}
    # A backup made by the former version restores into a new database of today's, the same.
    restored_env = production_env(DATABASE_URL=restored_url, DJANGO_MEDIA_ROOT=str(tmp_path / "restored-media"))
    run(ROOT, restored_env, "restore", str(archive))
    assert json.loads(run(ROOT, restored_env, "shell", "--no-imports", "-c", SNAPSHOT.format(labels=AFTER))) == after
    assert json.loads(run(ROOT, restored_env, "shell", "--no-imports", "-c", DERIVED)) == derived
    # Today's loader sees the staff edit as such and applies the content files to everything else.
    report = run(ROOT, env, "load_content")
    assert "kept      article avant-de-decider/prix-et-remboursement" in report
    assert report.count("kept      ") == 1, report


DERIVED = """
import contextlib
import json
from mesoinfo.editorial.registry import page_types
from django.contrib.contenttypes.models import ContentType
from articles.models import Article
from faq.models import Question
from mesoinfo.search.models import SearchDocument
pages = [ContentType.objects.get_for_model(model) for model in (Article, Question)]
print(json.dumps({
    "documents": SearchDocument.objects.filter(content_type__in=pages).count(),
    "unprepared": sum(model.objects.filter(prepared_text={}).count() for model in page_types()),
}))
"""
