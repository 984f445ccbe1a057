"""The admin speaks French everywhere: every page of every model, the history and restore screens, the
translation overview, the two-factor page, the libraries' own pages. A page fails on English or technical
words left in what staff read (text, titles of buttons, labels) and on known French slips."""

import contextlib
import re
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Category
from faq.models import Theme
from mesoinfo.editorial.models import GlossaryTerm, ReviewEvent, Status
from mesoinfo.feedback.models import ErrorReport, PageFeedback
from mesoinfo.pages.models import Condition, SitePage, SiteSettings
from mesoinfo.search.models import Synonym
from tests.support.admin_forms import form_values
from tests.support.factories import make_article, make_question

pytestmark = pytest.mark.django_db

# English words of the admin and of its libraries, and technical names, as they would show.
ENGLISH = re.compile(
    r"\b(Add|Change|Delete|Save|Search|Filter|Select|View|Home|History|Revert|Historical|Object|Edit|Update|"
    r"Insert|Caption|Image URL|Browse|devices?|Identity|Timestamps|Throttling|Confirmed|Created at|Last used|"
    r"Locked Out|Path|Attempt|Failures?|Username|(?i:User agent)|Action|Close|Current version|Restore|Compare|added|"
    r"removed|changed|Field|Changes|version of|figure|OTP_TOTP|TOTP|Otp|AXES|Axes|load_content|None)\b"
)
# French slips: "de" or "le"/"la" before a vowel (elision forgotten), "tous les" before a feminine plural,
# an apostrophe followed by a space, and the list title Django builds ("Sélectionnez l’objet article à changer").
SLIPS = re.compile(
    r"\b[Dd]e [aeiouyéèêAEIOUYÉ]\w|\b(?:[Ll]e|[Ll]a) [aeiouyéèêAEIOUYÉ]\w|\btous les (?:questions|rubriques|images|"
    r"pages|sources|traductions)\b|\b[lLdDqQ]' |Sélectionnez l’objet"
)
# Words that look English but are French here, or names: kept.
ALLOWED = re.compile(r"\b(?:Action\s?:|Actions?\b)|MésoInfo|FreeOTP|n[’']y figure")


