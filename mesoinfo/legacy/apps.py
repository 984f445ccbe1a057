from django.apps import AppConfig


class LegacyConfig(AppConfig):
    """The migrations of the models that the project package held before they moved to its nested apps.

    They create the tables on a new database; their last migration hands the models over to `pages` and
    `search`, which keep the same rows. Nothing is added here any more.
    """

    name = "mesoinfo.legacy"
    label = "mesoinfo"
    verbose_name = "MésoInfo (former models)"
