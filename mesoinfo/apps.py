from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MesoinfoConfig(AppConfig):
    name = "mesoinfo"
    verbose_name = _("Site")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with MésoInfo's admin site (two-factor authentication) as `admin.site`."""

    default = False  # "mesoinfo" alone still means MesoinfoConfig
    default_site = "mesoinfo.admin_site.AdminSite"
