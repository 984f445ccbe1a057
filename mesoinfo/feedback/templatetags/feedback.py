"""The readers' forms at the foot of every content page: the same for every visitor (no token, no cookie).

Unfilled, a form differs from page to page only by the reference of its page: it is rendered once per
language (`mesoinfo.pages.fragments`) with a stand-in for the reference, which each page then puts its own in.
"""

from django import template

from mesoinfo.feedback.forms import ReportForm, VoteForm, reference
from mesoinfo.pages import fragments

register = template.Library()

STAND_IN = "page-reference-stand-in"


def unfilled_form(template_name, form_class, page):
    """The HTML of an unfilled form about `page`."""

    def context():
        return {"form": form_class(initial={"page": STAND_IN})}

    return fragments.filled(template_name, context, {STAND_IN: reference(page)})


@register.simple_tag
def report_form(page):
    return unfilled_form("feedback/includes/report_form.html", ReportForm, page)


@register.simple_tag
def helpful_form(page):
    return unfilled_form("feedback/includes/helpful_form.html", VoteForm, page)
