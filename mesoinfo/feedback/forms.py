"""The two forms readers send about a page, and how a form names the page it is about.

A form names its page by a reference ("articles.article:12"), checked on receipt: only published pages of a
page type, and the pages about the site, take reports and answers.
"""

import re

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from mesoinfo.editorial.registry import page_types
from mesoinfo.pages.models import SitePage

MESSAGE_MAX_LENGTH = 2000
MAX_LINKS = 3
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def reference(page):
    """How a form names `page`."""
    return f"{page._meta.label_lower}:{page.pk}"


def target_models():
    return [*page_types(), SitePage]


def resolve(value):
    """The page a reference names, if readers may see it; else None."""
    label, _sep, pk = (value or "").partition(":")
    model = {model._meta.label_lower: model for model in target_models()}.get(label)
    if model is None or not pk.isdigit() or len(pk) > 18:
        return None
    pages = model.objects.published() if hasattr(model.objects, "published") else model.objects.all()
    return pages.filter(pk=int(pk)).first()


class PageField(forms.CharField):
    widget = forms.HiddenInput
    default_error_messages = {
        "required": _("This form does not say which page it is about: go back to the page and send it from there."),
        "unknown": _("This page does not exist or is no longer online."),
    }

    def clean(self, value):
        page = resolve(super().clean(value))
        if page is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return page


class FeedbackForm(forms.Form):
    """What both forms share: the page, and a field hidden from people that robots fill in (a honeypot)."""

    page = PageField(max_length=100)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # the labels are questions or end on their own
        super().__init__(*args, **kwargs)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _(
                    "Your message was not saved: a field meant to stop robots was filled in. If you are a person, "
                    "leave the field “Leave this field empty” empty and send it again."
                ),
                code="honeypot",
            )
        return ""

    @property
    def is_robot(self):
        return self.has_error("website", "honeypot")


class ReportForm(FeedbackForm):
    message = forms.CharField(
        label=_("What seems wrong or unclear on this page?"),
        # The length is checked in clean_message, to give it with the numbers written as readers write them.
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MESSAGE_MAX_LENGTH}),
        help_text=_("At most 2,000 characters. Please give no detail about your health."),
        error_messages={"required": _("Your message is empty: write what seems wrong on the page.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only if you would like a reply: it is used for nothing else."),
        error_messages={"invalid": _("This e-mail address is not valid: check it, or leave the field empty.")},
    )

    field_order = ["page", "message", "email", "website"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "report-%s")
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_message(self):
        message = self.cleaned_data["message"]
        if len(message) > MESSAGE_MAX_LENGTH:
            raise forms.ValidationError(
                _("Your message is too long: %(length)s characters, at most %(limit)s. Please shorten it."),
                code="max_length",
                params={
                    "length": number_format(len(message), force_grouping=True),
                    "limit": number_format(MESSAGE_MAX_LENGTH, force_grouping=True),
                },
            )
        links = len(LINK.findall(message))
        if links > MAX_LINKS:
            raise forms.ValidationError(
                _("Your message contains %(count)s links; at most %(max)s are accepted. Please remove the others."),
                code="links",
                params={"count": links, "max": MAX_LINKS},
            )
        return message


class VoteForm(FeedbackForm):
    answer = forms.ChoiceField(
        label=_("Was this page useful to you?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={
            "required": _("Choose “Yes” or “No”."),
            "invalid_choice": _("Choose “Yes” or “No”."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "helpful-%s")
        super().__init__(*args, **kwargs)
