"""The tasks a clinic secretary does in the admin, driven in a real Chromium at 1366 × 768 (a laptop), under
the admin's Content-Security-Policy: edit a paragraph with bold and a link, insert an image at the cursor,
create a question as a draft, preview it, publish it, compare two versions, restore one.

Each task counts its clicks and screens (pages loaded) and prints them; a screenshot of each screen goes to
test-artifacts/admin-*.png."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from articles.models import Article, ArticleImage
from faq.models import Question, Theme
from mesoinfo.editorial.content import ContentLoader
from mesoinfo.editorial.models import Status
from tests.support.browser import image_shown
from tests.support.factories import make_medical_reviewer, make_staff

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}


class Task:
    """A task as staff do it: clicks and the screens they lead to are counted, each screen photographed."""

    def __init__(self, page, site, screenshot, name):
        self.page, self.site, self.take, self.name = page, site, screenshot, name
        self.clicks = 0
        self.screens = 0
        page.on("framenavigated", lambda frame: frame == page.main_frame and self._screen())

    def _screen(self):
        self.screens += 1

    def click(self, target, **options):
        self.clicks += 1
        (self.page.locator(target) if isinstance(target, str) else target).click(**options)

    def shot(self, step):
        if self.page.locator("dialog[open]").count():  # a dialog shows over the window, not over the whole page
            self.page.screenshot(path=self.take.folder / f"admin-{self.name}-{step}.png")
        else:
            self.take(self.page, f"admin-{self.name}-{step}")

    def report(self):
        line = f"{self.name}: {self.clicks} clicks, {self.screens} screens"
        print(line)
        return line


def spot_in(paragraph, where):
    """Where to click into a paragraph of the editor: at its "start", or at the "end" of its last line. Measured
    once the page is still (the editor started, its icon font in), so that the box stays where it is measured."""
    paragraph.page.problems.wait_until_quiet()
    box = paragraph.bounding_box()
    return {"x": 1, "y": 4} if where == "start" else {"x": box["width"] - 2, "y": box["height"] - 4}


def text_before_cursor(paragraph):
    """The paragraph's text from its start to the cursor (None when the cursor is not in it)."""
    return paragraph.evaluate(
        """p => {
            const selection = getSelection();
            if (!selection.rangeCount || !p.contains(selection.anchorNode)) return null;
            const range = document.createRange();
            range.setStart(p, 0);
            range.setEnd(selection.anchorNode, selection.anchorOffset);
            return range.toString();
        }"""
    )


@pytest.fixture
def laptop(new_page):
    return new_page(viewport=LAPTOP)


@pytest.fixture
def serve_media(media_root):
    """Uploads go to a temporary MEDIA_ROOT; the browser gets them from there (DEBUG is off: Django does not
    serve them, the proxy would)."""

    def route(page):
        def fulfil(route):
            path = Path(settings.MEDIA_ROOT) / route.request.url.split("/media/", 1)[1].split("?")[0]
            if path.is_file():
                content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[path.suffix[1:]]
                route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": content_type})
            else:
                route.fulfill(status=404, body="")

        page.route("**/media/**", fulfil)

    return route


def log_in(page, site, user):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")


