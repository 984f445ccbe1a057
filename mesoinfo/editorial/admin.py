"""Admin parts shared by articles and FAQ questions (workflow, medical sign-off, roles, history, locking), the
contributors, the medical review log, and the admin home's work list."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Max
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from js_asset import Media
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from mesoinfo.editorial import typography
from mesoinfo.editorial.editor import LANGUAGE_IN_LABELS, RichTextFormField
from mesoinfo.editorial.fields import SanitizedHTMLField
from mesoinfo.editorial.history import (
    changed_labels,
    compare_versions,
    deleted_records,
    describe,
    restore_deleted,
    restore_version,
    rows_changed_with,
)
from mesoinfo.editorial.models import (
    REVIEW_NOTICE_DAYS,
    Contributor,
    GlossaryTerm,
    RelatedPage,
    ReviewEvent,
    StaleVersionError,
    Status,
    TranslationStatus,
    validate_rpps,
)
from mesoinfo.editorial.registry import admin_worklist, page_types, signoff_required
from mesoinfo.editorial.review import MINOR_TOKENS, ChangeKind
from mesoinfo.editorial.wording import name_libraries

name_libraries()


def with_csp_nonce(request, media):
    """The editor's import map is an inline script: it runs only with this request's CSP nonce."""
    return Media.from_media(media, nonce=str(request.csp_nonce))


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("medical review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("due", _("Due: past or within %(days)s days") % {"days": REVIEW_NOTICE_DAYS}),
            ("overdue", _("Overdue")),
            ("none", _("No review date")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.review_due()
        if self.value() == "overdue":
            return queryset.review_due(within_days=-1)
        if self.value() == "none":
            return queryset.filter(next_review__isnull=True)
        return queryset


class TranslationFilter(admin.SimpleListFilter):
    title = _("English translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return TranslationStatus.choices

    def queryset(self, request, queryset):
        return {
            TranslationStatus.MISSING: queryset.translation_missing,
            TranslationStatus.OUTDATED: queryset.translation_outdated,
            TranslationStatus.UP_TO_DATE: queryset.translation_up_to_date,
        }.get(self.value(), queryset.all)()


# The translation states as a list column shows them, under the heading "English translation".
TRANSLATION_SHORT_LABELS = {
    TranslationStatus.MISSING: _("missing"),
    TranslationStatus.OUTDATED: _("to review"),
    TranslationStatus.UP_TO_DATE: _("up to date"),
}


def stale_message(obj, change_url):
    """The refusal shown to the second of two people who edited the same page."""
    latest = obj.history.select_related("history_user").first()
    who = (
        (latest.history_user.get_full_name() or latest.history_user.get_username())
        if latest and latest.history_user
        else None
    )
    when = formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT") if latest else ""
    saved_by = (
        _("%(who)s saved this page on %(when)s") % {"who": who, "when": when}
        if who
        else _("Someone saved this page on %(when)s") % {"when": when}
    )
    return format_html(
        '{} {} <a href="{}" target="_blank" rel="noopener">{}</a> {}',
        saved_by,
        _("while you were editing it. Your changes were not saved, so as not to erase theirs."),
        change_url,
        _("Open the newer version (new tab)"),
        _("then copy your changes into it and save again. Your text is still below."),
    )


def page_reference(page):
    return f"{page._meta.label_lower}:{page.pk}"


class RelatedPagesField(forms.MultipleChoiceField):
    """The pages of every type that go with this one, chosen in one list grouped by type."""

    widget = FilteredSelectMultiple(_("related pages"), is_stacked=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Related pages"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Pages that go with this one (the articles that explain an answer in depth…): each shows the other."),
        )
        super().__init__(*args, **kwargs)

    def set_choices(self, exclude=None):
        self.choices = [
            (
                model._meta.verbose_name_plural.capitalize(),
                [(page_reference(page), str(page)) for page in model.objects.as_links() if page != exclude],
            )
            for model in page_types()
        ]

    def pages(self, references):
        by_model = {model._meta.label_lower: model for model in page_types()}
        wanted = [reference.rpartition(":") for reference in references]
        found = {}
        for label in {label for label, _sep, _pk in wanted}:
            pks = [pk for name, _sep, pk in wanted if name == label]
            found |= {page_reference(page): page for page in by_model[label]._base_manager.filter(pk__in=pks)}
        return [found[reference] for reference in references if reference in found]


class PlacedLastMixin:
    """A position left empty puts the item last in its section (or last of all, for a section itself): a new
    question must not take the place of those already on the home page."""

    placed_in = None  # the field naming the section the positions are counted in

    def setup_position(self):
        position = self.fields.get("position")
        if position is None:
            return
        position.required = False
        position.help_text = _("Order in the list. Left empty, the item goes last.")
        if not self.instance.pk:
            self.initial["position"] = None

    def clean_position(self):
        position = self.cleaned_data.get("position")
        if position is not None:
            return position
        siblings = type(self.instance)._base_manager.exclude(pk=self.instance.pk)
        if self.placed_in:
            section = self.cleaned_data.get(self.placed_in)
            siblings = siblings.filter(**{self.placed_in: section})
        last = siblings.aggregate(last=Max("position"))["last"]
        return 1 if last is None else last + 1


class PublishableAdminForm(PlacedLastMixin, forms.ModelForm):
    """Hidden version for optimistic locking; status choices limited by role (set by the admin); the pages
    linked to this one (generic links, saved by the admin); the medical sign-off.

    With the site setting "medical sign-off required" on, a page goes online, or an online page's medical
    text changes, only with a sign-off: ticked here by a medical reviewer, or already recorded for this text.
    A superuser may instead tick "Publish without medical review".
    """

    can_publish = False
    signing_as = None  # the medical reviewer profile the user signs off with
    may_publish_unreviewed = False
    signoff_required = True
    related_pages = RelatedPagesField()
    sign_off = forms.BooleanField(
        label=_("I sign off the medical review of this version"),
        required=False,
        help_text=_(
            "You state that you have read its medical text and that it is correct. Your name, your profile and "
            "today's date will be shown on the page, and the sign-off recorded with this version."
        ),
    )
    publish_unreviewed = forms.BooleanField(
        label=_("Publish without medical review"),
        required=False,
        help_text=_(
            "Superusers only. The page goes online saying “Medical review: pending”, and stays listed on the "
            "admin home until a medical reviewer signs it off."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.placed_in = self._meta.model.section_field
        self.setup_position()
        self.fields["related_pages"].set_choices(exclude=self.instance if self.instance.pk else None)
        if self.instance.pk:
            self.initial["related_pages"] = [
                f"{ContentType.objects.get_for_id(type_id).model_class()._meta.label_lower}:{pk}"
                for type_id, pk in RelatedPage.objects.linked_to(self.instance)
            ]
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
        if self.signing_as is None:
            del self.fields["sign_off"]
        if not self.may_publish_unreviewed:
            del self.fields["publish_unreviewed"]
        status = self.fields.get("status")
        if status is not None and not self.can_publish:
            status.choices = [choice for choice in status.choices if choice[0] != Status.PUBLISHED]
            status.help_text = _("Only the medical review group can put a page online.")

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if instance.pk is not None and "version" in cleaned_data:
            current = type(instance)._base_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
            if current is not None and current != cleaned_data["version"]:
                change_url = reverse(
                    f"admin:{instance._meta.app_label}_{instance._meta.model_name}_change", args=[quote(instance.pk)]
                )
                raise ValidationError(stale_message(instance, change_url), code="stale")
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the new values: its change can be measured
        if self.can_publish and self.signoff_required and not self.has_error("version", "stale"):
            problem = self.signoff_problem()
            if problem:
                self.add_error(None, ValidationError(problem, code="signoff"))

    def signoff_problem(self):
        """Why this save may not put the page online, or None."""
        page = self.instance
        if page.status != Status.PUBLISHED or "_unpublish" in self.data:
            return None
        change = page.pending_change()
        if page.stored_status() == Status.PUBLISHED and change != ChangeKind.MEDICAL:
            return None  # online already, and its medical text stays as it was
        if self.cleaned_data.get("sign_off") or self.cleaned_data.get("publish_unreviewed"):
            return None
        if page.is_signed_off and change != ChangeKind.MEDICAL:
            return None  # a reviewer signed off this text while it was waiting
        if self.signing_as is not None:
            return _(
                "This version has no medical sign-off: tick “I sign off the medical review of this version” to put "
                "it online, or choose the status “To review”."
            )
        if self.may_publish_unreviewed:
            return _(
                "This version has no medical sign-off. Have a medical reviewer sign it off, or tick “Publish without "
                "medical review”: the page will then say that its medical review is pending."
            )
        return _(
            "This version has no medical sign-off: a medical reviewer must sign it off before it goes online. "
            "Choose the status “To review”."
        )


class TypographyAdminMixin:
    """What staff type is saved with French typography (non-breaking spaces, apostrophes): see typography.py."""

    def save_model(self, request, obj, form, change):
        typography.typeset(obj)
        super().save_model(request, obj, form, change)


class RichTextAdminMixin(TypographyAdminMixin):
    """The rich-text editor for every SanitizedHTMLField, its French catalogue, and its import map under the CSP."""

    formfield_overrides = {SanitizedHTMLField: {"form_class": RichTextFormField}}

    @property
    def media(self):
        # The editor's catalogue (its dialogs in French, our button labels) before the editor's modules run.
        return super().media + forms.Media(js=[reverse("admin_editor_jsi18n")])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["media"] = with_csp_nonce(request, context["media"])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def image_library(self, request, obj):
        """The addresses through which the editor's Image button lists this page's images ("list") and sends
        a new one ("send"), or None when this page type has no uploaded images (the button is then hidden)."""
        return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        library = self.image_library(request, obj)
        if library:
            for name, field in form.base_fields.items():
                if isinstance(field, RichTextFormField):
                    language = getattr(self.model._meta.get_field(name), "language", None)
                    field.use_images(library, language or settings.LANGUAGE_CODE)
        return form


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """History as staff read it: each version with who, when and the fields it changed (French labels); two
    versions compared as the page shows them; a restore screen that says which version comes back and what
    will change, then names it in its confirmation."""

    object_history_template = "admin/editorial/history.html"
    object_history_list_template = "admin/editorial/publishable/history_list.html"

    def may_publish(self, request):
        """Whether restoring a version may leave a page online (see `PublishableAdmin`)."""
        return True

    def history_view_title(self, request, obj):
        return _("History of “%(page)s”") % {"page": obj}

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        rows = rows_changed_with(records)
        for index, record in enumerate(records):
            previous = records[index + 1] if index + 1 < len(records) else record.prev_record
            record.changed_labels = changed_labels(record, previous)
            record.related_changes = rows[record.history_id]

    def render_history_view(self, request, template, context, **kwargs):
        if "media" in context:
            context["media"] = with_csp_nonce(request, context["media"])
        return super().render_history_view(request, template, context, **kwargs)

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def _history_context(self, request, obj, title):
        opts = self.model._meta
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(obj),
            "opts": opts,
            "object": obj,
            "module_name": capfirst(opts.verbose_name_plural),
        }

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        history = obj.history.all()
        try:
            older = history.get(history_id=request.GET.get("old"))
            newer = history.get(history_id=request.GET.get("new"))
        except (history.model.DoesNotExist, ValueError, ValidationError):
            messages.warning(request, _("Choose two versions to compare."))
            return redirect(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", quote(obj.pk))
        if older.history_date > newer.history_date:
            older, newer = newer, older
        context = {
            **self._history_context(request, obj, _("Compare two versions")),
            "older": older,
            "newer": newer,
            "older_label": describe(older),
            "newer_label": describe(newer),
            "changes": compare_versions(older, newer),
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/editorial/publishable/compare.html", context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The restore screen: which version (date, author), what will change; restored on confirmation."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        record = get_object_or_404(obj.history.select_related("history_user"), history_id=version_id)
        label = describe(record)
        opts = self.model._meta
        if request.method == "POST":
            try:
                restore_version(
                    obj,
                    record,
                    _("Restored the version of %(version)s") % {"version": label},
                    may_publish=self.may_publish(request),
                )
            except StaleVersionError:
                messages.error(request, _("Someone saved this page at the same moment: nothing was restored."))
                return HttpResponseRedirect(request.path)
            self.log_change(request, obj, _("Restored the version of %(version)s") % {"version": label})
            self.message_user(
                request,
                _("The version of %(version)s is back. Check the page, then save it or publish it as usual.")
                % {"version": label},
                messages.SUCCESS,
            )
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", quote(obj.pk))
        current = obj.history.first()
        context = {
            **self._history_context(request, obj, _("Restore a version")),
            "record": record,
            "version_label": label,
            "is_current": current is not None and current.history_id == record.history_id,
            "changes": compare_versions(current, record) if current else {"fields": [], "related": []},
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/editorial/publishable/restore.html", context)


class PublishableAdmin(RichTextAdminMixin, ReadableHistoryAdmin, TabbedTranslationAdmin):
    """Every page type: draft → to review → published, roles, preview, history, no lost update, links."""

    form = PublishableAdminForm
    change_form_template = "admin/editorial/publishable/change_form.html"
    change_list_template = "admin/editorial/publishable/change_list.html"
    actions = ["submit_for_review", "publish", "unpublish"]
    review_fields = ("reviewer", "last_reviewed", "next_review")
    list_per_page = 50

    @property
    def media(self):
        return super().media + forms.Media(js=["mesoinfo/admin.js"])

    # Roles --------------------------------------------------------------------------------------

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(self.model.publish_permission())

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # The reviewer a page names comes from a sign-off, never from a choice in a list.
        names = ["reviewer"]
        if not self.has_publish_permission(request):
            names += [name for name in self.review_fields if name != "reviewer"]
            if obj is not None and obj.status == Status.PUBLISHED:
                names.append("status")  # online: corrections keep it there, medical changes send it to review
        return readonly + [name for name in names if name not in readonly]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.can_publish = self.has_publish_permission(request)
        form.signing_as = Contributor.signing_as(request.user)
        form.may_publish_unreviewed = request.user.is_superuser
        form.signoff_required = signoff_required()
        return form

    def save_model(self, request, obj, form, change):
        can_publish = self.has_publish_permission(request)
        obj._review_user = request.user
        if "_unpublish" in request.POST and can_publish:
            obj.status = Status.DRAFT
        elif (
            obj.status == Status.PUBLISHED
            and not can_publish
            and (obj.stored_status() != Status.PUBLISHED or obj.pending_change() == ChangeKind.MEDICAL)
        ):
            # A crafted form cannot put a page online; a change to the medical text of an online page sends it
            # back to review (offline), while English and minor corrections leave it online.
            obj.status = Status.REVIEW
            if change:
                self.message_user(
                    request,
                    _("Its medical text changed: “%(page)s” is back in review, offline until a reviewer publishes it.")
                    % {"page": obj},
                    messages.WARNING,
                )
        if form.cleaned_data.get("sign_off"):
            obj.sign_off(request.user)
        unreviewed = (
            obj.status == Status.PUBLISHED and request.user.is_superuser and form.cleaned_data.get("publish_unreviewed")
        )
        super().save_model(request, obj, form, change)
        if unreviewed and not obj.is_signed_off:
            obj.log_review(ReviewEvent.Kind.UNREVIEWED_PUBLICATION, user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "related_pages" in form.changed_data:
            field = form.fields["related_pages"]
            RelatedPage.objects.set_for(form.instance, field.pages(form.cleaned_data["related_pages"]))

    # Change form: locking, translation markers, editor under CSP -----------------------------------

    def medical_review_context(self, obj):
        """The change form's medical sign-off panel: the setting, the current sign-off, the log, the rules."""
        return {
            "required": signoff_required(),
            "fields": [str(self.model._meta.get_field(name).verbose_name) for name in self.model.medical_fields()],
            "minor_tokens": MINOR_TOKENS,
            "signoff": obj.signoff if obj is not None and obj.is_signed_off else None,
            "log": list(obj.review_log()[:10]) if obj is not None and obj.pk else [],
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish"] = self.has_publish_permission(request)
        context["medical_review"] = self.medical_review_context(obj)
        if obj is not None:
            context["translation_status"] = obj.translation_status
            context["missing_translations"] = obj.missing_translations()
            context["is_online"] = obj.is_published
            names = {code: LANGUAGE_IN_LABELS.get(code, name) for code, name in settings.LANGUAGES}
            context["images_to_translate"] = [
                {"figure": figure, "languages": [str(names[code]) for code in missing]}
                for figure, missing in obj.images_to_translate()
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # Two saves passed the form check at the same instant: the later one is refused here.
            messages.error(
                request,
                _("Someone else saved this page at the same moment: your changes were not saved. Open it again."),
            )
            return HttpResponseRedirect(request.path)

    def response_change(self, request, obj):
        if "_unpublish" in request.POST:
            self.message_user(request, _("“%(page)s” is offline (draft).") % {"page": obj}, messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # List ---------------------------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def publication_display(self, obj):
        """The status, and whether the page is really online: a page published for a later date is not yet."""
        if obj.status == Status.PUBLISHED and not obj.is_published:
            when = formats.date_format(timezone.localtime(obj.published_at), "SHORT_DATE_FORMAT")
            return format_html(
                '<span class="publication publication-scheduled">{}</span>',
                _("Published, online on %(date)s") % {"date": when},
            )
        return format_html(
            '<span class="publication publication-{}">{}</span>',
            obj.status,
            _("Online") if obj.is_published else obj.get_status_display(),
        )

    @admin.display(description=_("last change"), ordering="updated_at")
    def updated_display(self, obj):
        return formats.date_format(timezone.localtime(obj.updated_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("English translation"))
    def translation_display(self, obj):
        status = obj.translation_status
        return format_html(
            '<span class="translation-status translation-{}" title="{}">{}</span>',
            status,
            status.label,
            TRANSLATION_SHORT_LABELS[status],
        )

    @admin.display(description=_("medical review due"), ordering="next_review")
    def next_review_display(self, obj):
        if obj.next_review is None:
            return "—"
        due = obj.next_review <= timezone.localdate() + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
        return format_html(
            '<span class="{}">{}</span>',
            "review-due" if due else "",
            formats.date_format(obj.next_review, "SHORT_DATE_FORMAT"),
        )

    # Actions (each change saved one by one: history and locking apply) ---------------------------

    def _change_status(self, request, queryset, status, reason, message):
        count = 0
        for obj in queryset:
            obj.status = status
            obj._change_reason = str(reason)
            obj._review_user = request.user
            obj.save()
            self.log_change(request, obj, str(reason))
            count += 1
        self.message_user(request, message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Submit for medical review"))
    def submit_for_review(self, request, queryset):
        self._change_status(
            request,
            queryset.filter(status=Status.DRAFT),
            Status.REVIEW,
            _("Submitted for review"),
            lambda n: ngettext("%(count)d page submitted for review.", "%(count)d pages submitted for review.", n),
        )

    @admin.action(description=_("Put online"), permissions=["publish"])
    def publish(self, request, queryset):
        queryset = queryset.exclude(status=Status.PUBLISHED)
        if signoff_required():
            unsigned = queryset.filter(signoff__isnull=True).count()
            if unsigned:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d page was not put online: its medical text has no sign-off. Open it to sign it "
                        "off (medical reviewers) or to publish it without medical review (superusers).",
                        "%(count)d pages were not put online: their medical text has no sign-off. Open them to sign "
                        "them off (medical reviewers) or to publish them without medical review (superusers).",
                        unsigned,
                    )
                    % {"count": unsigned},
                    messages.WARNING,
                )
            queryset = queryset.filter(signoff__isnull=False)
        self._change_status(
            request,
            queryset,
            Status.PUBLISHED,
            _("Put online"),
            lambda n: ngettext(
                "%(count)d page put online (at its publication date).",
                "%(count)d pages put online (at their publication date).",
                n,
            ),
        )

    @admin.action(description=_("Take offline"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._change_status(
            request,
            queryset.filter(status=Status.PUBLISHED),
            Status.DRAFT,
            _("Taken offline"),
            lambda n: ngettext("%(count)d page taken offline.", "%(count)d pages taken offline.", n),
        )

    # History: restore as someone of this role may, bring back deleted pages ------------------------------

    def may_publish(self, request):
        """A restored version stays online only for someone who may publish, and, when the medical sign-off is
        required, only if it leaves the medical text as it is (else it goes back to review, to be signed off)."""
        can_publish = self.has_publish_permission(request)

        def stays_online(page):
            page._review_user = request.user
            return can_publish and not (signoff_required() and page.pending_change() == ChangeKind.MEDICAL)

        return stays_online

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name="{}_{}_deleted".format(*info)),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        if request.method == "POST":
            if not self.has_add_permission(request):
                raise PermissionDenied
            record = get_object_or_404(self.model.history.model, history_id=request.POST.get("history_id"))
            if record.history_type != "-" or self.model._base_manager.filter(pk=record.id).exists():
                raise Http404
            obj = restore_deleted(record, may_publish=self.has_publish_permission(request))
            self.log_addition(request, obj, str(_("Restored after deletion")))
            self.message_user(
                request,
                _("“%(page)s” is back, with its former status; check it before publishing it again.") % {"page": obj},
                messages.SUCCESS,
            )
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", quote(obj.pk))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(pages)s") % {"pages": opts.verbose_name_plural},
            "opts": opts,
            "records": deleted_records(self.model),
            "can_restore": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/editorial/publishable/deleted.html", context)


class ContributorForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rpps = self.fields.get("rpps")
        if rpps is not None:
            # Typed with spaces as on a card ("101 0123 4567"): the length is checked once they are left out.
            rpps.max_length = None
            rpps.validators = [v for v in rpps.validators if not isinstance(v, MaxLengthValidator)]
            rpps.widget.attrs.update(maxlength="20", inputmode="numeric")

    def clean_rpps(self):
        """Spaces and dots as people type them are left out; then exactly 11 digits."""
        rpps = "".join(char for char in self.cleaned_data.get("rpps", "") if char not in " .\u00a0")
        if rpps:
            validate_rpps(rpps)
        return rpps


@admin.register(Contributor)
class ContributorAdmin(TypographyAdminMixin, TabbedTranslationAdmin):
    """Authors and medical reviewers. Only superusers make someone a medical reviewer, set their RPPS number and
    link them to the staff account they sign off with."""

    form = ContributorForm
    list_display = ["name", "role", "is_medical_reviewer", "rpps", "key"]
    list_filter = ["is_medical_reviewer", "is_team"]
    prepopulated_fields = {"key": ["name"]}
    search_fields = ["name", "role", "qualifications", "speciality", "rpps"]
    fieldsets = [
        (None, {"fields": ["name", "key", "role", "is_team", "bio"]}),
        (
            _("Medical reviewer"),
            {
                "fields": [
                    "is_medical_reviewer",
                    "qualifications",
                    "speciality",
                    "rpps",
                    "annuaire_link",
                    "declaration_of_interests",
                    "interests_declared_on",
                    "user",
                ],
                "description": _(
                    "A medical reviewer is a physician: their qualification, speciality, RPPS number (with its "
                    "public record in the « Annuaire santé ») and declaration of interests are shown on their public "
                    "page. Pages name them only once they have signed off the text, from the staff account linked "
                    "here."
                ),
            },
        ),
    ]
    superuser_fields = ["is_medical_reviewer", "rpps", "user"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["annuaire_link"]
        return readonly if request.user.is_superuser else readonly + self.superuser_fields

    @admin.display(description=_("« Annuaire santé » record"))
    def annuaire_link(self, obj):
        if obj is None or not obj.rpps:
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.annuaire_url, obj.annuaire_url)


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    """The medical review log of every page: read only, written by the sign-offs and the changes."""

    list_display = ["at", "kind", "page_link", "version", "reviewer", "user"]
    list_filter = ["kind", "page_type"]
    list_select_related = ["page_type", "reviewer", "user"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("page"))
    def page_link(self, obj):
        model = obj.page_type.model_class()
        if model is None:
            return "—"
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[quote(obj.page_id)])
        return format_html('<a href="{}">{} {}</a>', url, model._meta.verbose_name, obj.page_id)


class SectionAdminForm(PlacedLastMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_position()


class SectionAdmin(TypographyAdminMixin, TabbedTranslationAdmin):
    """Article categories and FAQ themes."""

    form = SectionAdminForm
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_fr"]}
    search_fields = ["name", "description"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(TypographyAdminMixin, TabbedTranslationAdmin):
    list_display = ["term", "slug", "updated_at"]
    search_fields = ["term", "definition", "other_forms", "slug"]
    prepopulated_fields = {"slug": ["term_fr"]}
    fields = ["term", "slug", "definition", "other_forms"]


# What awaits each user (admin index) and the translation overview ------------------------------------


def _changelist_url(model, query):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + query


def worklist(user, limit=8):
    """The admin index's panel, as the database has it: for each task, the number of pages concerned and the
    first ones; then what the other apps add (reports to handle, what the site lacks before going live)."""
    sections = []

    def add(title, empty, pages_by_model, kind=""):
        items, total, links = [], 0, []
        for model, queryset, url in pages_by_model:
            count = queryset.count()
            total += count
            if count:
                links.append((model._meta.verbose_name_plural, count, url))
            for obj in queryset[:limit]:
                change_url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[quote(obj.pk)]
                )
                items.append({"object": obj, "url": change_url, "model": model._meta.verbose_name})
        sections.append(
            {"title": title, "empty": empty, "items": items[:limit], "total": total, "links": links, "kind": kind}
        )

    models = [m for m in page_types() if user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}")]
    if models:
        add(
            _("Pages without medical sign-off"),
            _("Every published page is signed off by a medical reviewer."),
            [
                (
                    m,
                    m.objects.without_signoff().order_by("-published_at"),
                    _changelist_url(m, "?status__exact=published&signoff__isnull=True"),
                )
                for m in models
            ],
            kind="unsigned",
        )
        add(
            _("Medical reviews overdue"),
            _("No medical review is overdue."),
            [
                (m, m.objects.review_overdue().order_by("next_review"), _changelist_url(m, "?review=overdue"))
                for m in models
            ],
            kind="overdue",
        )
        publishers = [m for m in models if user.has_perm(m.publish_permission())]
        if publishers:
            add(
                _("To review and publish"),
                _("Nothing is waiting for your review."),
                [(m, m.objects.awaiting_review(), _changelist_url(m, "?status__exact=review")) for m in publishers],
            )
            add(
                _("Medical review due (within %(days)s days)") % {"days": REVIEW_NOTICE_DAYS},
                _("No review is due."),
                [
                    (
                        m,
                        m.objects.review_due().exclude(pk__in=m.objects.review_overdue()).order_by("next_review"),
                        _changelist_url(m, "?review=due"),
                    )
                    for m in publishers
                ],
            )
        else:
            add(
                _("Waiting for the medical review"),
                _("No page is waiting for the medical review."),
                [(m, m.objects.awaiting_review(), _changelist_url(m, "?status__exact=review")) for m in models],
            )
        add(
            _("Drafts in progress"),
            _("No draft in progress."),
            [
                (
                    m,
                    m.objects.filter(status=Status.DRAFT).order_by("-updated_at"),
                    _changelist_url(m, "?status__exact=draft"),
                )
                for m in models
            ],
        )
        add(
            _("Translations missing or to review"),
            _("Every translation is up to date."),
            [
                (m, m.objects.translation_missing() | m.objects.translation_outdated(), reverse("admin_translations"))
                for m in models
            ],
        )
    return sections + admin_worklist(user, limit)


def translation_status_view(request):
    """Every article and question with its English translation status (one admin page)."""
    models = [m for m in page_types() if request.user.has_perm(f"{m._meta.app_label}.view_{m._meta.model_name}")]
    if not models:
        raise PermissionDenied
    wanted = request.GET.get("status")
    rows = []
    for model in models:
        for obj in model.objects.order_by("pk"):
            status = obj.translation_status
            rows.append(
                {
                    "object": obj,
                    "model": model._meta.verbose_name,
                    "status": status,
                    "missing": [str(model._meta.get_field(name).verbose_name) for name in obj.missing_translations()],
                    "url": reverse(
                        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[quote(obj.pk)]
                    ),
                }
            )
    counts = {status: sum(1 for row in rows if row["status"] == status) for status in TranslationStatus.values}
    context = {
        **admin.site.each_context(request),
        "title": _("Translations"),
        "rows": [row for row in rows if row["status"] == wanted] if wanted else rows,
        "statuses": [(value, label, counts[value]) for value, label in TranslationStatus.choices],
        "wanted": wanted,
    }
    return TemplateResponse(request, "admin/editorial/translation_status.html", context)
