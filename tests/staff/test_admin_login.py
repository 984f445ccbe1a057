"""Admin login: throttling by account and by address (django-axes), two-factor authentication (django-otp)."""

import datetime
import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from mesoinfo.editorial.models import Status
from mesoinfo.staff.login_throttling import client_ip
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-assez-long"
LOCKOUT_MESSAGE = "Trop de tentatives de connexion échouées"
FAILED_LOGIN = "Le nom d’utilisateur, le mot de passe ou le code de vérification est incorrect"


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("redaction", "redaction@example.org", PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    return user


def login(client, username, password, address="192.0.2.10", **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/", **extra},
        REMOTE_ADDR=address,
    )


def is_logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def current_token(device):
    """The code the staff member's authentication app shows right now, computed by django-otp itself."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def end_device_throttling():
    """django-otp makes a device wait 1 s, then 2 s, 4 s… after each wrong code: that time has passed."""
    TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - datetime.timedelta(minutes=1))


def age_attempts(minutes):
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=minutes))


def test_four_failures_do_not_lock(client, staff):
    for _ in range(4):
        response = login(client, "redaction", "mauvais")
        assert response.status_code == 200
        assert FAILED_LOGIN in response.content.decode()
    assert is_logged_in(login(client, "redaction", PASSWORD))


def test_five_wrong_passwords_lock_the_account_from_any_address(client, staff):
    for _ in range(4):
        assert login(client, "redaction", "mauvais", address="192.0.2.10").status_code == 200
    fifth = login(client, "redaction", "mauvais", address="192.0.2.10")
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert LOCKOUT_MESSAGE in html and "15 minutes" in html and '<html lang="fr"' in html
    # The right password, from another address: the account itself is locked.
    other = login(Client(), "redaction", PASSWORD, address="198.51.100.7")
    assert other.status_code == 429 and LOCKOUT_MESSAGE in other.content.decode()


def test_five_failures_from_one_address_lock_that_address_for_every_account(client, staff, django_user_model):
    for n in range(5):
        response = login(client, f"inconnu-{n}", "mauvais", address="203.0.113.5")
    assert response.status_code == 429
    assert login(Client(), "redaction", PASSWORD, address="203.0.113.5").status_code == 429
    assert is_logged_in(login(Client(), "redaction", PASSWORD, address="203.0.113.99"))


def test_the_lock_expires_after_15_minutes(client, staff):
    for _ in range(5):
        login(client, "redaction", "mauvais")
    age_attempts(14)
    assert login(Client(), "redaction", PASSWORD).status_code == 429, "still locked after 14 minutes"
    age_attempts(16)
    assert is_logged_in(login(Client(), "redaction", PASSWORD))


def test_attempts_during_the_lock_do_not_prolong_it(client, staff):
    for _ in range(5):
        login(client, "redaction", "mauvais")
    age_attempts(10)
    assert login(client, "redaction", "mauvais").status_code == 429
    age_attempts(16)
    assert is_logged_in(login(Client(), "redaction", PASSWORD))


def test_passwords_are_never_stored_in_the_attempt_records(client, staff):
    login(client, "redaction", "secret-tape-par-erreur", otp_token="123456")
    attempt = AccessAttempt.objects.get()
    assert "secret-tape-par-erreur" not in attempt.post_data and "123456" not in attempt.post_data


def test_client_address_ignores_forwarded_headers_without_a_trusted_proxy(rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(request) == "192.0.2.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_behind_one_proxy_is_the_one_it_appended(rf):
    # The client forged the first entry; the proxy appended the address it really saw.
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.44")
    assert client_ip(request) == "192.0.2.44"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="pas-une-adresse")) == "127.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_client_address_behind_two_proxies(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.44, 10.0.0.1")
    assert client_ip(request) == "192.0.2.44"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_lockout_behind_the_proxy_follows_the_real_client(client, staff):
    for n in range(5):
        response = client.post(
            reverse("admin:login"),
            {"username": f"inconnu-{n}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.{n}.0.1, 192.0.2.66",  # a forged first entry changes nothing
        )
    assert response.status_code == 429
    other_client = Client().post(
        reverse("admin:login"),
        {"username": "redaction", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.67",
    )
    assert other_client.status_code == 302  # same proxy, another client: not locked


def test_password_validators_refuse_weak_passwords(staff):
    for weak in ("court", "motdepasse", "12345678901234", "redaction1234"):
        with pytest.raises(ValidationError):
            validate_password(weak, staff)
    validate_password("cheval-agrafe-correct-batterie", staff)


# Two-factor authentication


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="téléphone", confirmed=True)


def test_without_a_device_and_not_required_the_password_is_enough(client, staff):
    assert is_logged_in(login(client, "redaction", PASSWORD))
    assert client.get("/admin/").status_code == 200


def test_with_a_device_a_valid_code_is_needed_even_when_not_required(client, staff, device):
    response = login(client, "redaction", PASSWORD)
    assert response.status_code == 200
    assert FAILED_LOGIN in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert is_logged_in(login(client, "redaction", PASSWORD, otp_token=current_token(device)))
    assert client.get("/admin/").status_code == 200


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_required_two_factor_refuses_the_admin_without_a_valid_code(client, staff, device):
    assert login(client, "redaction", PASSWORD).status_code == 200
    assert login(client, "redaction", PASSWORD, otp_token="000000").status_code == 200
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/articles/article/").status_code == 302
    end_device_throttling()
    token = current_token(device)
    assert is_logged_in(login(client, "redaction", PASSWORD, otp_token=token))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/articles/article/").status_code == 200
    # A code works once: replaying it from another browser fails.
    assert login(Client(), "redaction", PASSWORD, otp_token=token).status_code == 200


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_a_session_opened_with_the_password_only_does_not_reach_the_admin(client, staff, device):
    client.force_login(staff)  # logged in, but never verified by a code
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_wrong_codes_count_as_failed_logins(client, staff, device):
    for _ in range(5):
        response = login(client, "redaction", PASSWORD, otp_token="000000")
    assert response.status_code == 429
    assert login(Client(), "redaction", PASSWORD, otp_token=current_token(device)).status_code == 429


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_required_two_factor_sends_staff_without_a_device_to_enrolment(client, staff):
    response = login(client, "redaction", PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/articles/article/").status_code == 302
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/double-authentification/"
    html = response.content.decode()
    assert "obligatoire" in html and 'src="/admin/double-authentification/qr-code.svg"' in html
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    qr = client.get("/admin/double-authentification/qr-code.svg")
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b"<?xml") and b"<svg" in qr.content and b"script" not in qr.content
    assert "no-store" in qr["Cache-Control"]

    wrong = client.post("/admin/double-authentification/", {"otp_token": "000000"})
    assert wrong.status_code == 200 and "pas celui attendu" in wrong.content.decode()
    end_device_throttling()
    confirmed = client.post("/admin/double-authentification/", {"otp_token": current_token(device)})
    assert confirmed.status_code == 302 and confirmed["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/articles/article/").status_code == 200
    # The key is never shown again once confirmed.
    assert client.get("/admin/double-authentification/qr-code.svg").status_code == 404
    assert device.key not in client.get("/admin/double-authentification/").content.decode()


@override_settings(ADMIN_REQUIRE_2FA=True)
def test_enrolment_page_can_log_out(client, staff):
    login(client, "redaction", PASSWORD)
    response = client.post("/admin/double-authentification/", {"logout": "1"})
    assert response.status_code == 302
    assert client.get("/admin/double-authentification/").status_code == 302  # back to the login page


def test_enrolment_page_is_for_staff_only(client, django_user_model):
    assert client.get("/admin/double-authentification/").status_code == 302
    visitor = django_user_model.objects.create_user("patient", password=PASSWORD)
    client.force_login(visitor)
    assert client.get("/admin/double-authentification/qr-code.svg").status_code == 302
    assert not TOTPDevice.objects.exists()


def test_reloading_the_enrolment_page_keeps_the_same_key(staff_client):
    staff_client.get("/admin/double-authentification/")
    staff_client.get("/admin/double-authentification/")
    assert TOTPDevice.objects.filter(confirmed=False).count() == 1


# Whatever was wrong, a failed login says the same; previews need the second factor too.


def messages_of(response):
    html = response.content.decode()
    return [line.strip() for line in html.split("errornote")[1:]] if "errornote" in html else []


@pytest.mark.parametrize("required", [False, True])
def test_every_failed_login_gets_the_same_message(client, staff, device, settings, required):
    settings.ADMIN_REQUIRE_2FA = required
    answers = {
        "unknown account": login(client, "personne", PASSWORD, address="192.0.2.21"),
        "wrong password": login(client, "redaction", "mauvais", address="192.0.2.22"),
        "right password, no code": login(client, "redaction", PASSWORD, address="192.0.2.23"),
        "right password, wrong code": login(client, "redaction", PASSWORD, otp_token="000000", address="192.0.2.24"),
        "right password, wrong backup code": login(
            client, "redaction", PASSWORD, otp_token="abcdefgh", address="192.0.2.25"
        ),
    }
    pages = {}
    for what, response in answers.items():
        html = response.content.decode()
        assert response.status_code == 200, what
        assert FAILED_LOGIN in html, what
        assert "activée pour ce compte" not in html and PASSWORD not in html, what
        pages[what] = html.count('class="errornote"'), 'name="otp_device"' in html
    assert len(set(pages.values())) == 1, pages


def test_a_backup_code_logs_in_once_and_new_ones_replace_the_old(client, staff, device):
    assert is_logged_in(login(client, "redaction", PASSWORD, otp_token=current_token(device)))
    page = client.post("/admin/double-authentification/", {"backup_codes": "1"})
    assert page.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())
    assert len(codes) == 10 and StaticDevice.objects.get(user=staff).token_set.count() == 10
    client.logout()
    assert is_logged_in(login(client, "redaction", PASSWORD, otp_token=codes[0]))
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert login(client, "redaction", PASSWORD, otp_token=codes[0]).status_code == 200, "a code works once"
    assert StaticDevice.objects.get(user=staff).token_set.count() == 9


@pytest.mark.parametrize("status", [Status.DRAFT, "scheduled"])
def test_with_two_factor_required_a_password_alone_does_not_preview(client, staff, device, category, settings, status):
    settings.ADMIN_REQUIRE_2FA = True
    if status == "scheduled":
        page = make_article(
            category, title_fr="Brouillon confidentiel", published_at=timezone.now() + datetime.timedelta(days=3)
        )
    else:
        page = make_article(category, status=status, title_fr="Brouillon confidentiel")
    client.force_login(staff)  # the password, never a code
    response = client.get(page.get_absolute_url())
    assert response.status_code == 404 and "Brouillon confidentiel" not in response.content.decode()
    end_device_throttling()
    assert is_logged_in(login(client, "redaction", PASSWORD, otp_token=current_token(device)))
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200 and "Brouillon confidentiel" in response.content.decode()


def test_with_two_factor_required_staff_without_a_device_do_not_preview(client, staff, category, settings):
    settings.ADMIN_REQUIRE_2FA = True
    page = make_article(category, status=Status.DRAFT, title_fr="Brouillon confidentiel")
    assert login(client, "redaction", PASSWORD).status_code == 302  # to the enrolment page
    assert client.get(page.get_absolute_url()).status_code == 404
    assert client.get("/admin/traductions/").status_code == 302


def test_optional_two_factor_previews_stay_open_to_staff_without_a_device(client, staff, category):
    page = make_article(category, status=Status.DRAFT, title_fr="Brouillon confidentiel")
    assert is_logged_in(login(client, "redaction", PASSWORD))
    assert client.get(page.get_absolute_url()).status_code == 200
    assert Article.objects.filter(pk=page.pk).exists()
