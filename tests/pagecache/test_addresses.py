"""A request says nothing about the page's address beyond what the settings trust (pagecache/addresses.py).

Each test sends what an attacker sent to the running site, through the WSGI application as gunicorn calls it
(the environ gunicorn builds from those headers), then what a visitor sends, and looks at what the visitor got.
"""

import logging
import re
import wsgiref.util
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.test import override_settings

from mesoinfo.pages.models import SiteSettings
from mesoinfo.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_test_connection", "article")]

HOSTS = ["testserver", "localhost", "127.0.0.1"]


def get(path, host="localhost", **environ):
    """(status, headers, body) of a GET through the whole WSGI application."""
    base = {"PATH_INFO": path, "HTTP_HOST": host, "SERVER_NAME": "localhost", "SERVER_PORT": "80"}
    environ = {**base, **environ}
    wsgiref.util.setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=int(status.split()[0]), headers=dict(headers))

    body = b"".join(application(environ, start_response)).decode()
    return answer["status"], answer["headers"], body


def links(html):
    return re.findall(r'(?:href|src|content)="([^"]*)"', html)


def foreign(html):
    """The addresses of a page that lead to another host, as a browser reads them (it takes a backslash for a
    slash and drops tabs and line breaks)."""
    found = []
    for link in links(html):
        address = re.sub(r"[\t\n\r]", "", link.replace("&amp;", "&")).replace("\\", "/")
        host = urlsplit(urljoin("http://localhost/page/", address)).hostname
        if host not in (None, "localhost", "testserver", "127.0.0.1", "mesoinfo.example"):
            found.append(link)
    return found


@pytest.fixture(autouse=True)
def _site_settings():
    SiteSettings.load()  # the site's first request creates them: a write that renews the cache


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_a_script_name_header_cannot_make_one_page_answer_for_another():
    get("/")  # the site has served a page since the last edit
    # `curl -H 'SCRIPT_NAME: /faq' http://127.0.0.1:8000/faq/`: gunicorn cut /faq off the path.
    status, _headers, _page = get("/", SCRIPT_NAME="/faq")
    assert status == 200
    _status, _headers, served = get("/faq/")  # what every visitor gets next
    cache.clear()
    _status, _headers, faq = get("/faq/")
    assert served == faq
    assert re.search(r"<h1[^>]*>\s*Questions fréquentes", faq, re.IGNORECASE), "the FAQ page, not the home page"


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_a_script_name_header_cannot_put_another_host_in_the_page():
    status, _headers, page = get("/faq/", SCRIPT_NAME="//evil.example")
    assert status in (200, 404) and not foreign(page)
    _status, _headers, page = get("/faq/")
    assert not foreign(page)


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_a_thousand_ports_add_no_cache_entry():
    get("/faq/")
    before = len(cache._cache)
    for port in range(1000, 1200):
        status, _headers, _page = get("/faq/", host=f"localhost:{port}")
        assert status == 200
    assert len(cache._cache) == before


@override_settings(ALLOWED_HOSTS=HOSTS)
@pytest.mark.parametrize("host", ["localhost:99999999999999999999", "localhost:0", "localhost:65536"])
def test_a_port_that_is_not_a_port_is_refused(host):
    status, _headers, page = get("/faq/", host=host)
    assert status == 400 and "99999" not in page


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_the_host_is_written_in_its_canonical_form():
    for host in ("localhost.", "LOCALHOST", "localhost:80", "localhost.:0080"):
        status, _headers, page = get("/faq/", host=host)
        assert status == 200
        assert re.search(r'<link rel="canonical" href="http://localhost/faq/"', page), host


@override_settings(ALLOWED_HOSTS=[*HOSTS, "mesoinfo.example"], SITE_URL="https://mesoinfo.example")
def test_canonical_addresses_come_from_the_configured_site_address():
    before = None
    for host in ("localhost:1234", "127.0.0.1", "mesoinfo.example."):
        _status, _headers, page = get("/faq/", host=host, HTTP_X_FORWARDED_PROTO="https")
        addresses = [link for link in links(page) if link.startswith("http")]
        assert addresses and all(link.startswith("https://mesoinfo.example/") for link in addresses), host
        assert before in (None, page), "one page, one entry, whatever the host"
        before = page


@override_settings(ALLOWED_HOSTS=HOSTS)
@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/faq/",
        "/en//evil.example/faq/",
        "/\\evil.example/faq/",
        "/\t/evil.example/",
        "/en/\\/evil.example/",
    ],
)
def test_links_built_from_the_request_path_stay_on_the_site(path, client):
    _status, _headers, page = get(path)
    assert not foreign(page), path
    response = client.get(path)
    assert not foreign(response.content.decode()), path


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_a_bad_host_logs_one_line(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        response = client.get("/faq/", HTTP_HOST="evil.example\u2028\nforged: line")
    assert response.status_code == 400
    (record,) = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.exc_info is None and record.exc_text is None
    line = logging.Formatter().format(record)
    assert "\n" not in line and "evil.example" in line and len(line) < 400
