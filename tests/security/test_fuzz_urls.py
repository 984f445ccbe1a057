"""Odd requests on public addresses never get a server error (property-based, with hypothesis).

The search page (/recherche/) is included before it exists: today a 404, never a 5xx.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.factories import make_article, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pages(category, theme):
    """Real pages behind the routes below, so the odd requests reach the templates, not only the 404."""
    make_article(category, slug="a-quoi-sert-la-mesotherapie")
    make_question(theme, slug="combien-coute-une-seance")


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PREFIXES = ["", "/en", "/fr", "/de", "/EN", "/en-us", "//", "/./", "/.."]
ROUTES = [
    "/",
    "/articles/",
    "/articles/indications/",
    "/articles/indications/a-quoi-sert-la-mesotherapie/",
    "/faq/",
    "/faq/cout/",
    "/faq/cout/combien-coute-une-seance/",
    "/recherche/",
    "/admin/login/",
    "/favicon.ico",
    "/static/css/site.css",
    "/media/",
]

# Raw bytes as they may come on the wire: percent-encoded, including NUL, controls and invalid UTF-8.
raw_bytes = st.binary(max_size=40).map(lambda data: "".join(f"%{byte:02X}" for byte in data))
odd_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60).map(
    lambda text: quote(text, safe="/?&=%;+")
)
odd_percent = st.sampled_from(["%", "%%", "%G0", "%0", "%u0041", "%C0%AE", "%E2%80", "%FF%FE", "%00", "%2F", "%252F"])
very_long = st.integers(min_value=1_000, max_value=20_000).map(lambda n: "a" * n)
segment = st.one_of(raw_bytes, odd_text, odd_percent, very_long, st.sampled_from(["..", ".", "%2e%2e", "~", ";x"]))
value = st.one_of(
    st.sampled_from(["", "0", "-1", "1", "2", "9" * 30, "1e9", "nan", "1.5", "0x10", "last", "é"]),
    raw_bytes,
    odd_text,
    odd_percent,
    very_long,
)
query_name = st.sampled_from(["q", "page", "lang", "next", "q[]", "", "%00", "page%00"])


@st.composite
def requests(draw):
    path = draw(st.sampled_from(PREFIXES)) + draw(st.sampled_from(ROUTES))
    if draw(st.booleans()):
        path += draw(segment) + draw(st.sampled_from(["", "/"]))
    pairs = draw(st.lists(st.tuples(query_name, value), max_size=4))
    query = "&".join(f"{name}={val}" for name, val in pairs)
    return path, query


@FUZZ
@given(request=requests())
def test_odd_urls_and_query_strings_never_cause_a_server_error(client, request):
    path, query = request
    response = client.get(path, QUERY_STRING=query)
    assert response.status_code < 500, (path, query[:200])


@FUZZ
@given(q=value, page=value, prefix=st.sampled_from(["", "/en"]))
def test_search_and_pagination_parameters_never_cause_a_server_error(client, q, page, prefix):
    for path in (f"{prefix}/recherche/", f"{prefix}/articles/", f"{prefix}/faq/", f"{prefix}/"):
        response = client.get(path, QUERY_STRING=f"q={q}&page={page}")
        assert response.status_code < 500, (path, q[:100], page[:100])


@FUZZ
@given(
    language=st.one_of(st.text(max_size=40), st.sampled_from(["en", "fr", "*", "en;q=x", "zz-ZZ", "en-GB,fr;q=0.5"])),
    cookie=st.one_of(
        st.text(max_size=80), st.sampled_from(["django_language=en", "django_language=%00", "sessionid=x"])
    ),
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"]),
)
def test_odd_headers_and_methods_never_cause_a_server_error(client, language, cookie, method):
    headers = {"accept-language": language.encode("latin-1", "ignore").decode("latin-1")}
    cookie = cookie.encode("latin-1", "ignore").decode("latin-1")
    response = client.generic(method, "/faq/", headers=headers, HTTP_COOKIE=cookie)
    assert response.status_code < 500, (method, language, cookie)
