"""Sanitising of the rich text that staff write (article bodies, FAQ answers).

Whatever arrives — typed in the admin, pasted from a word processor, loaded from a file or written
through the ORM — is cleaned against one allow-list before it reaches the database.
"""

import re

import nh3

ALLOWED_TAGS = {
    "h2", "h3", "p", "br", "ul", "ol", "li", "strong", "em", "a", "blockquote",
    "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Images in bodies may only come from this site's own static or media files.
LOCAL_IMAGE_PREFIXES = ("/static/", "/media/")


# An image whose source was refused (not one of ours) is left without src: drop what remains of it.
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _filter_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src" and not value.startswith(LOCAL_IMAGE_PREFIXES):
        return None
    return value


def sanitize_html(value):
    """Return `value` reduced to the allowed tags, attributes and URL schemes."""
    if not value:
        return value
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return IMAGE_WITHOUT_SOURCE.sub("", cleaned).strip()
