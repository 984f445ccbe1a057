"""Backup and restore round trips on a real database (the test one: PostgreSQL or SQLite) and real files."""

import hashlib
import io
import json
import os
import re
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from articles.models import Article, ArticleImage
from faq.models import Question
from mesoinfo.ops.backup import RestoreRefused, create_backup, media_files, restore, serialize_database
from mesoinfo.pages.models import SiteSettings
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    files = {
        "articles/2026/schema-peau.png": os.urandom(20_000),
        "documents/notice d’information é.pdf": b"%PDF-1.4 " + os.urandom(3000),
        "racine.txt": "Texte accentué\n".encode(),
    }
    for name, content in files.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return settings.MEDIA_ROOT


@pytest.fixture
def content(article, question, django_user_model):
    staff = django_user_model.objects.create_user("redaction", password="un-mot-de-passe-assez-long", is_staff=True)
    editors = Group.objects.create(name="Rédacteurs")
    editors.permissions.set(Permission.objects.filter(codename__in=["change_article", "view_article"]))
    staff.groups.add(editors)
    TOTPDevice.objects.create(user=staff, name="téléphone", confirmed=True)
    site = SiteSettings.load()
    site.clinic_name = "Cabinet du Parc"
    site.opening_hours_fr = "Lundi–vendredi, 9 h – 18 h"
    site.save()
    return article, question


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_MEDIA_ROOT"}}
    base.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789-abcdefghijklmnop")
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_DEBUG": "0", **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result


