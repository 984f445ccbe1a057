"""Titles of the admin's forms in French (see mesoinfo.editorial.wording)."""

from django import template

from mesoinfo.editorial import wording

register = template.Library()


@register.simple_tag
def form_title(opts, add=False, change=True):
    return wording.title(opts, add=add, change=change)
