"""Fill and send the real admin forms, as a browser would: every field keeps what the page holds unless
the test changes it, so fields added later to the admin (editors, images…) are sent too."""

import re
from html.parser import HTMLParser

from django.db import models
from django.urls import reverse

from tests.support.payloads import fitting

NOT_SENT = {"submit", "button", "reset", "image", "file"}  # inputs a browser sends only when clicked, or as files


class FormParser(HTMLParser):
    """The successful controls of the form with the given id (the values a browser would send, buttons and
    files aside), as a dict of lists in the order of the page."""

    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id  # None: the first form of the page
        self.in_form = False
        self._seen_form = False
        self.data = {}
        self._textarea = None
        self._select = None  # (name, multiple, options [(value, selected)])
        self._option = None

    def _add(self, name, value):
        if name and "__prefix__" not in name:
            self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id if self.form_id else not self._seen_form
            self._seen_form = True
        if not self.in_form:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(attrs.get("name"), attrs.get("value", "on"))
            elif kind not in NOT_SENT:
                self._add(attrs.get("name"), attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]
        elif tag == "select":
            self._select = (attrs.get("name"), "multiple" in attrs, [])
        elif tag == "option" and self._select:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
            self._select[2].append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            self._add(name, text.removeprefix("\n"))
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple, options = self._select
            chosen = [value if value is not None else text for value, selected, text in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0] if options[0][0] is not None else options[0][2]]
            for value in chosen:
                self._add(name, value)
            self._select = None
        elif tag == "option":
            self._option = None


def parse_form(html, form_id=None):
    """{name: [values]} that the form `form_id` (the first form of the page when None) would send."""
    parser = FormParser(form_id)
    parser.feed(html)
    return parser.data


def form_values(response, form_id=None):
    """The values the form would send, as a dict for Django's test client."""
    return {
        name: items if len(items) > 1 else items[0]
        for name, items in parse_form(response.content.decode(), form_id).items()
    }


def form_fields(html, form_id=None):
    """The values the form would send, as [name, value] pairs (each one a list, so that a test can change
    it), for a client speaking HTTP to a real server (tests.support.servers.Browser)."""
    return [[name, value] for name, values in parse_form(html, form_id).items() for value in values]


def text_fields(model, data, skip=()):
    """The names in `data` of the model's free-text fields (both languages of translated ones)."""
    names = []
    for name in data:
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - inline, management and widget fields are not model fields
            continue
        free_text = isinstance(field, models.CharField | models.TextField) and not isinstance(
            field, models.SlugField | models.URLField | models.EmailField
        )
        if free_text and not field.choices and name not in skip:
            names.append(name)
    return names


def admin_form(client, model, obj=None):
    """The data that the add form (or the change form of `obj`) would send as it stands."""
    info = model._meta.app_label, model._meta.model_name
    url = (
        reverse(f"admin:{info[0]}_{info[1]}_change", args=[obj.pk])
        if obj
        else reverse(f"admin:{info[0]}_{info[1]}_add")
    )
    response = client.get(url)
    assert response.status_code == 200, url
    return url, parse_form(response.content.decode(), f"{info[1]}_form")


def save(client, model, obj=None, payloads=None, values=None, skip=()):
    """Fill every free-text field with as many `payloads` as fit, apply `values`, send, expect a save."""
    url, data = admin_form(client, model, obj)
    if payloads:
        for name in text_fields(model, data, skip):
            data[name] = [fitting(payloads, model._meta.get_field(name).max_length)]
    for name, value in (values or {}).items():
        data[name] = value if isinstance(value, list) else [value]
    data["_save"] = ["Enregistrer"]
    response = client.post(url, data)
    if response.status_code != 302:
        errors = response.context and [str(form.errors) for form in response.context.get("errors", [])]
        raise AssertionError(f"{url} not saved: {errors or response.content.decode()[:2000]}")
    return response


def errors_for(client, model, values, obj=None):
    """Send the form with `values` and return the error list (the admin must refuse it)."""
    url, data = admin_form(client, model, obj)
    for name, value in values.items():
        data[name] = [value]
    response = client.post(url, data)
    assert response.status_code == 200, f"{url} accepted {values}"
    return response.context["errors"]


def form_errors(response):
    """The error messages an admin form shows (its error note and every error list), as plain text, for the
    message of a failed assertion."""
    html = response.content.decode()
    found = re.findall(r'(?s)<(?:p class="errornote"|ul class="errorlist[^"]*"[^>]*)>(.*?)</(?:p|ul)>', html)
    return " | ".join(" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in found)
