"""Error reports with their status, and the usefulness of each page with its reports, for staff; and the
admin home's "Reports to handle"."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mesoinfo.feedback.models import ErrorReport, PageFeedback


def page_link(obj):
    return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.page_url, obj.page_title)


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "page_display", "message_display", "email"]
    list_filter = ["status", "page_type", "language"]
    list_editable = ["status"]
    search_fields = ["message", "page_title", "email"]
    date_hierarchy = "created_at"
    fields = ["page_display", "created_at", "language", "message", "email", "status", "staff_note"]
    readonly_fields = ["page_display", "created_at", "language", "message", "email"]
    actions = ["mark_in_progress", "mark_done", "mark_rejected"]

    def has_add_permission(self, request):
        return False  # reports come from readers

    @admin.display(description=_("page"), ordering="page_title")
    def page_display(self, obj):
        return page_link(obj)

    @admin.display(description=_("message"))
    def message_display(self, obj):
        return truncatechars(obj.message, 120)

    def _mark(self, request, queryset, status):
        count = queryset.update(status=status)
        self.message_user(
            request,
            ngettext("%(count)d report is now “%(status)s”.", "%(count)d reports are now “%(status)s”.", count)
            % {"count": count, "status": ErrorReport.Status(status).label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, ErrorReport.Status.IN_PROGRESS)

    @admin.action(description=_("Mark as handled"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._mark(request, queryset, ErrorReport.Status.DONE)

    @admin.action(description=_("Mark as rejected"), permissions=["change"])
    def mark_rejected(self, request, queryset):
        self._mark(request, queryset, ErrorReport.Status.REJECTED)


def _report_count(open_only=False):
    reports = ErrorReport.objects.filter(page_type=OuterRef("page_type"), page_id=OuterRef("page_id"))
    if open_only:
        reports = reports.filter(status__in=ErrorReport.OPEN)
    counted = reports.order_by().values("page_type").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    """Per page: how many readers found it useful or not, and its reports, pages failing readers first."""

    list_display = ["page_display", "useful", "not_useful", "useful_share", "reports_display", "updated_at"]
    list_filter = ["page_type"]
    search_fields = ["page_title"]
    ordering = ["-not_useful", "page_title"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(reports=_report_count(), open_reports=_report_count(True))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("page"), ordering="page_title")
    def page_display(self, obj):
        return page_link(obj)

    @admin.display(description=_("useful"))
    def useful_share(self, obj):
        total = obj.useful + obj.not_useful
        return f"{round(100 * obj.useful / total)} %" if total else "—"

    @admin.display(description=_("reports (to handle)"), ordering="reports")
    def reports_display(self, obj):
        query = urlencode({"page_type__id__exact": obj.page_type_id, "page_id__exact": obj.page_id})
        url = f"{reverse('admin:feedback_errorreport_changelist')}?{query}"
        return format_html('<a href="{}">{} ({})</a>', url, obj.reports, obj.open_reports)


def worklist(user, limit):
    """The admin home's "Reports to handle": new and in-progress reports, the oldest first."""
    if not user.has_perm("feedback.view_errorreport"):
        return []
    open_reports = ErrorReport.objects.filter(status__in=ErrorReport.OPEN).order_by("created_at")
    items = [
        {
            "object": truncatechars(report.message, 80),
            "url": reverse("admin:feedback_errorreport_change", args=[report.pk]),
            "model": report.page_title,
            "note": report.get_status_display(),
        }
        for report in open_reports[:limit]
    ]
    total = open_reports.count()
    return [
        {
            "title": _("Reports to handle"),
            "empty": _("No report is waiting."),
            "items": items,
            "total": total,
            "links": [
                (
                    ErrorReport._meta.verbose_name_plural,
                    total,
                    reverse("admin:feedback_errorreport_changelist") + "?status__in=new,in_progress",
                )
            ],
            "kind": "reports",
        }
    ]
