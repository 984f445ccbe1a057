from django import forms
from django.utils.translation import gettext_lazy as _

from mesoinfo.editorial.text import clean, words

MAX_QUERY_LENGTH = 200


class QueryField(forms.CharField):
    """A search query without invisible characters (control characters, direction marks…)."""

    def to_python(self, value):
        return clean(super().to_python(value))


class SearchForm(forms.Form):
    q = QueryField(
        label=_("Search the site"),
        min_length=2,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": _("Type a word or a question to search for."),
            "min_length": _("Type at least %(limit_value)d letters or digits."),
            "max_length": _("Your search is too long: %(limit_value)d characters at most, please shorten it."),
        },
    )

    def clean_q(self):
        query = self.cleaned_data["q"]
        if not words(query):
            raise forms.ValidationError(_("Type words with letters or digits."), code="no_words")
        return query

    def value_to_show(self):
        """What the visitor typed, cleaned and cut to the allowed length, to fill the search box again."""
        return clean(str(self.data.get("q", "")))[:MAX_QUERY_LENGTH]
