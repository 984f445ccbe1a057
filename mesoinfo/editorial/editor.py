"""The admin's rich-text editor (django-prose-editor), limited to what the public pages show.

The editor's own schema already drops what it does not know (pasted images, styles, scripts); the form
field then cleans with the site's allow-list, and the model field cleans again on every save path.
"""

from django_prose_editor.fields import ProseEditorFormField, _actually_empty
from django_prose_editor.widgets import AdminProseEditorWidget

from mesoinfo.editorial.html import sanitize_html

EXTENSIONS = {
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    # Figures with the site's own images (the skin diagram): the sanitiser keeps /static/ and /media/ only.
    "Figure": True,
    "Caption": True,
    "Image": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}


def clean_editor_html(value):
    """Sanitise, and turn the editor's lone empty paragraph into an empty value (so "required" works)."""
    return _actually_empty(sanitize_html(value or "").strip())


class RichTextFormField(ProseEditorFormField):
    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        kwargs["widget"] = AdminProseEditorWidget
        super().__init__(*args, extensions=EXTENSIONS, sanitize=clean_editor_html, **kwargs)

    def to_python(self, value):
        return clean_editor_html(super().to_python(value))
