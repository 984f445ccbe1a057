"""The weight budget of an article page, measured in Chromium: requests, bytes, hosts, fonts, layout shift."""

import pytest

from articles.models import Article
from mesoinfo.editorial.content import ContentLoader

pytestmark = pytest.mark.browser

MAX_REQUESTS = 6
MAX_KILOBYTES = 60

MEASURE = """() => new Promise(resolve => {
  let shift = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) shift += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    resolve({
      shift,
      bytes: entries.filter(e => e.initiatorType !== 'img').reduce((sum, e) => sum + e.transferSize, 0),
      blocking: document.querySelectorAll('head script[src]:not([defer]):not([async]):not([type=module])').length,
    });
  }, 500);
})"""


def test_article_page_stays_within_its_budget(site, new_page):
    ContentLoader().load()
    article = Article.objects.get(slug="techniques-et-profondeurs")
    page = new_page(viewport={"width": 390, "height": 844})
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.goto(site + article.get_absolute_url(), wait_until="load")
    figures = page.evaluate(MEASURE)

    before_images = [r for r in requests if r.resource_type != "image"]
    print(
        f"\narticle page: {len(before_images)} requests before images ({len(requests)} in all), "
        f"{figures['bytes'] / 1024:.1f} KB transferred before images, layout shift {figures['shift']:.3f}"
    )
    assert len(before_images) <= MAX_REQUESTS, [r.url for r in before_images]
    assert figures["bytes"] <= MAX_KILOBYTES * 1024
    assert all(r.url.startswith(site) for r in requests), "no request to another host"
    assert not [r for r in requests if r.resource_type == "font"], "system fonts only"
    assert figures["blocking"] == 0, "no render-blocking script"
    assert figures["shift"] == 0