def photo(tmp_path):
    image = Image.new("RGB", (1600, 1000), (190, 140, 110))
    for x in range(0, 1600, 80):
        image.paste((60, 90, 150), (x, 0, x + 30, 1000))
    path = tmp_path / "seance.jpg"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_edit_a_paragraph_with_bold_and_a_link(site, laptop, screenshot):
    ContentLoader().load()
    writer = make_staff("secretaire", "Rédaction")
    article = Article.objects.get(slug="prix-et-remboursement")
    log_in(laptop, site, writer)
    task = Task(laptop, site, screenshot, "edit-paragraph")
    laptop.goto(site + "/admin/articles/article/")
    task.click(laptop.get_by_role("link", name=article.title_fr))
    body = laptop.locator("#tab_id_body_fr")
    editor = body.locator("[contenteditable=true]")
    paragraph = editor.locator("p").first
    task.click(paragraph, position=spot_in(paragraph, "end"))
    after = " Voir la fiche de l'Assurance maladie."
    laptop.keyboard.type(" Demandez toujours un devis écrit." + after)
    assert paragraph.inner_text().endswith(" Demandez toujours un devis écrit." + after)
    task.shot("1-form")

    def press(key, times, select=False):
        if select:
            laptop.keyboard.down("Shift")
        for _ in range(times):
            laptop.keyboard.press(key)
        if select:
            laptop.keyboard.up("Shift")

    press("ArrowLeft", len(after))
    press("ArrowLeft", len("devis écrit."), select=True)
    task.click(body.locator("button[data-name=bold]"))
    # Back to the end of the paragraph with a click (arrow presses counted from the toolbar's button could be
    # lost while the editor took its focus back), then select the words before the final full stop.
    task.click(paragraph, position=spot_in(paragraph, "end"))
    press("ArrowLeft", 1)
    press("ArrowLeft", len("Assurance maladie"), select=True)
    assert laptop.evaluate("getSelection().toString()") == "Assurance maladie"
    task.click(body.locator("button[data-name=link]"))
    dialog = laptop.locator("dialog[open]")
    assert "Insérer un lien" in dialog.inner_text()
    dialog.locator("input[name=href]").fill("https://www.ameli.fr/")
    task.shot("2-link-dialog")
    task.click(dialog.locator("button[type=submit]"))
    editor.locator("a[href='https://www.ameli.fr/']").wait_for()
    task.click("input[name=_save]")
    laptop.wait_for_url(site + "/admin/articles/article/")
    task.shot("3-saved")
    assert laptop.locator(".messagelist .success").count() == 1
    task.report()
    assert task.clicks <= 8 and task.screens <= 3
    article.refresh_from_db()
    first_paragraph = article.body_fr.split("</p>")[0]
    assert "Demandez toujours un <strong>devis écrit.</strong> Voir la fiche de l" in article.body_fr, first_paragraph
    assert '<a href="https://www.ameli.fr/" rel="noopener noreferrer">Assurance maladie</a>.</p>' in article.body_fr
    assert laptop.problems.messages == []


def test_insert_an_image_at_the_cursor_with_its_alternative_text(site, laptop, screenshot, serve_media, tmp_path):
    ContentLoader().load()
    writer = make_staff("secretaire", "Rédaction")
    article = Article.objects.get(slug="prix-et-remboursement")
    serve_media(laptop)
    log_in(laptop, site, writer)
    task = Task(laptop, site, screenshot, "insert-image")
    laptop.goto(site + f"/admin/articles/article/{article.pk}/change/")
    body = laptop.locator("#tab_id_body_fr")
    editor = body.locator("[contenteditable=true]")
    second = editor.locator("p").nth(1)
    second_text = second.inner_text()
    task.click(second, position=spot_in(second, "start"))
    assert text_before_cursor(second) == "", "the click put the cursor at the start of the second paragraph"
    task.click(body.locator("button[data-name=figure]"))
    dialog = laptop.locator("dialog[open]")
    assert "Insérer une image" in dialog.inner_text()
    dialog.locator("input[type=file]").set_input_files(photo(tmp_path))
    dialog.locator("input[name=alt_fr]").fill("Une facture de séance posée sur un bureau")
    dialog.locator("input[name=caption]").fill("Demandez une facture détaillée.")
    dialog.locator("input[name=credit]").fill("Photo : cabinet, tous droits réservés")
    task.shot("1-dialog")
    task.click(dialog.locator("button[type=submit]"))
    figure = editor.locator("figure", has=laptop.locator("img[src^='/media/articles/images/']"))
    figure.locator("img").wait_for()
    task.shot("2-placed")
    # Placed at the cursor: right before the second paragraph, not at the end of the article.
    assert figure.evaluate("f => f.nextElementSibling.textContent") == second_text
    task.click("input[name=_continue]")
    laptop.wait_for_load_state()
    task.shot("3-saved")
    page_state = laptop.locator("#page-state").inner_text()
    assert "Traduction à faire" in page_state, "the English description is a translation to do, not an error"
    task.report()
    assert task.clicks <= 5 and task.screens <= 2

    image = ArticleImage.objects.get(article=article)
    article.refresh_from_db()
    assert image.editor_src in article.body_fr
    laptop.goto(site + article.get_absolute_url())
    public = laptop.locator(".prose figure.article-figure")
    assert public.locator("source[type='image/webp']").get_attribute("srcset").count("w,") == 2
    img = public.locator("img")
    assert img.get_attribute("alt") == "Une facture de séance posée sur un bureau"
    assert "480w" in img.get_attribute("srcset") and img.get_attribute("loading") == "lazy"
    assert "Photo : cabinet" in public.locator("figcaption").inner_text()
    prose = laptop.locator(".prose").inner_html()
    assert prose.index("<figure") < prose.rindex("<p>"), "in the text where placed, not after it"
    screenshot(laptop, "admin-insert-image-4-public-page")
    assert laptop.problems.messages == []