def test_backup_is_a_dated_private_archive_of_data_and_media(content, media, tmp_path):
    path = create_backup(tmp_path / "backups")
    assert re.fullmatch(r"mesoinfo-\d{4}-\d{2}-\d{2}_\d{6}\.tar\.gz", path.name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # password hashes and two-factor keys inside
    with tarfile.open(path) as archive:
        names = set(archive.getnames())
        manifest = json.loads(archive.extractfile("manifest.json").read())
        data = json.loads(archive.extractfile("data.json").read())
    assert {"manifest.json", "data.json", "media/racine.txt", "media/articles/2026/schema-peau.png"} <= names
    assert manifest["database"] == connection.vendor and "articles.0001_initial" in manifest["migrations"]
    models = {row["model"] for row in data}
    assert {"articles.article", "articles.source", "faq.question", "auth.user", "otp_totp.totpdevice"} <= models
    assert not models & {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    # A second backup in the same second gets its own name.
    assert create_backup(tmp_path / "backups") != path


def test_round_trip_restores_exactly_what_was_saved_and_never_destroys_silently(content, media, tmp_path):
    article, question = content
    saved_state, saved_media = serialize_database(), media_files()
    archive = create_backup(tmp_path / "backups")

    restore(archive, backup_directory=tmp_path / "backups", log=lambda _: None)  # unchanged: nothing at risk
    assert serialize_database() == saved_state

    # Staff work done after the backup.
    Article.objects.filter(pk=article.pk).update(title_fr="Titre corrigé après la sauvegarde")
    Question.objects.filter(pk=question.pk).delete()
    make_article(article.category, slug="nouvel-article")
    (media / "racine.txt").write_text("modifié")
    (media / "nouveau.txt").write_text("ajouté après la sauvegarde")
    later_state, later_media = serialize_database(), media_files()

    with pytest.raises(RestoreRefused) as refusal:
        restore(archive, backup_directory=tmp_path / "backups", log=lambda _: None)
    message = str(refusal.value)
    assert "articles.article" in message and "racine.txt" in message and "--replace" in message
    assert serialize_database() == later_state and media_files() == later_media  # nothing touched

    restore(archive, replace=True, backup_directory=tmp_path / "backups", log=lambda _: None)
    assert serialize_database() == saved_state
    assert media_files() == saved_media
    assert Article.objects.get(pk=article.pk).title_fr == article.title_fr
    assert Question.objects.filter(pk=question.pk).exists()
    assert TOTPDevice.objects.get().user.groups.get().permissions.count() == 2

    # What --replace replaced was saved first: restoring that brings the later work back.
    (safety,) = (tmp_path / "backups").glob("before-restore-*.tar.gz")
    restore(safety, replace=True, backup_directory=tmp_path / "backups", log=lambda _: None)
    assert serialize_database() == later_state and media_files() == later_media


def test_timestamps_keep_their_microseconds(content, media, tmp_path):
    article, _question = content
    precise = article.published_at.replace(microsecond=400)  # Django's own fixtures would keep 0 ms
    Article.objects.filter(pk=article.pk).update(published_at=precise)
    archive = create_backup(tmp_path)
    Article.objects.filter(pk=article.pk).update(published_at=precise.replace(microsecond=0))
    restore(archive, replace=True, backup_directory=tmp_path, log=lambda _: None)
    assert Article.objects.get(pk=article.pk).published_at == precise


def test_damaged_or_foreign_archives_are_refused(content, media, tmp_path):
    archive = create_backup(tmp_path)
    damaged = tmp_path / "abime.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/racine.txt":
                data = b"altered"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    state = serialize_database()
    with pytest.raises(RestoreRefused, match="damaged"):
        restore(damaged, replace=True, backup_directory=tmp_path, log=lambda _: None)
    with pytest.raises(RestoreRefused, match="no such file"):
        restore(tmp_path / "absent.tar.gz", log=lambda _: None)
    assert serialize_database() == state


def test_an_archive_from_an_older_version_restores_without_the_fields_removed_since(content, media, tmp_path):
    archive = create_backup(tmp_path)
    older = tmp_path / "ancienne.tar.gz"
    with tarfile.open(archive) as source:
        members = {member.name: (member, source.extractfile(member).read()) for member in source.getmembers()}
    rows = json.loads(members["data.json"][1])
    for row in rows:
        if row["model"] == "articles.article":
            row["fields"]["colonne_supprimee"] = "ancienne valeur"
    rows.append({"model": "articles.modelesupprime", "pk": 1, "fields": {}})
    data = json.dumps(rows).encode()
    manifest = json.loads(members["manifest.json"][1])
    manifest["data_sha256"] = hashlib.sha256(data).hexdigest()
    members["data.json"] = (members["data.json"][0], data)
    members["manifest.json"] = (members["manifest.json"][0], json.dumps(manifest).encode())
    with tarfile.open(older, "w:gz") as target:
        for member, content in members.values():
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    state = serialize_database()
    restore(older, replace=True, backup_directory=tmp_path, log=lambda _: None)
    assert serialize_database() == state


def test_restore_into_a_new_sqlite_database_from_the_command_line(content, media, tmp_path):
    """manage.py restore into a database that does not exist yet (SQLite file), from this test database
    (PostgreSQL when the suite runs on it: the archive crosses database engines)."""
    archive = create_backup(tmp_path / "backups")
    database = f"sqlite:///{tmp_path / 'neuve.sqlite3'}"
    target_media = tmp_path / "media-restaurees"
    env = {"DATABASE_URL": database, "DJANGO_MEDIA_ROOT": str(target_media)}
    result = manage("restore", str(archive), "--backup-dir", str(tmp_path / "backups"), **env)
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout
    dump = manage(
        "shell", "--no-imports", "-c", "from mesoinfo.ops.backup import serialize_database as s; print(s())", **env
    )
    assert dump.returncode == 0, dump.stderr
    assert json.loads(dump.stdout) == json.loads(serialize_database())
    assert media_files(target_media) == media_files()
    # Run again without --replace: the database now holds exactly the archive, nothing is at risk.
    again = manage("restore", str(archive), "--backup-dir", str(tmp_path / "backups"), **env)
    assert again.returncode == 0, again.stderr
    # A change made there, then a restore without --replace: refused, with the way out in the message.
    manage(
        "shell",
        "--no-imports",
        "-c",
        "from articles.models import Article; Article.objects.update(title_fr='x')",
        **env,
    )
    refused = manage("restore", str(archive), "--backup-dir", str(tmp_path / "backups"), **env)
    assert refused.returncode != 0 and "--replace" in refused.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs the PostgreSQL server of DATABASE_URL")
def test_restore_into_a_new_postgresql_database_from_the_command_line(content, media, tmp_path):
    import psycopg2

    archive = create_backup(tmp_path / "backups")
    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    admin = psycopg2.connect(
        dbname="postgres", user=params["USER"], password=params["PASSWORD"], host=params["HOST"], port=params["PORT"]
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        url = f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
        env = {"DATABASE_URL": url, "DJANGO_MEDIA_ROOT": str(tmp_path / "media-pg")}
        result = manage("restore", str(archive), "--backup-dir", str(tmp_path / "backups"), **env)
        assert result.returncode == 0, result.stderr
        dump = manage(
            "shell", "--no-imports", "-c", "from mesoinfo.ops.backup import serialize_database as s; print(s())", **env
        )
        assert json.loads(dump.stdout) == json.loads(serialize_database())
        assert media_files(tmp_path / "media-pg") == media_files()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def illustrated(content, media):
    """The article with an uploaded image (renditions are a list of dicts in a JSON field) and a history."""
    article, _question = content
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (180, 120, 90)).save(buffer, "PNG")
    ArticleImage.objects.create(
        article=article,
        image=SimpleUploadedFile("schema.png", buffer.getvalue(), content_type="image/png"),
        alt_fr="Schéma de la peau",
        alt_en="Skin diagram",
        credit="MésoInfo",
    )
    article.title_en = "English title before the backup"
    article.save()
    return article


def test_restore_over_a_database_with_images_lists_then_replaces_everything(illustrated, media, tmp_path):
    saved_state, saved_media = serialize_database(), media_files()
    archive = create_backup(tmp_path / "backups")

    # Later work: the image is replaced by another, the translation and the history move on.
    ArticleImage.objects.all().delete()
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (20, 120, 190)).save(buffer, "PNG")
    ArticleImage.objects.create(
        article=illustrated,
        image=SimpleUploadedFile("autre.png", buffer.getvalue(), content_type="image/png"),
        alt_fr="Autre",
        alt_en="Other",
        credit="MésoInfo",
    )
    illustrated.title_en = "English title changed after the backup"
    illustrated.save()
    later_state = serialize_database()

    with pytest.raises(RestoreRefused) as refusal:
        restore(archive, backup_directory=tmp_path / "backups", log=lambda _: None)
    message = str(refusal.value)
    assert "articles.articleimage" in message and "articles.historicalarticle" in message
    assert serialize_database() == later_state

    restore(archive, replace=True, backup_directory=tmp_path / "backups", log=lambda _: None)
    assert serialize_database() == saved_state
    assert media_files() == saved_media
    image = ArticleImage.objects.get()
    assert image.alt_fr == "Schéma de la peau" and len(image.renditions) >= 2
    assert all((media / rendition["name"]).exists() for rendition in image.renditions)
    assert Article.objects.get(pk=illustrated.pk).title_en == "English title before the backup"
    (safety,) = (tmp_path / "backups").glob("before-restore-*.tar.gz")
    restore(safety, replace=True, backup_directory=tmp_path / "backups", log=lambda _: None)
    assert serialize_database() == later_state


def test_make_restore_replace_over_a_live_database_with_images(illustrated, tmp_path):
    """The command line, as `make restore FILE=… REPLACE=1` runs it, over a database that already holds data."""
    archive = create_backup(tmp_path / "backups")
    database = f"sqlite:///{tmp_path / 'vivante.sqlite3'}"
    env = {"DATABASE_URL": database, "DJANGO_MEDIA_ROOT": str(tmp_path / "media-vivantes")}
    assert manage("restore", str(archive), "--backup-dir", str(tmp_path / "backups"), **env).returncode == 0
    manage(
        "shell",
        "--no-imports",
        "-c",
        "from articles.models import Article; Article.objects.update(title_en='x')",
        **env,
    )
    refused = manage("restore", str(archive), "--backup-dir", str(tmp_path / "backups"), **env)
    assert refused.returncode != 0 and "articles.article" in refused.stderr and "Traceback" not in refused.stderr
    replaced = manage("restore", str(archive), "--replace", "--backup-dir", str(tmp_path / "backups"), **env)
    assert replaced.returncode == 0, replaced.stderr
    assert list((tmp_path / "backups").glob("before-restore-*.tar.gz"))
