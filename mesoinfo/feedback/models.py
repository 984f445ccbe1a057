"""What readers tell us about a page, without cookies and without keeping who they are.

An error report keeps the page, the message and, only if the reader gives one, an e-mail address for the
reply. A "was this page useful?" answer only adds one to the page's count of yes or no. Neither keeps the
reader's address, browser or anything else about them (the limit per address lives in the cache, under a
keyed digest of the address: see limits.py).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PageQuerySet(models.QuerySet):
    def of(self, page):
        return self.filter(page_type=ContentType.objects.get_for_model(page), page_id=page.pk)


class AboutPage(models.Model):
    """The page a row is about: a page of any type, its title and address when the row was written."""

    page_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("type"))
    page_id = models.PositiveBigIntegerField()
    page_title = models.CharField(_("page"), max_length=300)
    page_url = models.CharField(_("address"), max_length=500)

    objects = PageQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def page(self):
        model = self.page_type.model_class()
        return model._base_manager.filter(pk=self.page_id).first() if model else None

    @staticmethod
    def about(page):
        return {
            "page_type": ContentType.objects.get_for_model(page),
            "page_id": page.pk,
            "page_title": str(page)[:300],
            "page_url": page.get_absolute_url()[:500],
        }


class ErrorReport(AboutPage):
    """A reader's report of an error on a page, handled by staff in the admin."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Handled")
        REJECTED = "rejected", _("Rejected")

    message = models.TextField(_("message"))
    email = models.EmailField(_("e-mail for the reply"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    staff_note = models.TextField(_("staff note"), blank=True, help_text=_("What was done, for the other staff."))
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    OPEN = (Status.NEW, Status.IN_PROGRESS)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["page_type", "page_id"], name="error_report_page"),
            models.Index(fields=["status"], name="error_report_status"),
        ]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")

    def __str__(self):
        return f"{self.page_title} — {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else self.page_title


class PageFeedback(AboutPage):
    """The count of "was this page useful?" answers of one page."""

    useful = models.PositiveIntegerField(_("yes"), default=0)
    not_useful = models.PositiveIntegerField(_("no"), default=0)
    updated_at = models.DateTimeField(_("last answer"), auto_now=True)

    class Meta:
        ordering = ["-not_useful", "page_title"]
        constraints = [models.UniqueConstraint(fields=["page_type", "page_id"], name="unique_page_feedback")]
        verbose_name = _("page usefulness")
        verbose_name_plural = _("page usefulness")

    def __str__(self):
        return self.page_title

    @classmethod
    def count(cls, page, useful):
        """Add one answer for `page`, in one UPDATE (a first answer creates its row)."""
        field = "useful" if useful else "not_useful"
        about = cls.about(page)
        rows = cls.objects.filter(page_type=about["page_type"], page_id=page.pk)
        current = {"page_title": about["page_title"], "page_url": about["page_url"], "updated_at": timezone.now()}
        if rows.update(**{field: F(field) + 1}, **current):
            return
        try:
            with transaction.atomic():
                cls.objects.create(**about, **{field: 1})
        except IntegrityError:  # another answer created it meanwhile
            rows.update(**{field: F(field) + 1}, **current)
