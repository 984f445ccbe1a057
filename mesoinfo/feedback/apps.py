from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """What readers tell us about a page: error reports and "was this page useful?" answers (see models.py).

    Not public content: a report or an answer changes no page, so the page cache is not renewed by them.
    """

    name = "mesoinfo.feedback"
    label = "feedback"
    verbose_name = _("Readers' feedback")
    admin_worklist = "mesoinfo.feedback.admin.worklist"

    def ready(self):
        from mesoinfo.feedback import checks  # noqa: F401 (registers the go-live check of staff e-mails)
