"""Sources that can be checked: each has an address or says why it has none, and a document is cited under
one title, one publisher and one year wherever it is cited."""

import re
import unicodedata
from pathlib import Path

import pytest

from articles.content import ArticlesLoader
from articles.models import Source
from mesoinfo.editorial.content import ContentError, ContentLoader, Report
from tests.support.factories import make_article

pytestmark = pytest.mark.django_db


def normalised(title):
    """A title without case, accents, apostrophes, quotes or punctuation: two titles that differ only in
    typography are the same title written differently."""
    decomposed = unicodedata.normalize("NFKD", title.lower())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+", letters))


def source_problems(sources):
    """What is wrong with a list of sources (each with the article that cites it): [] when nothing is."""
    problems = []
    by_url, by_title, by_form = {}, {}, {}
    for source in sources:
        where = f"{source.article.slug}: {source.title!r}"
        if not source.url and not source.no_address:
            problems.append(f"{where}: neither an address nor a mark saying why there is none")
        if source.url and source.no_address:
            problems.append(f"{where}: an address and a mark saying there is none")
        if source.no_address and source.no_address not in Source.NoAddress.values:
            problems.append(f"{where}: unknown no_address {source.no_address!r}")
        document = (source.publisher, source.year, source.url or source.no_address)
        if source.url:
            by_url.setdefault(source.url, set()).add((source.title, source.publisher, source.year))
        by_title.setdefault(source.title, set()).add(document)
        by_form.setdefault(normalised(source.title), set()).add(source.title)
    for url, cited in by_url.items():
        if len(cited) > 1:
            problems.append(f"{url} is cited under different titles: {sorted(map(str, cited))}")
    for title, documents in by_title.items():
        if len(documents) > 1:
            problems.append(f"{title!r}: different publishers, years or addresses: {sorted(map(str, documents))}")
    for titles in by_form.values():
        if len(titles) > 1:
            problems.append(f"one title written differently: {sorted(titles)}")
    return problems


def test_every_source_can_be_checked_and_is_cited_the_same_way_everywhere():
    ContentLoader().load()
    sources = list(Source.objects.select_related("article"))
    assert len(sources) > 50
    assert source_problems(sources) == []
    marks = {source.get_no_address_display() for source in sources if source.no_address}
    assert marks <= {"Document non disponible en ligne", "Adresse en ligne non vérifiée"}


def test_the_check_sees_a_source_without_address_and_a_document_under_two_titles(category):
    first, second = make_article(category), make_article(category)
    report = "https://example.org/rapport.pdf"
    sources = [
        Source(article=first, title="Rapport sur la mésothérapie", publisher="HAS", year=2014, url=report),
        Source(article=second, title="Rapport sur les injections", publisher="HAS", year=2014, url=report),
        Source(article=first, title="Information pour les patients", publisher="Société", year=2016),
        Source(article=second, title="Évaluation des risques", publisher="HAS", year=2014, no_address="not_verified"),
        Source(article=first, title="Evaluation des risques", publisher="HAS", year=2014, no_address="not_verified"),
    ]
    problems = source_problems(sources)
    assert any("different titles" in problem for problem in problems)
    assert any("neither an address" in problem for problem in problems)
    assert any("written differently" in problem for problem in problems)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('title = "Rapport"\npublisher = "HAS"\nyear = 2014\n', "either its url or no_address"),
        (
            'title = "Rapport"\nurl = "https://example.org/"\nno_address = "not_online"\n',
            "either its url or no_address",
        ),
        ('title = "Rapport"\nno_address = "lost"\n', "no_address must be one of"),
    ],
)
def test_the_loader_refuses_a_source_that_cannot_be_checked(tmp_path, source, message):
    ContentLoader().load()  # the categories and the contributors the file names
    folder = tmp_path / "indications"
    folder.mkdir()
    original = Path(__file__).resolve().parents[2] / "articles/content/indications/autres-usages.toml"
    text = original.read_text(encoding="utf-8").split("[[sources]]")[0]
    (folder / "autres-usages.toml").write_text(f"{text}[[sources]]\n{source}", encoding="utf-8")
    loader = ArticlesLoader(tmp_path, Report())
    with pytest.raises(ContentError, match=message):
        loader.load_article(folder / "autres-usages.toml")
