"""Search engines and other languages: sitemap, hreflang, canonical, titles, JSON-LD, feed, robots.txt.

The crawl starts from sitemap.xml, as a search engine would, over the whole editorial content.
"""

import datetime
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article
from faq.models import Question
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import Status
from mesoinfo.pages.models import Condition, SitePage
from tests.support.factories import make_article, make_question
from tests.support.markup import parse

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
HOST = "http://testserver"


def sitemap(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    entries = {}
    for url in root.findall("sm:url", NS):
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
        entries[url.findtext("sm:loc", namespaces=NS)] = {
            "lastmod": url.findtext("sm:lastmod", namespaces=NS),
            "alternates": alternates,
        }
    return entries


def head(html_page):
    return {
        "canonical": [link["href"] for link in html_page.links("canonical")],
        "hreflang": {link["hreflang"]: link["href"] for link in html_page.links("alternate") if "hreflang" in link},
    }


def graph(html_page):
    assert len(html_page.json_ld) == 1, "one JSON-LD graph per page"
    data = json.loads(html_page.json_ld[0])
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


@pytest.fixture
def content(db):
    ContentLoader().load()
    draft = make_article(Article.objects.first().category, status=Status.DRAFT, slug="brouillon")
    future = make_question(
        Question.objects.first().theme, slug="pas-encore", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    return {"draft": draft, "future": future}


@pytest.fixture
def crawl(client, content):
    """Every page of the sitemap: its sitemap entry, its head links, its parsed HTML."""
    entries = sitemap(client)
    pages = {}
    for url, entry in entries.items():
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, url
        pages[url] = {**entry, "page": parse(response), "html": response.content.decode()}
    return pages


def expected_urls():
    """The absolute address of every published page in every language it exists in."""
    objects = [
        *Article.objects.published(),
        *Question.objects.published(),
        *SitePage.objects.all(),
        *Article.objects.first().category.__class__.objects.all(),
        *Question.objects.first().theme.__class__.objects.all(),
        *Condition.objects.with_published_pages(),
    ]
    urls = set()
    for obj in objects:
        for language in obj.languages:
            with translation.override(language):
                urls.add(HOST + obj.get_absolute_url())
    for language in ("fr", "en"):
        with translation.override(language):
            urls |= {HOST + reverse(name) for name in ("home", "articles:index", "faq:index")}
            urls |= {HOST + reverse(name) for name in ("glossary", "condition_list")}
    return urls


def test_sitemap_lists_every_published_page_in_both_languages_and_nothing_else(client, content):
    entries = sitemap(client)
    assert set(entries) == expected_urls()
    assert len(entries) > 2 * (18 + 32 + 5)
    assert not [url for url in entries if "brouillon" in url or "pas-encore" in url]
    for url, entry in entries.items():
        assert entry["lastmod"], f"{url}: lastmod"
        datetime.date.fromisoformat(entry["lastmod"])
        assert url in entry["alternates"].values(), f"{url}: its own alternate"
        assert entry["alternates"]["x-default"] == entry["alternates"]["fr"], url


def test_hreflang_is_reciprocal_and_matches_the_sitemap(crawl):
    for url, entry in crawl.items():
        links = head(entry["page"])
        assert links["canonical"] == [url], f"{url}: exactly one canonical, itself"
        assert links["hreflang"] == entry["alternates"], f"{url}: head and sitemap disagree"
        for language, other in links["hreflang"].items():
            assert other.startswith("http://testserver/"), f"{url}: {other} is not absolute"
            assert other in crawl, f"{url}: {language} alternate {other} is not in the sitemap"
            assert head(crawl[other]["page"])["hreflang"] == links["hreflang"], f"{other} does not point back to {url}"


def test_titles_and_descriptions_are_unique_per_language(crawl):
    seen_titles, seen_descriptions = {}, {}
    for url, entry in crawl.items():
        page = entry["page"]
        language = page.html_lang
        title = entry["html"].split("<title>", 1)[1].split("</title>", 1)[0]
        [description] = page.meta("description")
        assert description.strip(), url
        assert (language, title) not in seen_titles, f"{url} and {seen_titles.get((language, title))}: same title"
        assert (language, description) not in seen_descriptions, f"{url}: same description as another page"
        seen_titles[(language, title)] = seen_descriptions[(language, description)] = url
        for key in ("og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name", "og:image"):
            assert len(page.meta(key)) == 1 and page.meta(key)[0], f"{url}: {key}"
        assert page.meta("og:url") == [url]


def test_structured_data_of_every_page(crawl):
    medical_pages = faq_pages = evidence_pages = 0
    for url, entry in crawl.items():
        nodes = graph(entry["page"])
        organisation, site = nodes["Organization"], nodes["WebSite"]
        assert organisation["name"] and organisation["url"] == f"{HOST}/"
        assert site["publisher"] == {"@id": organisation["@id"]}
        [page_type] = set(nodes) - {"Organization", "WebSite", "BreadcrumbList"}
        page = nodes[page_type]
        assert page["url"] == url and page["name"] and page["description"], url
        assert page["inLanguage"] == entry["page"].html_lang
        path = urlsplit(url).path
        if path not in ("/", "/en/"):
            trail = nodes["BreadcrumbList"]["itemListElement"]
            assert [step["position"] for step in trail] == list(range(1, len(trail) + 1))
            assert trail[-1]["item"] == url and all(step["item"].startswith(HOST) for step in trail)
            assert page["breadcrumb"] == {"@id": nodes["BreadcrumbList"]["@id"]}
        segments = path.removeprefix("/en").strip("/").split("/")
        if segments[0] in ("articles", "faq") and len(segments) == 3:
            medical_pages += 1
            assert page_type == "MedicalWebPage", url
            datetime.date.fromisoformat(page["lastReviewed"])
            assert page["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
            assert page["about"]["@type"] in ("MedicalProcedure", "MedicalTherapy"), url
            assert page["about"]["name"] == "Mésothérapie"
            assert "reviewedBy" not in page, f"{url}: no medical review is recorded in the content"
            team = "Rédaction MésoInfo" if entry["page"].html_lang == "fr" else "MésoInfo editorial team"
            assert page["author"] == {
                "@type": "Organization",
                "name": team,
                "description": page["author"]["description"],
            }
            if page["about"]["@type"] == "MedicalTherapy":  # an indication page: its evidence box
                evidence_pages += 1
                assert page["about"]["indication"]["name"] and page["about"]["study"]["outcome"], url
                assert page["hasPart"]["cssSelector"] == ".evidence" and page["hasPart"]["text"], url
            assert page["citation"], f"{url}: sources"
        elif segments[0] == "faq":
            faq_pages += 1
            assert page_type == "FAQPage", url
            assert page["mainEntity"], url
            for question in page["mainEntity"]:
                assert question["@type"] == "Question" and question["name"]
                assert question["acceptedAnswer"]["@type"] == "Answer" and question["acceptedAnswer"]["text"]
    published = [*Article.objects.published(), *Question.objects.published()]
    assert medical_pages == sum(len(page.languages) for page in published) > 100
    assert evidence_pages == 2 * Article.objects.published().with_evidence().count() >= 10
    assert faq_pages == 2 * (1 + 8)  # the FAQ index and its eight themes, in both languages


def test_trust_block_on_every_article_and_question(crawl):
    for url, entry in crawl.items():
        if entry["page"].html_lang != "fr" or graph(entry["page"]).get("MedicalWebPage") is None:
            continue
        html = entry["html"]
        trust = html.split('<footer class="page-trust">', 1)[1].split("</footer>", 1)[0]
        for text in ("Rédigé par", "Rédaction MésoInfo</a> (Équipe éditoriale)", "Relecture médicale", "en attente",
                     "Dernière relecture", "Prochaine relecture prévue", "ne remplacent pas une consultation",
                     '<ol class="sources">', "Signaler une erreur"):  # fmt: skip
            assert text in trust, f"{url}: {text!r} missing from the trust block"


def test_reviewer_appears_only_when_recorded(client, article, reviewer):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "reviewedBy" not in html
    article.sign_off(reviewer)  # a physician's sign-off, the only way a page names a reviewer
    article.save()
    doctor = reviewer.contributor
    page = parse(client.get(article.get_absolute_url()))
    node = graph(page)["MedicalWebPage"]
    assert node["reviewedBy"] == {
        "@type": "Person",
        "name": doctor.name,
        "jobTitle": "Docteur en médecine, Médecine physique et de réadaptation",
        "sameAs": f"https://annuaire.esante.gouv.fr/pp/detail/{doctor.rpps}",
    }
    assert node["lastReviewed"] == timezone.localdate().isoformat()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"{doctor.name}</a> (Docteur en médecine, Médecine physique et de réadaptation)" in html
    assert "en attente" not in html


def test_json_ld_cannot_be_broken_out_of(client, category):
    hostile = "Titre </script><script>alert(1)</script> & <!-- fin"
    article = make_article(category, title_fr=hostile)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    page = parse(response)
    assert not page.inline_script
    assert graph(page)["MedicalWebPage"]["name"] == hostile


def test_addresses_follow_the_proxy_scheme_and_the_host(client, settings, article, site_pages):
    settings.ALLOWED_HOSTS = ["mesoinfo.example.org"]
    behind_proxy = {"HTTP_HOST": "mesoinfo.example.org", "HTTP_X_FORWARDED_PROTO": "https"}
    base = "https://mesoinfo.example.org"
    page = parse(client.get(article.get_absolute_url(), **behind_proxy))
    assert head(page)["canonical"] == [base + article.get_absolute_url()]
    assert head(page)["hreflang"]["en"] == f"{base}/en{article.get_absolute_url()}"
    assert graph(page)["MedicalWebPage"]["url"] == base + article.get_absolute_url()
    assert all(url.startswith(base + "/") for url in sitemap(client, **behind_proxy))
    robots = client.get("/robots.txt", **behind_proxy).content.decode()
    assert f"Sitemap: {base}/sitemap.xml" in robots
    feed = client.get("/flux.atom", **behind_proxy).content.decode()
    assert f'href="{base}{article.get_absolute_url()}"' in feed


def test_robots_txt_keeps_crawlers_out_of_the_admin(client, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"
    assert f"Disallow: /{settings.ADMIN_URL}\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Set-Cookie" not in response.headers


def test_robots_txt_does_not_reveal_an_admin_moved_elsewhere(client, settings):
    settings.ADMIN_URL = "gestion-3f9a/"
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/\n" in text and "gestion-3f9a" not in text


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return [
        {
            "title": entry.findtext("atom:title", namespaces=ATOM),
            "link": entry.find("atom:link", ATOM).get("href"),
            "updated": entry.findtext("atom:updated", namespaces=ATOM),
        }
        for entry in root.findall("atom:entry", ATOM)
    ]


def test_feed_lists_published_articles_newest_first(client, content):
    entries = parse_feed(client.get("/flux.atom"))
    published = Article.objects.published()
    assert len(entries) == published.count()
    assert {e["link"] for e in entries} == {HOST + a.get_absolute_url() for a in published}
    assert [e["updated"] for e in entries] == sorted((e["updated"] for e in entries), reverse=True)
    assert not [e for e in entries if "brouillon" in e["link"]]
    english = parse_feed(client.get("/en/feed.atom"))
    assert {e["title"] for e in english} == {a.title_en for a in published}
    assert all(e["link"].startswith(f"{HOST}/en/articles/") for e in english)


def test_untranslated_pages_fall_back_to_french_visibly(client, category, theme):
    article = make_article(category, title_en="", summary_en="", body_en="", meta_description_en="")
    partial = make_article(category, body_en="")  # an English title alone is not a translation
    question = make_question(theme, question_en="", answer_en="")
    category_path, article_path = category.get_absolute_url(), article.get_absolute_url()
    theme_url = theme.get_absolute_url()  # before any request in English changes the active language
    for obj, title in ((article, article.title_fr), (partial, partial.title_fr), (question, question.question_fr)):
        french_url, english_url = obj.get_absolute_url(), f"/en{obj.get_absolute_url()}"
        response = client.get(english_url)
        assert response.status_code == 200
        html = response.content.decode()
        page = parse(response)
        assert page.html_lang == "en"
        assert "This page has not been translated into English yet: here is the French version." in html
        block = html.split('<div class="page-text" lang="fr">', 1)[1]
        assert f"<h1>{title}</h1>" in block.split("</h1>", 1)[0] + "</h1>"
        assert "Skip to content" in html and "Medical review" in html  # the interface stays English
        assert head(page)["canonical"] == [HOST + french_url]
        assert head(page)["hreflang"] == {"fr": HOST + french_url, "x-default": HOST + french_url}
        assert graph(page)["MedicalWebPage"]["inLanguage"] == "fr"
        french = parse(client.get(french_url))
        assert head(french)["hreflang"] == {"fr": HOST + french_url, "x-default": HOST + french_url}
        assert "not been translated" not in client.get(french_url).content.decode()
    entries = sitemap(client)
    for obj in (article, partial, question):
        assert HOST + obj.get_absolute_url() in entries
        assert f"{HOST}/en{obj.get_absolute_url()}" not in entries
        assert "en" not in entries[HOST + obj.get_absolute_url()]["alternates"]
    english_feed = {e["link"] for e in parse_feed(client.get("/en/feed.atom"))}
    assert f"{HOST}/en{article.get_absolute_url()}" not in english_feed
    # English lists leave them out (the pages stay reachable at their addresses); French lists show them.
    home = client.get("/en/").content.decode()
    assert f'href="/en{article_path}"' not in home and article.title_fr not in home
    listing = client.get(f"/en{category_path}").content.decode()
    assert f'href="/en{article_path}"' not in listing and f'href="/en{partial.get_absolute_url()}"' not in listing
    faq = client.get(f"/en{theme_url}")
    assert question.anchor not in faq.content.decode()
    assert question.question_fr not in json.dumps(graph(parse(faq))["FAQPage"], ensure_ascii=False)
    assert f'href="{article_path}"' in client.get(category_path).content.decode()


def test_translated_pages_have_no_fallback_notice(client, article):
    html = client.get(f"/en{article.get_absolute_url()}").content.decode()
    assert "not been translated" not in html and 'lang="fr">' not in html.split("<main", 1)[1].split("</main>")[0]
