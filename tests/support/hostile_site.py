"""A site whose every text was typed by an attacker with a staff account, through the admin forms."""

from django.utils import timezone, translation

from articles.models import Article, Category
from faq.models import Question, Theme
from mesoinfo.editorial.models import Contributor
from mesoinfo.pages.models import SiteSettings
from tests.support import admin_forms
from tests.support.payloads import PAYLOADS, SHORT_PAYLOADS, URL_PAYLOAD, groups


def build(client):
    """Save, through the admin forms, a category, theme, contributor, article (with a source) and question
    for each group of payloads, in every free-text field (those without a length limit get the group and
    then the whole corpus), and every payload in the site settings; return the public pages that show
    them, in French and in English."""
    published_at = timezone.localtime() - timezone.timedelta(hours=1)
    publication = {
        "status": "published",
        "publish_unreviewed": "on",  # a superuser: no physician signed these texts off
        "published_at_0": published_at.strftime("%d/%m/%Y"),
        "published_at_1": published_at.strftime("%H:%M:%S"),
    }
    for n, group in enumerate(groups()):
        payload = [*group, *PAYLOADS]
        slug = f"xss-{n}"
        admin_forms.save(client, Category, payloads=payload, values={"slug_fr": slug, "position": 100 + n})
        admin_forms.save(client, Theme, payloads=payload, values={"slug_fr": slug, "position": 100 + n})
        # The RPPS number takes 11 digits and nothing else: no payload fits it.
        admin_forms.save(client, Contributor, payloads=payload, values={"key": slug}, skip=("rpps",))
        category = Category.objects.get(slug=slug)
        contributor = Contributor.objects.get(key=slug)
        admin_forms.save(
            client,
            Article,
            payloads=payload,
            values={
                "slug_fr": slug,
                "evidence_level": "weak",  # every part of the evidence box holds payloads too
                "category": category.pk,
                "author": contributor.pk,
                "reviewer": contributor.pk,
                "sources-0-title": " ".join(group),
                "sources-0-publisher": group[0][:200],
                "sources-0-year": "2020",
                "sources-0-url": URL_PAYLOAD,
                **publication,
            },
        )
        article = Article.objects.get(slug=slug)
        admin_forms.save(
            client,
            Question,
            payloads=payload,
            values={
                "slug_fr": slug,
                "theme": Theme.objects.get(slug=slug).pk,
                "related_articles": [article.pk],
                "author": contributor.pk,
                "reviewer": contributor.pk,
                **publication,
            },
        )
        # Edit the saved article once more through its change form, as staff correcting a page would.
        admin_forms.save(client, Article, obj=article, payloads=payload, values={"publish_unreviewed": "on"})
    admin_forms.save(
        client,
        SiteSettings,
        obj=SiteSettings.load(),
        payloads=PAYLOADS,
        values={"clinic_name": SHORT_PAYLOADS[1], "phone": '"><svg onload=alert(1)>', "email": ""},
    )
    pages = ["/", "/articles/", "/faq/", "/page-inexistante/<script>alert(1)</script>"]
    for article in Article.objects.filter(slug_fr__startswith="xss-").select_related("category"):
        pages += [article.category.get_absolute_url(), article.get_absolute_url()]
    for question in Question.objects.filter(slug_fr__startswith="xss-").select_related("theme"):
        pages += [question.theme.get_absolute_url(), question.get_absolute_url()]
    english = []
    with translation.override("en"):
        for article in Article.objects.filter(slug_fr__startswith="xss-").select_related("category"):
            english += [article.category.get_absolute_url(), article.get_absolute_url()]
        for question in Question.objects.filter(slug_fr__startswith="xss-").select_related("theme"):
            english += [question.theme.get_absolute_url(), question.get_absolute_url()]
    return [*pages, "/en/", "/en/articles/", "/en/faq/", "/en/page-inexistante/<script>alert(1)</script>", *english]
