from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff security: the admin site, two-factor authentication, login throttling, the admin's CSP."""

    name = "mesoinfo.staff"
    label = "staff"
    verbose_name = _("Staff")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with MésoInfo's admin site (two-factor authentication) as `admin.site`."""

    default = False  # "mesoinfo.staff" alone means StaffConfig
    default_site = "mesoinfo.staff.admin_site.AdminSite"
