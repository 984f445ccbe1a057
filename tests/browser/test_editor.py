"""The admin's rich-text editor in a real Chromium, under the admin's Content-Security-Policy."""

import pytest

from articles.models import Article, Category
from mesoinfo.editorial.content import ContentLoader
from tests.support.factories import make_medical_reviewer, make_staff

pytestmark = pytest.mark.browser

PASTED = '<p>Texte collé <strong>depuis un traitement de texte</strong></p><img src="x" onerror="window.hacked = 1">'


def log_in(page, site, user):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")


def paste_html(page, editor, html):
    """A paste as the browser delivers it: a paste event whose clipboard holds text/html."""
    editor.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", html.replace(/<[^>]+>/g, ""));
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        html,
    )


def test_staff_writes_an_article_in_the_editor_and_sees_it_rendered(site, page, screenshot):
    reviewer = make_staff("medecin", "Relecture médicale")
    make_medical_reviewer(reviewer)  # a physician, who signs off what they put online
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, site, reviewer)

    page.goto(site + "/admin/articles/article/add/")
    page.fill("#id_title_fr", "Préparer sa séance")
    page.select_option("#id_category", str(Category.objects.get(slug="technique").pk))
    page.fill("#id_summary_fr", "Quelques conseils simples avant une séance.")
    page.fill("#id_essentials_fr", "Une séance se prépare en quelques gestes simples. Les voici, point par point.")

    body = page.locator("#tab_id_body_fr")
    editor = body.locator("[contenteditable=true]")
    editor.click()
    assert body.locator("button[data-name=heading2]").get_attribute("title") == "Titre de section (niveau 2)"
    body.locator("button[data-name=heading2]").click()
    page.keyboard.type("Avant la séance")
    page.keyboard.press("Enter")
    page.keyboard.type("Quelques conseils :")
    page.keyboard.press("Enter")
    body.locator("button[data-name=bulletList]").click()
    page.keyboard.type("boire de l'eau")
    page.keyboard.press("Enter")
    page.keyboard.type("venir sans crème sur la peau")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    paste_html(page, editor, PASTED)
    assert editor.locator("img").count() == 0, "the pasted image is dropped at once"
    page.keyboard.press("Enter")
    page.keyboard.type("Lire la fiche de la HAS")
    page.keyboard.down("Shift")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    page.keyboard.up("Shift")
    body.locator("button[data-name=link]").click()
    dialog = page.locator("dialog[open]")
    # A new link: the dialog says so, in French (not "Modifier le lien" / "Mettre à jour").
    assert "Insérer un lien" in dialog.inner_text() and "Modifier" not in dialog.inner_text()
    assert dialog.locator("button[type=submit]").inner_text() == "Insérer le lien"
    dialog.locator("input[name=href]").fill("https://www.has-sante.fr/")
    dialog.locator("button[type=submit]").click()
    editor.locator("a[href='https://www.has-sante.fr/']").wait_for()
    # Changing it: the same dialog now says "change".
    editor.locator("a[href='https://www.has-sante.fr/']").click()
    body.locator("button[data-name=link]").click()
    assert "Modifier le lien" in dialog.inner_text()
    assert dialog.locator("button[type=submit]").inner_text() == "Mettre à jour le lien"
    assert dialog.locator("input[name=href]").input_value() == "https://www.has-sante.fr/"
    dialog.locator("button", has_text="Annuler").click()
    page.select_option("#id_status", "published")
    page.check("#id_sign_off")
    screenshot(page, "admin-editor")
    page.click("input[name=_save]")
    page.wait_for_url(site + "/admin/articles/article/")
    assert page.problems.messages == []

    article = Article.objects.get(title_fr="Préparer sa séance")
    for forbidden in ("<img", "onerror", "hacked"):
        assert forbidden not in article.body_fr
    assert "<h2>Avant la séance</h2>" in article.body_fr, article.body_fr
    assert '<a href="https://www.has-sante.fr/"' in article.body_fr, article.body_fr
    assert "Texte collé <strong>depuis un traitement de texte</strong>" in article.body_fr

    page.goto(site + article.get_absolute_url())
    prose = page.locator(".prose")
    assert prose.locator("h2").first.inner_text() == "Avant la séance"
    assert prose.locator("ul li").all_inner_texts() == ["boire de l’eau", "venir sans crème sur la peau"]
    assert prose.locator("a[href='https://www.has-sante.fr/']").inner_text() == "HAS"
    assert prose.locator("img").count() == 0
    assert page.evaluate("window.hacked") is None and dialogs == []
    screenshot(page, "article-written-in-the-editor")
    assert page.problems.messages == []


def test_saving_from_the_editor_keeps_the_skin_diagram(site, page):
    ContentLoader().load()
    reviewer = make_staff("medecin", "Relecture médicale")
    log_in(page, site, reviewer)
    article = Article.objects.get(slug="techniques-et-profondeurs")
    page.goto(site + f"/admin/articles/article/{article.pk}/change/")
    page.locator("#tab_id_body_fr [contenteditable=true] img").wait_for()
    page.click("input[name=_save]")
    page.wait_for_url(site + "/admin/articles/article/")
    article.refresh_from_db()
    assert '<img src="/static/img/peau-profondeurs.svg"' in article.body_fr
    assert "<figcaption>" in article.body_fr
    assert page.problems.messages == []
