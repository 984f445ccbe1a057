from django import template

from mesoinfo.editorial.admin import worklist as build_worklist

register = template.Library()


@register.simple_tag(takes_context=True)
def worklist(context):
    """The admin index's "what awaits you" panel for the signed-in user."""
    return build_worklist(context["request"].user)