def test_an_image_survives_an_error_elsewhere_in_the_form(site, laptop, screenshot, serve_media, tmp_path):
    writer = make_staff("secretaire", "Rédaction")
    serve_media(laptop)
    log_in(laptop, site, writer)
    laptop.goto(site + "/admin/articles/article/add/")
    body = laptop.locator("#tab_id_body_fr")
    body.locator("[contenteditable=true]").click()
    laptop.keyboard.type("Un premier paragraphe.")
    body.locator("button[data-name=figure]").click()
    dialog = laptop.locator("dialog[open]")
    dialog.locator("input[type=file]").set_input_files(photo(tmp_path))
    dialog.locator("input[name=alt_fr]").fill("Le matériel stérile d'une séance")
    dialog.locator("input[name=credit]").fill("Photo : cabinet")
    dialog.locator("button[type=submit]").click()
    body.locator("figure img").wait_for()
    laptop.click("input[name=_save]")  # no title, no summary: refused
    laptop.locator(".errornote").wait_for()
    kept = laptop.locator("#tab_id_body_fr [contenteditable=true] figure img")
    kept.wait_for()
    assert image_shown(kept), "the image is still there, shown"
    screenshot(laptop, "admin-image-kept-after-an-error")
    laptop.fill("#id_title_fr", "Le matériel")
    laptop.fill("#id_summary_fr", "Ce qui doit être stérile.")
    laptop.select_option("#id_category", label="Technique")
    laptop.click("input[name=_save]")
    laptop.wait_for_url(site + "/admin/articles/article/")
    article = Article.objects.get(title_fr="Le matériel")
    assert ArticleImage.objects.get().article == article
    assert laptop.problems.messages == []


def test_create_a_question_as_draft_preview_and_publish_it(site, laptop, new_page, screenshot):
    ContentLoader().load()
    writer = make_staff("secretaire", "Rédaction")
    theme = Theme.objects.get(slug="cout")
    first_questions = list(theme.questions.order_by("position", "pk")[:3])
    log_in(laptop, site, writer)

    task = Task(laptop, site, screenshot, "create-question")
    laptop.goto(site + "/admin/")
    task.click(laptop.locator("a[href='/admin/faq/question/add/']").first)
    laptop.fill("#id_question_fr", "Peut-on payer en plusieurs fois ?")
    laptop.select_option("#id_theme", str(theme.pk))
    task.click(laptop.locator("#tab_id_answer_fr [contenteditable=true]"))
    laptop.keyboard.type("Certains cabinets l’acceptent : demandez-le avant la première séance.")
    assert laptop.locator("#id_status").input_value() == Status.DRAFT
    assert laptop.locator("#id_position").input_value() == ""
    task.shot("1-form")
    task.click("input[name=_continue]")
    laptop.wait_for_load_state()
    task.shot("2-saved")
    task.report()
    assert task.clicks <= 4 and task.screens <= 3
    # Saved with French typography: a narrow non-breaking space before the question mark.
    question = Question.objects.get(question_fr="Peut-on payer en plusieurs fois\u202f?")
    assert question.status == Status.DRAFT and question.position > max(q.position for q in first_questions)
    assert list(theme.questions.order_by("position", "pk")[:3]) == first_questions, "the home page keeps its own"

    preview = Task(laptop, site, screenshot, "preview-question")
    preview.click(laptop.locator("a.viewsitelink"))
    laptop.wait_for_url(f"{site}{question.get_absolute_url()}")
    assert "Aperçu — non publié" in laptop.locator("body").inner_text()
    preview.shot("1-preview")
    preview.report()

    reviewer = make_staff("medecin", "Relecture médicale")
    make_medical_reviewer(reviewer)
    other = new_page(viewport=LAPTOP)
    log_in(other, site, reviewer)
    publish = Task(other, site, screenshot, "publish-question")
    other.goto(site + "/admin/")
    publish.click(other.get_by_role("link", name="Peut-on payer en plusieurs fois").first)
    other.select_option("#id_status", Status.PUBLISHED)
    publish.click("#id_sign_off")  # the physician signs off the medical text, as it must be to go online
    publish.shot("1-form")
    publish.click("input[name=_save]")
    other.wait_for_url(site + "/admin/faq/question/")
    publish.shot("2-list")
    publish.report()
    question.refresh_from_db()
    assert question.status == Status.PUBLISHED
    assert "En ligne" in other.locator("tr", has_text="Peut-on payer en plusieurs fois").inner_text()
    assert laptop.problems.messages == [] and other.problems.messages == []


