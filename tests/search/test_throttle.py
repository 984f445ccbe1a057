"""The per-client limit on searches: SEARCH_RATE_LIMIT a minute, counted in the cache, without cookie; then
HTTP 429 with Retry-After and a page in the visitor's language; and the machine's bound on searches worked out
at once: beyond it, HTTP 503 at once."""

import fcntl
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from mesoinfo.search import throttle
from tests.support.markup import parse

pytestmark = pytest.mark.django_db


# The middle of a minute: counts are per minute, and a test that crossed a minute's end would start afresh.
MID_MINUTE = 1_800_000_030.0


@pytest.fixture(autouse=True)
def _limit(settings, monkeypatch):
    settings.SEARCH_RATE_LIMIT = 30
    settings.SEARCH_CACHE_SECONDS = 0
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: MID_MINUTE))


def searches(client, count, prefix="", **headers):
    return [client.get(f"{prefix}/recherche/", {"q": f"prix {n}"}, **headers).status_code for n in range(count)]


def refusal(client, status, french_heading, english_heading):
    """A search refused with `status`: at once, on a short page in the visitor's language, never kept."""
    response = client.get("/recherche/", {"q": "prix"})
    assert response.status_code == status
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers and not response.cookies
    page = parse(response)
    assert page.html_lang == "fr" and page.count("h1") == 1
    html = response.content.decode()
    assert f"<h1>{french_heading}</h1>" in html
    assert f"Réessayez dans {response['Retry-After']} seconde" in html
    assert 'href="/faq/"' in html and 'href="/articles/"' in html
    english = client.get("/en/search/", {"q": "price"})
    assert english.status_code == status and f"<h1>{english_heading}</h1>" in english.content.decode()
    return response


def test_a_client_searching_too_often_gets_a_french_429_page(client, question):
    assert set(searches(client, 30)) == {200}
    response = refusal(client, 429, "Trop de recherches", "Too many searches")
    assert 1 <= int(response["Retry-After"]) <= 60


def test_other_clients_still_search(client, question):
    searches(client, 31)
    assert client.get("/recherche/", {"q": "prix"}).status_code == 429
    assert client.get("/recherche/", {"q": "prix"}, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_behind_the_proxy_each_visitor_counts_apart(client, settings, question):
    settings.TRUSTED_PROXY_COUNT = 1
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert set(searches(client, 30, **first)) == {200}
    assert client.get("/recherche/", {"q": "prix"}, **first).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert client.get("/recherche/", {"q": "prix"}, **other).status_code == 200
    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.1"}  # the client's own entry is not trusted
    assert client.get("/recherche/", {"q": "prix"}, **forged).status_code == 429


def test_the_search_page_without_a_query_and_other_pages_are_not_counted(client, question):
    for _ in range(40):
        assert client.get("/recherche/").status_code == 200
        assert client.get("/faq/?x=1").status_code == 200
    assert client.get("/recherche/", {"q": "prix"}).status_code == 200


def test_the_count_starts_again_each_minute_and_keeps_no_address():
    request = RequestFactory().get("/recherche/", {"q": "prix"}, REMOTE_ADDR="192.0.2.55")
    start = 1_000_000 * 60 + 10
    assert all(throttle.allow(request, now=start + n)[0] for n in range(30))
    allowed, retry_after = throttle.allow(request, now=start + 30)
    assert (allowed, retry_after) == (False, 20)
    assert throttle.allow(request, now=start + 49.5)[0] is False
    assert throttle.allow(request, now=start + 50)[0] is True  # the next minute
    assert not [key for key in cache._cache if "192.0.2.55" in key]


def test_no_limit_when_it_is_off(client, settings, question):
    settings.SEARCH_RATE_LIMIT = 0
    assert set(searches(client, 40)) == {200}


@pytest.fixture
def one_slot(settings, tmp_path):
    settings.SEARCH_CONCURRENCY = 1
    settings.SEARCH_SLOTS_FILE = str(tmp_path / "search-slot")
    return f"{settings.SEARCH_SLOTS_FILE}.0"


@contextmanager
def held(path):
    """The slot taken as another worker takes it: its own open file, locked with flock."""
    with open(path, "a") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


def test_when_every_search_slot_is_taken_a_search_is_refused_at_once_in_french(client, question, one_slot):
    with held(one_slot):
        response = refusal(client, 503, "La recherche est très demandée", "Search is busy")
        assert response["Retry-After"] == str(throttle.BUSY_RETRY_AFTER)
        # Pages that are not searches are not bounded, nor the help shown for an empty box.
        assert client.get("/recherche/").status_code == 200
        assert client.get("/recherche/", {"q": "  "}).status_code == 200
        assert client.get(question.get_absolute_url()).status_code == 200
    assert client.get("/recherche/", {"q": "prix"}).status_code == 200


def test_a_search_gives_its_slot_back(client, question, one_slot):
    for n in range(3):
        assert client.get("/recherche/", {"q": f"prix {n}"}).status_code == 200
    with held(one_slot):  # free again: the test takes it without waiting
        pass
    # A search that fails to parse gives it back too.
    assert client.get("/recherche/", {"q": "x" * 500}).status_code == 400
    with held(one_slot):
        pass


def test_a_search_answered_from_the_cache_needs_no_slot(client, question, one_slot, settings):
    settings.SEARCH_CACHE_SECONDS = 600
    for _ in range(2):  # the page cache's generation, which pages of results are kept under
        client.get("/")
    first = client.get("/recherche/", {"q": "prix"})
    assert first.status_code == 200
    with held(one_slot):
        again = client.get("/recherche/", {"q": "prix"})
    assert again.status_code == 200 and again.content == first.content


def test_without_a_bound_searches_take_no_slot(client, question, settings, tmp_path):
    settings.SEARCH_CONCURRENCY = 0
    settings.SEARCH_SLOTS_FILE = str(tmp_path / "search-slot")
    assert client.get("/recherche/", {"q": "prix"}).status_code == 200
    assert not list(tmp_path.iterdir())


def test_a_flood_of_refusals_writes_one_log_line_not_one_each(client, question, one_slot, caplog, settings):
    settings.SEARCH_RATE_LIMIT = 2
    throttle._logged_minute.clear()
    with caplog.at_level("INFO"):
        statuses = [client.get("/recherche/", {"q": f"prix {n}"}).status_code for n in range(10)]
        with held(one_slot):
            client.get("/recherche/", {"q": "prix"}, REMOTE_ADDR="192.0.2.8")
            client.get("/recherche/", {"q": "prix"}, REMOTE_ADDR="192.0.2.9")
    assert statuses == [200, 200] + [429] * 8
    lines = [record.getMessage() for record in caplog.records]
    assert sum("refused with 429" in line for line in lines) == 1
    assert sum("refused with 503" in line for line in lines) == 1
    assert not any(record.name == "django.request" for record in caplog.records), lines
