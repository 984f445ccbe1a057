"""A new gunicorn worker renders the main pages before its first request (mesoinfo/pagecache/warmup.py)."""

import wsgiref.util

import pytest
from django.test import override_settings

from mesoinfo.pagecache import warmup
from mesoinfo.pages.models import SiteSettings
from mesoinfo.wsgi import application
from tests.support.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_test_connection")]


def get(path, host, **headers):
    environ = {**headers, "PATH_INFO": path, "HTTP_HOST": host, "HTTP_ACCEPT_ENCODING": warmup.ACCEPT_ENCODING}
    if ":" in host:
        environ["SERVER_PORT"] = host.partition(":")[2]  # gunicorn's own port, as the browser names it
    wsgiref.util.setup_testing_defaults(environ)  # as tests/site/test_cache.py does
    answer = {}
    body = b"".join(application(environ, lambda status, headers, exc_info=None: answer.update(headers=headers)))
    return dict(answer["headers"]), body


@pytest.mark.parametrize("redirect", [True, False], ids=["django redirects to https", "the proxy does"])
def test_the_main_pages_are_rendered_and_cached_under_the_public_address(category, django_assert_num_queries, redirect):
    make_article(category)
    SiteSettings.load()  # created by the site's first request ever, a write that renews the cache
    with override_settings(ALLOWED_HOSTS=["mesoinfo.example", "www.mesoinfo.example"], SECURE_SSL_REDIRECT=redirect):
        assert warmup.warm(application) == dict.fromkeys(warmup.PATHS, 200)
        with django_assert_num_queries(0):  # each page comes from the cache the warm-up filled
            for path in warmup.PATHS:
                headers, body = get(path, "mesoinfo.example", HTTP_X_FORWARDED_PROTO="https")
                assert headers["Content-Encoding"] == "br" and body


@override_settings(ALLOWED_HOSTS=["127.0.0.1", "localhost"], SECURE_SSL_REDIRECT=False)
def test_on_this_machines_address_the_pages_are_cached_in_http_with_the_port(category, django_assert_num_queries):
    SiteSettings.load()
    assert warmup.warm(application, port="8150")["/"] == 200
    with django_assert_num_queries(0):
        headers, body = get("/", "127.0.0.1:8150")
        assert headers["Content-Encoding"] == "br" and body


@pytest.mark.parametrize(
    ("hosts", "port", "expected"),
    [
        (["mesoinfo.example"], "8000", "mesoinfo.example"),
        ([".mesoinfo.example", "mesoinfo.example"], None, "mesoinfo.example"),
        (["127.0.0.1", "localhost"], "8150", "127.0.0.1:8150"),
        (["*"], "8000", "localhost:8000"),
        ([".mesoinfo.example"], "8000", None),
        ([], "8000", None),
    ],
)
def test_the_public_host(settings, hosts, port, expected):
    settings.ALLOWED_HOSTS = hosts
    assert warmup.public_host(port) == expected


def test_a_failing_page_does_not_stop_the_worker(settings):
    settings.ALLOWED_HOSTS = ["mesoinfo.example"]

    def broken(environ, start_response):
        raise RuntimeError("database down")

    assert warmup.warm(broken) == {}


def test_the_warm_up_stops_at_the_first_error_page_or_when_its_time_is_up(settings):
    """A database that does not answer costs one connection timeout, not one per page."""
    settings.ALLOWED_HOSTS = ["mesoinfo.example"]
    calls = []

    def outage(environ, start_response):
        calls.append(environ["PATH_INFO"])
        start_response("503 Service Unavailable", [])
        return [b""]

    assert warmup.warm(outage) == {"/": 503} and calls == ["/"]

    clock = [1000.0]

    def slow(environ, start_response):  # each page takes 4 s of the warm-up's 10
        calls.append(environ["PATH_INFO"])
        clock[0] += 4
        start_response("200 OK", [])
        return [b""]

    calls.clear()
    assert warmup.warm(slow, clock=lambda: clock[0]) == {"/": 200, "/faq/": 200, "/articles/": 200} and len(calls) == 3
