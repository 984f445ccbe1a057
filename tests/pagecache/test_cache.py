"""The page cache (mesoinfo/pagecache/cache.py): what is served from it, what never is, and how edits renew it.

Each behaviour runs on both backends: local memory (with the generation file shared by the workers) and a
real Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379/0) under a key prefix of its own.
"""

import datetime
import os
import uuid
import wsgiref.util

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Source
from mesoinfo.editorial.models import Status
from mesoinfo.editorial.registry import public_content_apps
from mesoinfo.pagecache import cache as pagecache
from mesoinfo.pages.models import SiteSettings
from tests.support.factories import link, make_article, make_question

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["memory", "redis"], autouse=True)
def backend(request, settings):
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # never clear a Redis that others may share
            }
        }
        settings.PAGE_CACHE_GENERATION_FILE = ""
    return request.param


def get(client, path, **headers):
    """A response and the number of SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def warm(client, path):
    """Until the page comes from the cache (the first render may create the site settings, a write)."""
    for _ in range(3):
        response, queries = get(client, path)
        if queries == 0:
            return response
    raise AssertionError(f"{path} is not served from the cache")


def test_visitors_get_pages_from_the_cache_with_cdn_headers(client, article):
    first, queries = get(client, article.get_absolute_url())
    assert first.status_code == 200 and queries > 0
    second = warm(client, article.get_absolute_url())
    assert second.content == first.content
    assert second["Cache-Control"] == (
        "public, max-age=60, s-maxage=60, stale-while-revalidate=60, stale-if-error=86400"
    )
    assert second["ETag"] == first["ETag"] and second["Last-Modified"]
    assert second["Vary"] == "Cookie, Accept-Encoding"  # the address alone decides the language
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Referrer-Policy"):
        assert second[header] == first[header], header
    assert "Set-Cookie" not in second.headers


def test_english_pages_are_cached_apart(client, article):
    warm(client, article.get_absolute_url())
    english = warm(client, f"/en{article.get_absolute_url()}")
    assert article.title_en in english.content.decode() and english["Content-Language"] == "en"


def test_conditional_requests_get_304(client, article):
    path = article.get_absolute_url()
    page = warm(client, path)
    for headers in ({"If-None-Match": page["ETag"]}, {"If-Modified-Since": page["Last-Modified"]}):
        response, queries = get(client, path, **headers)
        assert response.status_code == 304 and response.content == b"" and queries == 0
        assert response["ETag"] == page["ETag"] and "Content-Type" not in response.headers
    response, _queries = get(client, path, **{"If-None-Match": '"something-else"'})
    assert response.status_code == 200 and response.content == page.content


def test_head_requests_are_answered_from_the_cache(client, article):
    page = warm(client, article.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = client.head(article.get_absolute_url())
    assert response.status_code == 200 and response.content == b"" and not queries
    assert response["Content-Length"] == str(len(page.content))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda article, question: setattr_and_save(article, title_fr="Titre corrigé"), id="edit"),
        pytest.param(
            lambda article, question: Article.objects.filter(pk=article.pk).update(title_fr="Titre corrigé"),
            id="queryset-update",
        ),
        pytest.param(
            lambda article, question: Source.objects.create(article=article, title="Titre corrigé"), id="related-row"
        ),
        pytest.param(
            lambda article, question: link(make_question(question.theme, question_fr="Titre corrigé ?"), article),
            id="m2m-add",
        ),
        pytest.param(
            lambda article, question: setattr_and_save(SiteSettings.load(), clinic_name="Titre corrigé"),
            id="site-settings",
        ),
    ],
)
def test_any_content_change_shows_at_once(client, article, question, change):
    path = article.get_absolute_url()
    assert "Titre corrigé" not in warm(client, path).content.decode()
    change(article, question)
    response, queries = get(client, path)
    assert "Titre corrigé" in response.content.decode() and queries > 0


def setattr_and_save(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()


def test_publishing_unpublishing_and_deleting_show_at_once(client, category, article):
    draft = make_article(category, status=Status.DRAFT, title_fr="Brouillon à venir")
    assert "Brouillon à venir" not in warm(client, "/articles/").content.decode()
    setattr_and_save(draft, status=Status.PUBLISHED)
    assert "Brouillon à venir" in get(client, "/articles/")[0].content.decode()
    assert warm(client, article.get_absolute_url()).status_code == 200
    setattr_and_save(article, status=Status.DRAFT)
    assert get(client, article.get_absolute_url())[0].status_code == 404
    warm(client, draft.get_absolute_url())
    draft.delete()
    assert get(client, draft.get_absolute_url())[0].status_code == 404


def test_a_scheduled_page_appears_on_time_without_a_scheduler(client, category, monkeypatch):
    start = timezone.now()
    make_article(category, title_fr="Article programmé", published_at=start + datetime.timedelta(seconds=30))
    page = warm(client, "/articles/")
    assert "Article programmé" not in page.content.decode()
    assert "max-age=30," in page["Cache-Control"] or "max-age=29," in page["Cache-Control"]
    assert "stale-while-revalidate=0," in page["Cache-Control"]  # no CDN keeps the page past the date
    later = start + datetime.timedelta(seconds=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(pagecache, "now", later.timestamp)
    response, queries = get(client, "/articles/")
    assert "Article programmé" in response.content.decode() and queries > 0


def test_staff_are_never_served_nor_stored(client, staff_client, article):
    # `client` and `staff_client` are the same client, logged in: use a second one for the visitor.
    from django.test import Client

    visitor = Client()
    path = article.get_absolute_url()
    warm(visitor, path)
    response, queries = get(staff_client, path)
    assert response.status_code == 200 and queries > 0
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    setattr_and_save(article, title_fr="Réservé à l'aperçu")
    get(staff_client, path)  # a staff render is not stored for visitors…
    response, queries = get(visitor, path)
    assert queries > 0  # …so the visitor's next request renders for visitors


@pytest.mark.parametrize(
    ("query", "cached"),
    [("utm_source=tv&fbclid=abc", True), ("page=2", False), ("q=prix", False), ("utm_source=tv&x=1", False)],
)
def test_query_strings_bypass_the_cache_except_tracking_parameters(client, article, query, cached):
    warm(client, article.get_absolute_url())
    response, queries = get(client, f"{article.get_absolute_url()}?{query}")
    assert response.status_code == 200 and (queries == 0) is cached


def test_private_and_cookie_setting_responses_are_not_stored(client):
    response, _queries = get(client, "/admin/login/")  # never_cache, and a CSRF cookie
    assert response.status_code == 200 and response.cookies
    assert pagecache.lookup(pagecache.request_key(response.wsgi_request.META)).entry is None


def test_reading_public_pages_writes_nothing_that_renews_the_cache(client, article, question):
    from tests.site.test_pages import public_urls

    # Searches (a query string) are rendered every time, never cached: the other pages.
    urls = [path for path, _language in public_urls(article, question) if "?" not in path]
    for path in urls:
        warm(client, path)
    token = pagecache.generation_token()
    for path in urls:
        assert get(client, path)[1] == 0, path
    assert pagecache.generation_token() == token


def test_every_content_model_renews_the_cache():
    """Models added later in the content apps are watched too, unless they say they never show publicly."""
    labels = {config.label for config in public_content_apps()}
    assert {"editorial", "pages", "articles", "faq"} <= labels
    for label in labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            watched = model._meta.db_table in pagecache.content_tables()
            assert watched is getattr(model, "affects_public_pages", True), model


def test_wsgi_wrapper_serves_hits_before_django_and_hands_misses_over(client, article):
    page = warm(client, article.get_absolute_url())
    calls = []

    def django_stand_in(environ, start_response):
        calls.append(environ)
        start_response("200 OK", [])
        return [b""]

    application = pagecache.CachedPagesApplication(django_stand_in)
    answers = []

    def call(path):
        environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", "REQUEST_METHOD": "GET"}
        wsgiref.util.setup_testing_defaults(environ)
        body = b"".join(application(environ, lambda status, headers: answers.append((status, dict(headers)))))
        return body

    assert call(article.get_absolute_url()) == page.content and not calls
    status, headers = answers[-1]
    assert status == "200 OK" and headers["ETag"] == page["ETag"] and headers["Cache-Control"] == page["Cache-Control"]
    call("/faq/")  # not cached yet: Django renders it, with the lookup already made
    assert calls and isinstance(calls[0][pagecache.ENVIRON_KEY], pagecache.Lookup)


def test_static_files_are_hashed_and_immutable(client):
    from django.templatetags.static import static

    url = static("css/site.css")
    assert url != "/static/css/site.css"  # a hashed name
    response = client.get(url)
    assert response.status_code == 200 and "immutable" in response["Cache-Control"]


def test_pages_are_rendered_when_redis_is_down(client, settings, article):
    from tests.support.servers import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.PAGE_CACHE_GENERATION_FILE = ""
    for _ in range(2):
        response, queries = get(client, article.get_absolute_url())
        assert response.status_code == 200 and queries > 0
    assert client.get("/readyz").status_code == 503


def test_a_page_with_a_visitors_csrf_token_is_never_stored(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from mesoinfo.pagecache.middleware import PageCacheMiddleware

    def form_page(request):
        return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    request = rf.get("/contact/", headers={"Cookie": "csrftoken=" + "a" * 32})
    request.COOKIES["csrftoken"] = "a" * 32
    response = PageCacheMiddleware(form_page)(request)
    assert response.status_code == 200 and "Cache-Control" not in response.headers
    assert pagecache.lookup(pagecache.request_key(request.META)).entry is None


@pytest.mark.parametrize(
    ("accept_encoding", "encoding"),
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip;q=0.5", "gzip"), ("identity", None), ("*", "br")],
)
def test_cached_pages_are_sent_compressed_when_the_browser_accepts_it(client, article, accept_encoding, encoding):
    import gzip

    import brotli

    page = warm(client, article.get_absolute_url())
    for _ in range(2):  # the render that stores the page, then a hit
        client.get("/faq/", headers={"Accept-Encoding": accept_encoding})
    response, queries = get(client, article.get_absolute_url(), **{"Accept-Encoding": accept_encoding})
    assert queries == 0 and response.get("Content-Encoding") == encoding
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda body: body}[encoding]
    assert decode(response.content) == page.content
    assert len(response.content) < len(page.content) or encoding is None
    assert response["Content-Length"] == str(len(response.content))
    again, _queries = get(
        client, article.get_absolute_url(), **{"Accept-Encoding": accept_encoding, "If-None-Match": response["ETag"]}
    )
    assert again.status_code == 304
    assert (response["ETag"] == page["ETag"]) is (encoding is None)  # one tag per representation
