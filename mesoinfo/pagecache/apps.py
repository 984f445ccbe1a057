from django.apps import AppConfig
from django.core.signals import got_request_exception, setting_changed
from django.db.backends.signals import connection_created


class PageCacheConfig(AppConfig):
    """Visitors' pages cached whole, kept current by every write to a public content table (see cache.py)."""

    name = "mesoinfo.pagecache"
    label = "pagecache"

    def ready(self):
        from mesoinfo.pagecache.cache import install_write_watcher, reset_config
        from mesoinfo.pagecache.middleware import flag_database_errors

        connection_created.connect(install_write_watcher, dispatch_uid="mesoinfo-page-cache")
        got_request_exception.connect(flag_database_errors, dispatch_uid="mesoinfo-database-down")
        setting_changed.connect(reset_config, dispatch_uid="mesoinfo-page-cache-settings")
