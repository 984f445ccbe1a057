"""Tell staff by e-mail that a reader reported an error (off unless DJANGO_FEEDBACK_NOTIFY_EMAILS is set).

Sent through Django's e-mail settings (DJANGO_EMAIL_HOST…), after the report is saved: an e-mail that cannot
be sent is logged and the report stays. The e-mail gives the page and the admin address of the report, not
the message nor the reader's address, which stay in the admin.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def report_received(request, report):
    recipients = settings.FEEDBACK_NOTIFY_EMAILS
    if not recipients:
        return
    admin_url = request.build_absolute_uri(reverse("admin:feedback_errorreport_change", args=[report.pk]))
    page_url = request.build_absolute_uri(report.page_url)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Error reported on “%(page)s”") % {"page": report.page_title}
        body = _(
            "A reader reported an error on the page “%(page)s” (%(page_url)s).\n\n"
            "Read the report and handle it in the admin:\n%(admin_url)s\n"
        ) % {"page": report.page_title, "page_url": page_url, "admin_url": admin_url}

    def send():
        try:
            send_mail(subject, body, None, recipients)
        except Exception:
            logger.exception("error report %s: the e-mail to staff could not be sent", report.pk)

    transaction.on_commit(send)
