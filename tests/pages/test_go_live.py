"""Go-live checks: `manage.py check --deploy` warns, in French and with its own ID, about each missing legal
detail, the contact address, the medical reviewer and the pages published without sign-off."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from mesoinfo.pages.models import SiteSettings
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EVERY_ID = ["golive.W001", "golive.W002", "golive.W003", "golive.W004", "golive.W005"]


def go_live_check():
    """What `check --deploy` says of the go-live checks, on the test database."""
    out, err = io.StringIO(), io.StringIO()
    call_command("check", "--deploy", "--tag", "golive", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def fill_in_everything(reviewer):
    settings = SiteSettings.load()
    settings.publisher_details = "Cabinet du Parc, SELARL au capital de 10 000 €, RCS Paris 123 456 789"
    settings.publication_director = "Dr Claire Dupont"
    settings.host_details = "Hébergeur SAS, 1 avenue du Web, 69000 Lyon, 04 00 00 00 00"
    settings.email = "contact@cabinet-du-parc.example"
    settings.save()


def test_each_missing_detail_is_a_french_warning_with_its_own_id():
    output = go_live_check()
    for check_id, french in [
        ("golive.W001", "L’éditeur du site n’est pas renseigné"),
        ("golive.W002", "Le directeur de la publication n’est pas renseigné"),
        ("golive.W003", "L’hébergeur n’est pas renseigné"),
        ("golive.W004", "Aucune adresse e-mail de contact"),
        ("golive.W005", "Aucun relecteur médical"),
    ]:
        assert f"({check_id}) {french}" in output, check_id
    assert "LCEN, article 6" in output and "HINT: Renseignez-le dans l’administration" in output


def test_silent_once_everything_is_filled_in(reviewer, category):
    fill_in_everything(reviewer)
    page = make_article(category)
    output = go_live_check()
    assert "(golive.W006) 1 page publiée n’a pas de relecture médicale signée" in output
    assert not any(check_id in output for check_id in EVERY_ID)
    page.sign_off(reviewer)
    page.save()
    assert "System check identified no issues (0 silenced)." in go_live_check()


def test_unsigned_pages_are_no_warning_when_the_signoff_is_not_required(reviewer, category):
    fill_in_everything(reviewer)
    make_article(category)
    settings = SiteSettings.load()
    settings.medical_signoff_required = False
    settings.save()
    assert "System check identified no issues (0 silenced)." in go_live_check()


def test_a_warning_is_silenced_the_django_way(settings):
    settings.SILENCED_SYSTEM_CHECKS = ["golive.W001", "golive.W003"]
    output = go_live_check()
    assert "golive.W001" not in output and "golive.W003" not in output and "golive.W002" in output
    assert "(2 silenced)" in output


def test_staff_emails_without_a_mail_server_are_a_warning(settings, reviewer):
    fill_in_everything(reviewer)
    settings.FEEDBACK_NOTIFY_EMAILS = ["equipe@example.org"]
    settings.EMAIL_HOST = ""
    assert "(golive.W007) Les signalements doivent être envoyés par e-mail" in go_live_check()
    settings.EMAIL_HOST = "smtp.example.org"
    assert "golive.W007" not in go_live_check()


def test_check_deploy_in_production_on_a_new_database(tmp_path):
    """The real command, in a process of its own with production settings, on a new SQLite database: the
    go-live warnings are there (and nothing worse), and DJANGO_SILENCED_SYSTEM_CHECKS silences them."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env = {
        **base,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-like-secret-key-with-more-than-fifty-characters-0123456789",
        "DJANGO_ALLOWED_HOSTS": "mesoinfo.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
    }

    def manage(*args, **extra):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert manage("migrate", "--no-input", "-v0").returncode == 0
    warned = manage("check", "--deploy", "--fail-level", "WARNING")
    assert warned.returncode != 0
    for check_id in EVERY_ID:
        assert check_id in warned.stderr, check_id
    assert "Le directeur de la publication n’est pas renseigné" in warned.stderr
    silenced = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SILENCED_SYSTEM_CHECKS=",".join(EVERY_ID))
    assert silenced.returncode == 0, silenced.stderr
    assert "System check identified no issues (5 silenced)." in silenced.stdout
