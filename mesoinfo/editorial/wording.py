"""The admin in French, where Django and the libraries it shows do not say it well by themselves.

- Titles and buttons name each kind of item as French does ("Nouvel article", "Modifier la question"):
  Django's "Ajout de %s" / "Modification de %s" cannot elide or agree ("Modification de article").
  Used by the admin templates (templates/admin/change_form.html, change_list.html) through the
  `admin_wording` template tags.
- Libraries whose names are not translatable (no gettext in their code) get their French names here: the
  login throttling's app (django-axes) and the authenticator apps of two-factor authentication (django-otp),
  whose admin is replaced by a French one limited to what staff do with it (see who has one, delete a lost
  one).
"""

from django.apps import apps
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# For each model (app_label.model_name): how a title names a new one, and the one being changed.
WORDING = {
    "articles.article": (_("New article"), _("Change the article")),
    "articles.category": (_("New category"), _("Change the category")),
    "faq.question": (_("New question"), _("Change the question")),
    "faq.theme": (_("New theme"), _("Change the theme")),
    "editorial.contributor": (_("New contributor"), _("Change the contributor")),
    "editorial.glossaryterm": (_("New glossary term"), _("Change the glossary term")),
    "pages.sitepage": (_("New site page"), _("Change the site page")),
    "pages.sitesettings": (_("Site settings"), _("Change the site settings")),
    "pages.condition": (_("New health problem"), _("Change the health problem")),
    "search.synonym": (_("New search synonym"), _("Change the search synonym")),
    "auth.user": (_("New user"), _("Change the user")),
    "auth.group": (_("New group"), _("Change the group")),
    "otp_totp.totpdevice": (_("New authenticator app"), _("Change the authenticator app")),
}


# Words of django-axes that its French catalogue lacks or leaves in English: named here so that the project's
# catalogue, which Django reads first, keeps their French.
AXES_SENTENCES = [gettext_noop("Locked Out"), gettext_noop("Attempt Remaining"), gettext_noop("User Agent")]


def title(opts, add=False, change=True):
    """The title of an add, change or view form of the model of `opts`."""
    wording = WORDING.get(opts.label_lower)
    if add:
        return wording[0] if wording else _("New item: %(name)s") % {"name": opts.verbose_name}
    if not change:
        return _("Details: %(name)s") % {"name": opts.verbose_name}
    return wording[1] if wording else _("Change: %(name)s") % {"name": opts.verbose_name}


def name_libraries():
    """Give the libraries' apps and models their French names, and the authenticator apps their French admin
    (called once, when the admin modules are loaded)."""
    if apps.is_installed("axes"):
        apps.get_app_config("axes").verbose_name = _("Login attempts")
    if apps.is_installed("django_otp.plugins.otp_totp"):
        TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
        apps.get_app_config("otp_totp").verbose_name = _("Two-factor authentication")
        TOTPDevice._meta.verbose_name = _("authenticator app")
        TOTPDevice._meta.verbose_name_plural = _("authenticator apps")
        if admin.site.is_registered(TOTPDevice):
            admin.site.unregister(TOTPDevice)
        admin.site.register(TOTPDevice, AuthenticatorAppAdmin)
    if apps.is_installed("django_otp.plugins.otp_static"):
        StaticDevice = apps.get_model("otp_static", "StaticDevice")
        apps.get_app_config("otp_static").verbose_name = _("Two-factor backup codes")
        StaticDevice._meta.verbose_name = _("set of backup codes")
        StaticDevice._meta.verbose_name_plural = _("sets of backup codes")
        if admin.site.is_registered(StaticDevice):
            admin.site.unregister(StaticDevice)
        admin.site.register(StaticDevice, BackupCodesAdmin)


class AuthenticatorAppAdmin(admin.ModelAdmin):
    """Who has set up an authenticator app, and since when. A lost phone: delete its app here; its owner sets
    up a new one at the next login. Apps are set up by their owners, never here."""

    list_display = ["owner", "device_name", "is_confirmed", "created", "last_used"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "name"]
    fields = ["owner", "device_name", "is_confirmed", "created", "last_used"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("staff member"), ordering="user__username")
    def owner(self, device):
        return device.user.get_full_name() or device.user.get_username()

    @admin.display(description=_("name"), ordering="name")
    def device_name(self, device):
        return device.name

    @admin.display(description=_("set up"), boolean=True, ordering="confirmed")
    def is_confirmed(self, device):
        return device.confirmed

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, device):
        return device.created_at or "—"

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at or "—"


class BackupCodesAdmin(admin.ModelAdmin):
    """Who has backup codes, and how many are left. Codes are made by their owners on the two-factor page;
    a superuser may delete a set (its owner makes a new one)."""

    list_display = ["owner", "codes_left"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["owner", "codes_left"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").annotate(left=Count("token_set"))

    @admin.display(description=_("staff member"), ordering="user__username")
    def owner(self, obj):
        return obj.user.get_full_name() or obj.user.get_username()

    @admin.display(description=_("codes left"), ordering="left")
    def codes_left(self, obj):
        return obj.left
