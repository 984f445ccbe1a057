"""Security headers and cookies, on public pages, error pages and the admin, as the middleware sends them."""

import pytest
from django.test import Client, override_settings
from django.urls import path

from mesoinfo.urls import urlpatterns as site_urlpatterns
from tests.site.test_pages import public_urls
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

DENIED_FEATURES = ["camera", "microphone", "geolocation", "interest-cohort", "browsing-topics", "payment", "usb"]


def broken_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("panne/", broken_view), *site_urlpatterns]


def csp(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_common_headers(response, where):
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff", where
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", where
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert headers["X-Frame-Options"] == "DENY", where
    policy = dict(item.strip().split("=", 1) for item in headers["Permissions-Policy"].split(","))
    for feature in DENIED_FEATURES:
        assert policy.get(feature) == "()", f"{where}: {feature} is not denied"
    directives = csp(response)
    assert directives["frame-ancestors"] == ["'none'"], where
    assert directives["object-src"] == ["'none'"], where
    assert directives["base-uri"] == ["'self'"], where
    for source in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:"):
        assert source not in directives["script-src"], f"{where}: script-src allows {source}"
    assert "'unsafe-inline'" not in directives.get("default-src", []), where
    return directives


def assert_strict_public_csp(response, where):
    directives = assert_common_headers(response, where)
    for source in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:"):
        assert source not in directives["style-src"], f"{where}: style-src allows {source}"
    assert "Set-Cookie" not in response.headers, f"{where}: visitors get no cookie"
    assert not response.cookies, f"{where}: visitors get no cookie"


def test_public_pages_send_every_security_header_and_no_cookie(client, article, question):
    for url, _language in public_urls(article, question):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_public_csp(response, url)


@override_settings(ROOT_URLCONF=__name__)
def test_error_pages_send_the_headers_and_no_cookie(client):
    client.raise_request_exception = False
    pages = {
        "/cette-page-n-existe-pas/": 404,
        "/en/no-such-page/": 404,
        "/articles/pas-de-categorie/": 404,
        "/panne/": 500,
    }
    for url, status in pages.items():
        response = client.get(url)
        assert response.status_code == status, url
        assert_strict_public_csp(response, url)
    bad_host = client.get("/", headers={"host": "pirate.example"})
    assert bad_host.status_code == 400
    assert_strict_public_csp(bad_host, "400")
    assert "Requête incorrecte" in bad_host.content.decode()
    forged = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x", "password": "y"})
    assert forged.status_code == 403 and "Formulaire expiré" in forged.content.decode()
    assert_common_headers(forged, "403 CSRF")


def test_static_files_are_not_sniffed(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_admin_pages_send_the_headers_and_run_only_nonced_inline_script(staff_client):
    """The admin's only inline script is the editor's import map, allowed by this response's nonce alone."""
    login = Client().get("/admin/login/")
    assert login.status_code == 200
    assert_common_headers(login, "admin login")
    for url in (
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/double-authentification/",
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert_common_headers(response, url)
        script_src = csp(response)["script-src"]
        for nonce in parse(response).inline_script_nonces:
            assert nonce and f"'nonce-{nonce}'" in script_src, f"{url}: inline script without this response's nonce"


def test_admin_cookies_are_secure_httponly_and_samesite(client, django_user_model):
    django_user_model.objects.create_superuser("staff", "staff@example.org", "a-long-test-password")
    login_page = client.get("/admin/login/")
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/admin/login/",
        {"username": "staff", "password": "a-long-test-password", "csrfmiddlewaretoken": csrf.value},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_hsts_is_sent_on_https_requests_seen_through_the_proxy(client):
    plain = client.get("/")
    assert "Strict-Transport-Security" not in plain.headers  # browsers ignore it over HTTP anyway
    secure = client.get("/", headers={"x-forwarded-proto": "https"})
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_https_redirect_trusts_the_proxy_header(client):
    plain = client.get("/faq/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/faq/"
    assert client.get("/faq/", headers={"x-forwarded-proto": "https"}).status_code == 200
