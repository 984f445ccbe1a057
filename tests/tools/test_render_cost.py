"""`manage.py render_cost`: the cost of one uncached render, which `make bench` prints under its table."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mesoinfo.pages.models import SiteSettings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_test_connection")]


def rows(*arguments):
    out = io.StringIO()
    call_command("render_cost", *arguments, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["address", "CPU"] and lines[-1].startswith("(means per request over")
    return {line.split()[0]: line.split()[1:] for line in lines[1:-1]}


def test_it_reports_the_cpu_templates_and_queries_of_each_address(client, article):
    SiteSettings.load()  # the site's first request creates them: a write, not part of a render
    address = article.get_absolute_url() + "?rendu=1"
    cpu, templates, count, database, most, best, calls = rows(
        address, "/recherche/?q=prix", "--requests", "3", "--ceiling", "5000"
    )[address]
    with CaptureQueriesContext(connection) as queries:  # last: the test client reconnects close_old_connections
        assert client.get(address).status_code == 200
    assert 0 < float(templates) < float(cpu)
    assert int(count) == len(queries) > 0  # the page's own queries, as the test client saw them
    if connection.vendor == "postgresql":
        assert float(database) >= 0
    else:
        assert database == "n/a"
    total = float(cpu) + (0 if database == "n/a" else float(database))
    assert float(best) == pytest.approx(float(most.removesuffix("/s")) / 5000, abs=0.002)
    assert float(most.removesuffix("/s")) <= 1000 * 64 / total  # cores × 1000 / ms, for any machine up to 64 cores
    assert int(calls) > 1000  # a page goes through Django, its middleware, a view and templates


def test_the_calls_of_a_render_barely_change_from_one_run_to_the_next(article):
    address = article.get_absolute_url() + "?rendu=1"
    first, second = (int(rows(address, "--requests", "2")[address][-1]) for _ in range(2))
    # A few calls in tens of thousands may differ with the state of the process's caches; CPU time, by a fifth.
    assert abs(first - second) <= first / 200


def test_by_default_it_measures_an_article_and_a_search(article):
    assert set(rows("--requests", "1")) == {article.get_absolute_url() + "?rendu=1", "/recherche/?q=prix"}


def test_an_address_that_is_not_a_page_or_no_content_is_a_clear_error(db):
    with pytest.raises(CommandError, match=r"/nulle-part/\?x=1 answered 404, not 200"):
        rows("/nulle-part/?x=1", "--requests", "1")
    with pytest.raises(CommandError, match="No published article"):
        rows()
    with pytest.raises(CommandError, match="--requests must be 1 or more"):
        rows("/", "--requests", "0")


def test_floor_measures_what_every_render_starts_from(client, article, site_pages):
    SiteSettings.load()  # as above: created by the site's first request, not by a render
    out = io.StringIO()
    call_command("render_cost", "/robots.txt?x=1", "--floor", "--requests", "30", stdout=out)
    lines = out.getvalue().splitlines()
    start = lines.index("What every render here starts from:")
    floor = [line.rsplit(None, 6) for line in lines[start + 1 : -1]]
    names = [name for name, *_ in floor]
    assert names == [
        "request, no template, no query (/robots.txt?x=1)",
        "one query in SQL: an article's title",
        "the same query through the ORM",
        "the ORM: an article, its category and authors",
        f"simplest page: one query, layout ({site_pages[0].slug})",
    ]
    cpu = {name: float(values[0]) for name, *values in floor}
    templates = [float(values[1]) for _name, *values in floor]
    counts = [int(values[2]) for _name, *values in floor]
    with CaptureQueriesContext(connection) as page_queries:
        assert client.get(site_pages[0].get_absolute_url() + "?rendu=1").status_code == 200
    assert counts == [0, 1, 1, 1, len(page_queries)]
    assert templates[:4] == [0, 0, 0, 0] and templates[4] > 0  # only the page renders a template
    # The ORM builds the query and its result objects: on any machine, more work than the SQL alone (which, on
    # SQLite in memory, can take less than the 0.01 ms the table shows).
    assert cpu["the same query through the ORM"] > cpu["one query in SQL: an article's title"] >= 0
    calls = {name: int(values[-1]) for name, *values in floor}
    assert calls["the same query through the ORM"] > 5 * calls["one query in SQL: an article's title"] > 0
    assert lines[-1].startswith("(means per request over 30 requests")


def test_floor_needs_an_article_and_a_site_page(article):
    with pytest.raises(CommandError, match="--floor needs a published article and a site page"):
        call_command("render_cost", "/robots.txt?x=1", "--floor", "--requests", "1", stdout=io.StringIO())
