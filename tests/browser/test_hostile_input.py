"""Hostile input saved through the admin, opened in a real Chromium: no dialog, no injected script runs.

Every French page is opened with the Content-Security-Policy switched off, to prove that escaping and
sanitising alone make the payloads inert; the pages that gather everything (home, indexes, the first
object of each kind, the 404 page, in both languages) are opened under the policy too, which must then
report no violation, since nothing injected may even reach the page. (tests/security/test_hostile_input.py
checks the markup of every page, English included, without a browser.)
"""

import pytest

from tests.support import hostile_site

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
"""


def open_watched(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate("() => ({xss: window.__xss ?? null, violations: window.__violations})")


def test_hostile_input_runs_nothing_in_the_browser(site, client, django_user_model, new_page):
    client.force_login(django_user_model.objects.create_superuser("attaquant", "a@example.org", "x" * 20))
    pages = hostile_site.build(client)
    with_policy = new_page()
    without_policy = new_page(bypass_csp=True)
    dialogs = []
    for page in (with_policy, without_policy):
        page.add_init_script(WATCH)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    gathering = [
        url for url in pages if url.removeprefix("/en").count("/") <= 2 or "xss-0/" in url or "inexistante" in url
    ]
    for url in gathering:
        assert open_watched(with_policy, site + url) == {"xss": None, "violations": []}, url
    for url in pages:
        if not url.startswith("/en/") or url in gathering:
            assert open_watched(without_policy, site + url)["xss"] is None, url
    assert dialogs == []
    # The payloads are on the pages, shown as text.
    with_policy.goto(site + pages[-1].removeprefix("/en"))
    assert "window.__xss" in with_policy.locator("main").inner_text()


def test_the_watch_would_see_a_script_run(site, new_page):
    """The same watch on a page where a script does run: it reports it (the test above can fail)."""
    page = new_page(bypass_csp=True)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    page.goto(site + "/")
    page.evaluate("() => { window.__xss = 1; alert('injecté'); }")
    assert open_watched(page, site + "/")["xss"] is None  # a new page starts clean
    page.set_content("<img src=x onerror=\"window.__xss=2;alert('img')\">")
    page.wait_for_function("() => window.__xss === 2")
    assert dialogs == ["injecté", "img"]
