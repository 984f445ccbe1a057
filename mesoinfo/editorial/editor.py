"""The admin's rich-text editor (django-prose-editor), limited to what the public pages show.

The editor's own schema already drops what it does not know (pasted images, styles, scripts); the form
field then cleans with the site's allow-list, and the model field cleans again on every save path.

`mesoinfo/editor.js` (a static ES module the editor loads) replaces two of the editor's tools: the image
button, which sends an image or picks one already sent for the page and places it at the cursor as a figure
(`use_images`), and the link dialog, whose wording follows the action (insert or change).
"""

from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import pgettext_lazy
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
    # Figures with the site's own images (the skin diagram, uploaded images): the sanitiser keeps /static/ and
    # /media/ only.
    "Figure": True,
    "Caption": True,
    "Image": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}

# How the image dialog's labels name a language: "Alternative text (French)".
LANGUAGE_IN_LABELS = {
    "fr": pgettext_lazy("language in a label", "French"),
    "en": pgettext_lazy("language in a label", "English"),
}


def clean_editor_html(value):
    """Sanitise, and turn the editor's lone empty paragraph into an empty value (so "required" works)."""
    return _actually_empty(sanitize_html(value or "").strip())


class RichTextWidget(AdminProseEditorWidget):
    """The editor, with MésoInfo's image and link tools (a static module, allowed by the admin's CSP)."""

    def get_config(self):
        config = super().get_config()
        config["js_modules"] = [*config.get("js_modules", []), static("mesoinfo/editor.js")]
        return config


class RichTextFormField(ProseEditorFormField):
    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        kwargs["widget"] = RichTextWidget
        super().__init__(*args, extensions=dict(EXTENSIONS), sanitize=clean_editor_html, **kwargs)

    def to_python(self, value):
        return clean_editor_html(super().to_python(value))

    def use_images(self, library, language):
        """Show the Image button: `library` holds the addresses through which it lists this page's images
        ("list") and sends a new one ("send"); `language` is the language of this text, in which the image's
        alternative text is asked for."""
        languages = [code for code, _name in settings.LANGUAGES]
        names = {code: str(LANGUAGE_IN_LABELS.get(code, name)) for code, name in settings.LANGUAGES}
        self.config["extensions"]["Figure"] = {
            "images": library,
            "language": language,
            "languages": [{"code": code, "name": names[code]} for code in languages],
        }
        self.widget.config = self.config