def test_compare_two_versions_and_restore_one(site, laptop, screenshot):
    ContentLoader().load()
    reviewer = make_staff("medecin", "Relecture médicale")
    make_medical_reviewer(reviewer)
    article = Article.objects.get(slug="prix-et-remboursement")
    first_body = article.body_fr
    log_in(laptop, site, reviewer)
    laptop.goto(site + f"/admin/articles/article/{article.pk}/change/")
    paragraph = laptop.locator("#tab_id_body_fr [contenteditable=true] p").first
    paragraph.click(position=spot_in(paragraph, "end"))
    laptop.keyboard.type(" Une phrase ajoutée par erreur.")
    assert paragraph.inner_text().endswith(" Une phrase ajoutée par erreur.")
    laptop.check("#id_sign_off")  # an online page's medical text changes only with a sign-off
    laptop.click("input[name=_continue]")
    laptop.wait_for_load_state()

    task = Task(laptop, site, screenshot, "compare")
    task.click(laptop.locator("a.historylink"))
    laptop.wait_for_load_state()
    assert "Texte (français)" in laptop.locator("#change-history").inner_text()
    task.shot("1-history")
    task.click(laptop.locator(".history-compare input[type=submit]"))
    laptop.wait_for_load_state()
    task.shot("2-compare")
    assert laptop.locator(".version-diff ins", has_text="Une phrase ajoutée par erreur.").count() == 1
    # The text, and what the sign-off recorded with it (who reviewed it, when).
    assert "Texte (français)" in laptop.locator(".version-diff th[scope=row]").all_inner_texts()
    task.report()
    assert task.clicks <= 2 and task.screens <= 2

    restore = Task(laptop, site, screenshot, "restore")
    restore.click(laptop.get_by_role("link", name=re.compile("Rétablir la version du")))
    laptop.wait_for_load_state()
    summary = laptop.locator(".version-summary").inner_text()
    assert "Version du" in summary and "depuis les fichiers de contenu" in summary
    assert laptop.locator(".version-diff del", has_text="Une phrase ajoutée par erreur.").count() == 1
    restore.shot("1-screen")
    restore.click(laptop.locator(".restore-form input[type=submit]"))
    laptop.wait_for_load_state()
    message = laptop.locator(".messagelist").inner_text()
    assert message.startswith("La version du") and "est rétablie" in message
    restore.shot("2-restored")
    restore.report()
    assert restore.clicks <= 2 and restore.screens <= 2
    article.refresh_from_db()
    assert article.body_fr == first_body
    assert laptop.problems.messages == []


def test_no_admin_page_scrolls_sideways_on_a_laptop(site, laptop, screenshot):
    ContentLoader().load()
    superuser = make_staff("direction", "Relecture médicale")
    superuser.is_superuser = True
    superuser.save()
    log_in(laptop, site, superuser)
    article = Article.objects.get(slug="prix-et-remboursement")
    # Every list of the admin, the add form and the change form of one object of each, the history pages.
    pages = ["/admin/", "/admin/traductions/", f"/admin/articles/article/{article.pk}/history/"]
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    wide = []
    for path in pages:
        laptop.goto(site + path)
        # Every request of the page done (the editor's icon font loads late): going on sooner aborts it.
        laptop.problems.wait_until_quiet()
        if not no_sideways_scroll(laptop):
            wide.append(path)
        # Nor does a part of the page scroll sideways (the list of results, the sources table).
        inner = laptop.evaluate(
            """[...document.querySelectorAll('#content .results, #content .tabular, #content fieldset')]
               .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className)"""
        )
        if inner:
            wide.append(f"{path}: {inner}")
    assert wide == []
    laptop.goto(site + f"/admin/articles/article/{article.pk}/change/")
    editor = laptop.locator("#tab_id_body_fr .prose-editor")
    editor.locator(".prose-menubar").wait_for()
    # Halfway down a long text: the toolbar is still at the top of the window.
    laptop.evaluate(
        "element => { const box = element.getBoundingClientRect(); scrollTo(0, scrollY + box.top + box.height / 2) }",
        editor.element_handle(),
    )
    laptop.wait_for_timeout(300)
    assert editor.bounding_box()["y"] < -500, "the text's start is far above the window"
    toolbar = editor.locator(".prose-menubar").bounding_box()
    assert 0 <= toolbar["y"] < 5, "the editor's toolbar stays at the top while the text scrolls"
    laptop.screenshot(path=screenshot.folder / "admin-sticky-toolbar.png")
    assert laptop.problems.messages == []
