"""What the site still lacks before it goes live: the legal details a French site must give (LCEN, article 6),
a contact address, a medical reviewer, and pages published without medical sign-off.

The same list feeds the admin home ("Before going live") and Django's system checks: `python manage.py check
--deploy` reports each missing item as a warning with its own ID (`golive.W001`…), in French, silenced the
Django way (`SILENCED_SYSTEM_CHECKS`, from DJANGO_SILENCED_SYSTEM_CHECKS). They read the database; a database
that cannot be read gives `golive.W000` instead.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mesoinfo.editorial.models import Contributor
from mesoinfo.editorial.registry import page_types
from mesoinfo.pages.models import SiteSettings

TAG = "golive"


@dataclass
class Item:
    """One thing the site needs before going live, and whether it has it."""

    id: str
    label: str  # what it is, on the admin home's checklist
    ok: bool
    problem: str  # the warning when it is missing
    hint: str
    admin_url: str  # where staff fill it in


def _settings_url():
    return reverse("admin:pages_sitesettings_changelist")


def items():
    """Every go-live item, in the order of the checklist (reads the database)."""
    site = SiteSettings.objects.filter(pk=1).first() or SiteSettings()
    settings_hint = _("Fill it in in the admin: Site settings.")
    found = [
        Item(
            "golive.W001",
            _("Publisher of the site"),
            bool(site.publisher_details.strip()),
            _("The publisher of the site is not filled in: the legal notice must name it (LCEN, article 6)."),
            settings_hint,
            _settings_url(),
        ),
        Item(
            "golive.W002",
            _("Director of publication"),
            bool(site.publication_director.strip()),
            _("The director of publication is not filled in: the legal notice must name them (LCEN, article 6)."),
            settings_hint,
            _settings_url(),
        ),
        Item(
            "golive.W003",
            _("Hosting provider"),
            bool(site.host_details.strip()),
            _("The hosting provider is not filled in: the legal notice must name it (LCEN, article 6)."),
            settings_hint,
            _settings_url(),
        ),
        Item(
            "golive.W004",
            _("Contact e-mail address"),
            bool(site.email.strip()),
            _("No contact e-mail address: the contact page and the legal notice give no way to write to the site."),
            settings_hint,
            _settings_url(),
        ),
        Item(
            "golive.W005",
            _("At least one medical reviewer"),
            Contributor.objects.medical_reviewers().exclude(rpps="").filter(user__isnull=False).exists(),
            _("No medical reviewer: no physician can sign off the pages."),
            _(
                "Create the profile of a physician in the admin (Contributors: medical reviewer, RPPS number, "
                "declaration of interests) and link it to their staff account."
            ),
            reverse("admin:editorial_contributor_changelist"),
        ),
    ]
    if site.medical_signoff_required:
        unsigned = sum(model.objects.without_signoff().count() for model in page_types())
        found.append(
            Item(
                "golive.W006",
                _("Every published page signed off by a medical reviewer"),
                unsigned == 0,
                ngettext(
                    "%(count)d published page has no medical sign-off, although the sign-off is required.",
                    "%(count)d published pages have no medical sign-off, although the sign-off is required.",
                    unsigned,
                )
                % {"count": unsigned},
                _("A medical reviewer signs them off in the admin; the admin home lists them."),
                reverse("admin:index"),
            )
        )
    return found


@checks.register(TAG, deploy=True)
def go_live(app_configs=None, **kwargs):
    """`check --deploy`: a warning, in French, for each missing item."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            found = items()
        except DatabaseError as error:
            return [
                checks.Warning(
                    str(_("The go-live checks could not read the database: %(error)s") % {"error": error}),
                    hint=str(_("Run “python manage.py migrate”, or check DATABASE_URL.")),
                    id="golive.W000",
                )
            ]
        return [checks.Warning(str(item.problem), hint=str(item.hint), id=item.id) for item in found if not item.ok]


def worklist(user, limit):
    """The admin home's "Before going live" checklist, for staff who may see the site settings."""
    if not user.has_perm("pages.view_sitesettings"):
        return []
    found = items()
    missing = [item for item in found if not item.ok]
    return [
        {
            "title": _("Before going live"),
            "empty": _("Nothing is missing: the site is ready to go live."),
            "checklist": found,
            "items": [],
            "total": len(missing),
            "links": [],
            "kind": "go-live",
        }
    ]