class VisibleText(HTMLParser):
    """What a person reads on the page: the text outside scripts, styles, hidden elements and form values, and
    the words that buttons, links and images show or say (value of buttons, title, aria-label, placeholder,
    alt)."""

    SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
    UNREAD = {"script", "style", "template", "textarea", "select"}
    VOID = {"input", "img", "br", "meta", "link", "hr", "source", "col", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.open = []  # (tag, hidden) of the elements the parser is inside

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = any(hidden for _tag, hidden in self.open) or tag in self.UNREAD or "hidden" in attrs
        if not hidden:
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])
            self.parts += [attrs[name] for name in self.SHOWN_ATTRIBUTES if attrs.get(name)]
        if tag not in self.VOID:
            self.open.append((tag, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        if data.strip() and not any(hidden for _tag, hidden in self.open):
            self.parts.append(data.strip())


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def problems_of(html, content=()):
    """The English words and French slips of a page, leaving out the texts of the content itself."""
    found = []
    for part in visible_text(html):
        if any(part == text or part in text for text in content if text):
            continue
        text = ALLOWED.sub("", part)
        for regex, kind in ((ENGLISH, "English"), (SLIPS, "slip")):
            for match in regex.finditer(text):
                found.append(f"{kind}: {match.group(0)!r} in {part[:120]!r}")
    return found


@pytest.fixture
def every_kind_of_object(article, question, contributor, site_pages, superuser, writer, reviewer, media_root):
    """One object of each model the admin lists, so that each change, history and delete page exists; pages
    waiting for each step of the work, so that the home page's work list shows them."""
    now = timezone.now()
    make_question(question.theme, status=Status.DRAFT, question_en="", answer_en="")
    make_article(article.category, status=Status.REVIEW, next_review=now.date())
    signed = make_article(article.category)
    signed.sign_off(reviewer)
    signed.save()
    return [
        ReviewEvent.objects.get(),
        ErrorReport.objects.create(**ErrorReport.about(article), message="Une coquille.", language="fr"),
        PageFeedback.objects.create(**PageFeedback.about(article), useful=2, not_useful=1),
        article,
        question,
        contributor,
        Category.objects.get(slug="indications"),
        Theme.objects.first(),
        GlossaryTerm.objects.create(slug="derme", term_fr="derme", definition_fr="Une couche de la peau."),
        Condition.objects.create(slug="arthrose", name_fr="Arthrose"),
        Synonym.objects.create(phrase="prix", alternatives="coût"),
        SitePage.objects.first(),
        SiteSettings.load(),
        superuser,
        Group.objects.first(),
        TOTPDevice.objects.create(user=writer, name="Téléphone", confirmed=True),
        StaticDevice.objects.create(user=writer, name="Codes de secours", confirmed=True),
        AccessAttempt.objects.create(
            username="x", ip_address="192.0.2.1", user_agent="Firefox", failures_since_start=1, attempt_time=now
        ),
        AccessLog.objects.create(username="x", ip_address="192.0.2.1", user_agent="Firefox", attempt_time=now),
        AccessFailureLog.objects.create(username="x", ip_address="192.0.2.1", user_agent="Firefox", attempt_time=now),
    ]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("direction", "direction@example.org", "a-long-test-password")


def admin_pages(objects, user):
    """Every admin page: home, each app, and for each model its list, add form, and for one object its change
    form, history and delete confirmation; then the pages MésoInfo adds (history, translations, two-factor)."""
    pages = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin_translations")]
    pages.append(reverse("admin:two_factor_setup"))
    by_model = {type(obj): obj for obj in objects}
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        obj = by_model.get(model)
        assert obj is not None, f"no object of {model._meta.label} to walk its pages"
        pages.append(reverse("admin:app_list", args=[info[0]]))
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        with contextlib.suppress(NoReverseMatch):
            pages.append(reverse("admin:{}_{}_deleted".format(*info)))
        if model_admin.has_add_permission(request):
            pages.append(reverse("admin:{}_{}_add".format(*info)))
        pages.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        pages.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
        if model_admin.has_delete_permission(request, obj):
            pages.append(reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]))
    return list(dict.fromkeys(pages))


def test_every_admin_page_is_in_french(client, every_kind_of_object, superuser):
    client.force_login(superuser)
    content = [str(obj) for obj in every_kind_of_object]
    problems = {}
    for url in admin_pages(every_kind_of_object, superuser):
        response = client.get(url, follow=True)
        assert response.status_code == 200 and response.redirect_chain[-1:] != [("/admin/login/", 302)], url
        assert "/admin/login/" not in str(response.redirect_chain), url
        found = problems_of(response.content.decode(), content)
        if found:
            problems[url] = found
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_history_compare_and_restore_screens_are_in_french(client, article, superuser):
    client.force_login(superuser)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_values(client.get(url), "article_form")
    data.update(title_fr="Un autre titre", body_fr="<p>Un texte <strong>changé</strong>.</p>", publish_unreviewed="on")
    assert client.post(url, data).status_code == 302
    older, newer = article.history.order_by("history_date")[:2]
    pages = [
        reverse("admin:articles_article_compare", args=[article.pk]) + f"?old={older.pk}&new={newer.pk}",
        reverse("admin:articles_article_simple_history", args=[article.pk, older.pk]),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert problems_of(html, [article.title_fr, "Un autre titre"]) == [], page


def test_the_slips_and_english_words_are_caught():
    caught = problems_of(
        "<h1>Modification de article</h1><p>Voir tous les questions</p><p>l' objet</p>"
        "<a title='figure'>x</a><input type='submit' value='Save'><h2>OTP_TOTP</h2>"
    )
    assert len(caught) == 6, caught
    assert problems_of("<p>Modifier l’article</p><p>Voir toutes les questions</p>") == []
