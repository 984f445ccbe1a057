"""Go-live check of the staff e-mails (see mesoinfo/pages/checks.py for the others)."""

from django.conf import settings
from django.core import checks
from django.utils import translation
from django.utils.translation import gettext as _


@checks.register("golive", deploy=True)
def notification_mail_server(app_configs=None, **kwargs):
    if not settings.FEEDBACK_NOTIFY_EMAILS or settings.EMAIL_HOST:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        return [
            checks.Warning(
                _(
                    "Error reports are to be e-mailed to staff (DJANGO_FEEDBACK_NOTIFY_EMAILS), but no mail server "
                    "is set (DJANGO_EMAIL_HOST): no e-mail will leave."
                ),
                hint=_("Set DJANGO_EMAIL_HOST and its companions, or empty DJANGO_FEEDBACK_NOTIFY_EMAILS."),
                id="golive.W007",
            )
        ]
