"""Start-up under production settings, checked in a fresh process with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-with-more-than-fifty-characters-0123456789",
    "DJANGO_ALLOWED_HOSTS": "mesoinfo.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
}


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_silent_with_production_settings():
    # The go-live checks read the database (legal details, reviewers, pages): tests/pages/test_go_live.py.
    go_live = "golive.W000,golive.W001,golive.W002,golive.W003,golive.W004,golive.W005,golive.W006,golive.W007"
    result = manage("check", "--deploy", "--tag", "security", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SILENCED_SYSTEM_CHECKS=go_live, **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_admin_url_comes_from_the_environment():
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_ADMIN_URL="gestion-interne/", **{"DJANGO_DEBUG": "1"})
    assert result.stdout.strip() == "/gestion-interne/", result.stderr


def test_settings_read_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.LANGUAGE_CODE, [c for c, n in s.LANGUAGES], s.TIME_ZONE, "
        "s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT)"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DATABASE_URL="postgres://user:pass@db.example.org:5432/mesoinfo",
        **PRODUCTION,
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "fr",
        "['fr',",
        "'en']",
        "Europe/Paris",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "True",
    ], result.stderr


def test_an_empty_database_url_means_the_sqlite_default():
    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    result = manage("shell", "--no-imports", "-c", code, DATABASE_URL="", **PRODUCTION)
    assert result.stdout.split() == ["django.db.backends.sqlite3", str(ROOT / "db.sqlite3")], result.stderr


def test_uploads_go_to_s3_compatible_storage_when_a_bucket_is_set():
    code = (
        "from django.core.files.storage import default_storage as s; "
        "print(s.__class__.__name__, s.bucket_name, "
        "s.endpoint_url, s.location, s.querystring_auth, s.file_overwrite)"
    )
    s3 = {"DJANGO_S3_BUCKET": "mesoinfo-media", "DJANGO_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud"}
    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION, **s3)
    assert result.stdout.split()[-6:] == [
        "S3Storage",
        "mesoinfo-media",
        "https://s3.fr-par.scw.cloud",
        "media",
        "False",
        "False",
    ], result.stderr
    local = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['default'])",
        **PRODUCTION,
    )
    assert "FileSystemStorage" in local.stdout, local.stderr


def test_without_redis_the_page_cache_generation_is_a_file_and_with_redis_nothing_is_on_disk():
    code = (
        "from django.conf import settings as s; "
        "print(repr(s.PAGE_CACHE_GENERATION_FILE), s.CACHES['default']['BACKEND'])"
    )
    alone = manage("shell", "--no-imports", "-c", code, **PRODUCTION).stdout.split()
    assert alone[0].endswith(".generation'") and alone[1].endswith("LocMemCache")
    shared = manage(
        "shell", "--no-imports", "-c", code, REDIS_URL="redis://127.0.0.1:6379/0", **PRODUCTION
    ).stdout.split()
    assert shared == ["''", "mesoinfo.pagecache.shared_cache.GuardedRedisCache"]
