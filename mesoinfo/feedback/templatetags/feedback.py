"""The readers' forms at the foot of every content page: the same for every visitor (no token, no cookie)."""

from django import template

from mesoinfo.feedback.forms import ReportForm, VoteForm, reference

register = template.Library()


@register.inclusion_tag("feedback/includes/report_form.html")
def report_form(page):
    return {"form": ReportForm(initial={"page": reference(page)})}


@register.inclusion_tag("feedback/includes/helpful_form.html")
def helpful_form(page):
    return {"form": VoteForm(initial={"page": reference(page)})}
