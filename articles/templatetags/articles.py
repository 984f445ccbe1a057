from django import template

from articles.models import EvidenceLevel

register = template.Library()


@register.simple_tag
def evidence_levels():
    """The four levels of the evidence scale, from "not evaluated" to "moderate evidence"."""
    return list(EvidenceLevel)
