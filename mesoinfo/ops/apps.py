from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site: health probes, backups and their restoration, loading the editorial content."""

    name = "mesoinfo.ops"
    label = "ops"
    verbose_name = _("Operations")
