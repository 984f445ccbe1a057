from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class MesoinfoConfig(AppConfig):
    name = "mesoinfo"
    verbose_name = _("Site")

    def ready(self):
        from django.core.signals import got_request_exception, setting_changed
        from django.db.backends.signals import connection_created

        from mesoinfo.middleware import flag_database_errors
        from mesoinfo.pagecache import install_write_watcher, reset_config

        # Every write to a content table renews the page cache's generation (mesoinfo/pagecache.py).
        connection_created.connect(install_write_watcher, dispatch_uid="mesoinfo-page-cache")
        got_request_exception.connect(flag_database_errors, dispatch_uid="mesoinfo-database-down")
        setting_changed.connect(reset_config, dispatch_uid="mesoinfo-page-cache-settings")

        from mesoinfo import signals  # noqa: F401 (connects the search and glossary receivers)


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with MésoInfo's admin site (two-factor authentication) as `admin.site`."""

    default = False  # "mesoinfo" alone still means MesoinfoConfig
    default_site = "mesoinfo.admin_site.AdminSite"
