"""Two-factor enrolment and login in Chromium, under the Content-Security-Policy: no script, no third party."""

import base64
import time

import pytest
from django_otp.oath import TOTP

from tests.support.browser import image_shown

pytestmark = pytest.mark.browser

PASSWORD = "un-mot-de-passe-assez-long"


def token_for(key, at):
    totp = TOTP(base64.b32decode(key), step=30, t0=0, digits=6)
    totp.time = at
    return f"{totp.token():06d}"


def test_staff_sets_up_two_factor_then_logs_in_with_a_code(site, page, settings, django_user_model, screenshot):
    settings.ADMIN_REQUIRE_2FA = True
    django_user_model.objects.create_superuser("equipe", "equipe@example.org", PASSWORD)
    requests = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(site + "/admin/")
    page.fill("#id_username", "equipe")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/double-authentification/")
    qr = page.locator("img[src$='qr-code.svg']")
    assert image_shown(qr)
    screenshot(page, "admin-two-factor-setup")
    key = page.locator("code").inner_text().replace(" ", "")
    page.fill("#id_otp_token", token_for(key, time.time()))
    page.click("input[type=submit].default")
    page.wait_for_url(site + "/admin/")
    assert "La double authentification est activée" in page.locator(".messagelist").inner_text()

    with page.expect_navigation():
        page.click("#logout-form button")
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "equipe")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert "code de vérification est incorrect" in page.locator(".errornote").first.inner_text()
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", token_for(key, time.time() + 30))  # the next code: the first one was used
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")
    assert page.locator("#site-name").is_visible()
    assert page.problems.messages == []
    assert all(url.startswith(site) for url in requests), "no third-party request"
