"""Reading the history that django-simple-history keeps: comparing two versions, bringing back a deletion."""

import datetime
import difflib
import html
import re

from django.db import models, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe

BLOCK_END = re.compile(r"</(p|h2|h3|li|blockquote|ul|ol|figure)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
TOKEN = re.compile(r"\s+|[^\s]+")
# A cascade deletes the related rows just before the row itself, within the same request.
CASCADE_WINDOW = datetime.timedelta(minutes=1)


def readable_text(value):
    """Text as staff read it: HTML tags removed, one line per paragraph, heading or list item."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text:
        text = html.unescape(TAG.sub("", BLOCK_END.sub("\n", text)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def word_diff(old, new):
    """`old` → `new` word by word, removed words in <del>, added ones in <ins> (escaped)."""
    old_tokens, new_tokens = TOKEN.findall(readable_text(old)), TOKEN.findall(readable_text(new))
    parts = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(old_tokens[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(''.join(old_tokens[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(''.join(new_tokens[b1:b2]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 — every piece is escaped above


def _display(model, field_name, value):
    field = model._meta.get_field(field_name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def compare(older, newer):
    """The fields that differ between two historical records of one object, with a readable diff."""
    model = older.instance_type
    delta = newer.diff_against(older, foreign_keys_are_objs=True)
    rows = []
    field_order = [field.name for field in model._meta.fields]
    for change in sorted(delta.changes, key=lambda c: field_order.index(c.field) if c.field in field_order else 0):
        field = model._meta.get_field(change.field)
        old, new = _display(model, change.field, change.old), _display(model, change.field, change.new)
        rows.append({"label": str(field.verbose_name), "diff": word_diff(old, new), "old": old, "new": new})
    return rows


def deleted_records(model):
    """The latest history record of each deleted object that has not come back since, newest first."""
    existing = model._base_manager.values_list("pk", flat=True)
    records = model.history.filter(history_type="-").exclude(id__in=existing).order_by("-history_date")
    latest = {}
    for record in records.select_related("history_user"):
        latest.setdefault(record.id, record)
    return list(latest.values())


def _cascaded_models(model):
    """Models deleted along with `model` (foreign key with CASCADE) that keep a history too."""
    for relation in model._meta.related_objects:
        if relation.one_to_many and relation.on_delete is models.CASCADE and hasattr(relation.related_model, "history"):
            yield relation.related_model, relation.field.attname


@transaction.atomic
def restore_deleted(record, may_publish=True):
    """Recreate a deleted object from its last history record, with the rows its deletion took along.

    Someone who may not publish brings a published page back as "to review". Returns the restored
    object. Its files (images) were never deleted from the storage.
    """
    obj = record.instance
    if not may_publish and getattr(obj, "status", None) == "published":
        obj.status = "review"
    if hasattr(obj, "loaded_checksum"):
        # Brought back by staff: `load_content` must treat it as edited and leave it alone.
        obj.loaded_checksum = "restored"
    obj.save(force_insert=True)
    for related_model, fk_attname in _cascaded_models(type(obj)):
        candidates = related_model.history.filter(
            history_type="-",
            history_date__gte=record.history_date - CASCADE_WINDOW,
            history_date__lte=record.history_date,
            **{fk_attname: obj.pk},
        ).exclude(id__in=related_model._base_manager.values_list("pk", flat=True))
        seen = set()
        for related in candidates.order_by("-history_date"):
            if related.id not in seen:
                seen.add(related.id)
                related.instance.save(force_insert=True)
    return obj
