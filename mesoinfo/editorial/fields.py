from django.db import models

from mesoinfo.editorial.html import sanitize_html


class SanitizedHTMLField(models.TextField):
    """A text field holding HTML, cleaned on every write path.

    `pre_save` cleans the value on `save()` and `bulk_create()` (and updates the instance);
    `get_db_prep_save` also covers `QuerySet.update()` and `bulk_update()`. django-modeltranslation
    builds its per-language fields as subclasses of this class, so every language is cleaned too.
    """

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        if isinstance(value, str):
            value = sanitize_html(value)
        return super().get_db_prep_save(value, connection)
