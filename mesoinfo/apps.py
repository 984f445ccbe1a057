from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MesoinfoConfig(AppConfig):
    name = "mesoinfo"
    verbose_name = _("Site")

    def ready(self):
        from mesoinfo import signals  # noqa: F401 (connects the receivers)
