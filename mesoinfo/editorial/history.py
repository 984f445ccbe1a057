"""Reading the history that django-simple-history keeps, as staff read a page: what changed between two
versions, field by field with French labels, rich text shown as the page shows it (bold, links, images) with
insertions and deletions marked, and the rows that go with a page (sources, images); restoring a version
(texts, rows, and the translation state that goes with the texts); bringing back a deletion."""

import datetime
import difflib
import html
import re
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator

from mesoinfo.editorial.editor import LANGUAGE_IN_LABELS
from mesoinfo.editorial.fields import SanitizedHTMLField
from mesoinfo.editorial.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from mesoinfo.editorial.models import Status

BLOCK_END = re.compile(r"</(p|h2|h3|li|blockquote|ul|ol|figure)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
TOKEN = re.compile(r"\s+|[^\s]+")
# A cascade deletes the related rows just before the row itself, within the same request.
CASCADE_WINDOW = datetime.timedelta(minutes=1)
# What a restore leaves as it is: the publication workflow, bookkeeping, and derived data.
NOT_RESTORED = {"status", "published_at", "version", "created_at", "updated_at", "loaded_checksum"}
# The dates that tell whether a page's translation is up to date (see `Publishable.translation_status`).
LANGUAGE_DATE_FIELDS = {"fr": "french_updated_at", "en": "english_updated_at"}


# Labels and values -------------------------------------------------------------------------------------


def translated_field_names(model):
    """The fields django-modeltranslation copies per language: their base column is not shown, its copies are."""
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def texts_of(obj_or_record, model, language):
    """The values of the translated fields of one language (title, text…), for telling whether they changed."""
    names = [f"{name}_{language}" for name in sorted(translated_field_names(model))]
    return [getattr(obj_or_record, name, "") or "" for name in names]


def field_label(field):
    """A field as staff know it: "Texte (français)" for a language's copy of a translated field."""
    language = getattr(field, "language", None)
    base = getattr(field, "translated_field", field)
    label = capfirst(str(base.verbose_name))
    if language:
        name = str(LANGUAGE_IN_LABELS.get(language, dict(settings.LANGUAGES).get(language, language)))
        return _("%(field)s (%(language)s)") % {"field": label, "language": name}
    return label


def shown_fields(model):
    """The fields a comparison shows, in the form's order: not the base column of translated fields, nor the
    dates Django keeps by itself."""
    hidden = translated_field_names(model)
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in hidden
        and not field.primary_key
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


def display_value(field, value):
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def readable_text(value):
    """Text as staff read it: HTML tags removed, one line per paragraph, heading or list item."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text:
        text = html.unescape(TAG.sub("", BLOCK_END.sub("\n", text)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def diff_runs(old_tokens, new_tokens, is_space):
    """[(kind, tokens)] with kind "equal", "del" or "ins": the changes of `old_tokens` → `new_tokens`, where
    the spaces between two changed words count as changed too, so that an added sentence reads as one
    insertion rather than words separated by unchanged spaces."""
    runs, deleted, inserted = [], [], []
    opcodes = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False).get_opcodes()
    for index, (operation, a1, a2, b1, b2) in enumerate(opcodes):
        if operation == "equal":
            between_changes = (deleted or inserted) and index + 1 < len(opcodes)
            if between_changes and all(is_space(token) for token in new_tokens[b1:b2]):
                deleted += old_tokens[a1:a2]
                inserted += new_tokens[b1:b2]
                continue
            runs += [("del", deleted)] * bool(deleted) + [("ins", inserted)] * bool(inserted)
            deleted, inserted = [], []
            runs.append(("equal", new_tokens[b1:b2]))
        else:
            deleted += old_tokens[a1:a2]
            inserted += new_tokens[b1:b2]
    return runs + [("del", deleted)] * bool(deleted) + [("ins", inserted)] * bool(inserted)


def word_diff(old, new):
    """`old` → `new` word by word, removed words in <del>, added ones in <ins> (escaped)."""
    old_tokens, new_tokens = TOKEN.findall(readable_text(old)), TOKEN.findall(readable_text(new))
    parts = []
    for kind, tokens in diff_runs(old_tokens, new_tokens, str.isspace):
        text = escape("".join(tokens))
        parts.append(text if kind == "equal" else f"<{kind}>{text}</{kind}>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 — every piece is escaped above


# Rich text compared as it is shown ------------------------------------------------------------------------

BLOCK_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "blockquote", "figure", "figcaption"}
VOID_TAGS = {"br", "img"}
KEPT_ATTRIBUTES = {"href", "title", "src", "alt", "width", "height"}


class _Node:
    def __init__(self, tag, attrs=()):
        self.tag = tag
        self.attrs = tuple((name, value or "") for name, value in attrs if name in KEPT_ATTRIBUTES)
        self.children = []

    @property
    def is_block(self):
        return self.tag in BLOCK_TAGS

    @property
    def has_blocks(self):
        return any(isinstance(child, _Node) and child.is_block for child in self.children)

    def open(self):
        attributes = "".join(f' {name}="{escape(value)}"' for name, value in self.attrs)
        return f"<{self.tag}{attributes}>"

    def close(self):
        return "" if self.tag in VOID_TAGS else f"</{self.tag}>"

    def html(self):
        inner = "".join(escape(child) if isinstance(child, str) else child.html() for child in self.children)
        return f"{self.open()}{inner}{self.close()}"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(_Node(tag, attrs))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _unwrap_list_paragraphs(node):
    """`<li><p>text</p></li>` (the editor's way) and `<li>text</li>` (the content files') look the same."""
    for child in node.children:
        if isinstance(child, _Node):
            _unwrap_list_paragraphs(child)
    if node.tag == "li":
        blocks = [child for child in node.children if not (isinstance(child, str) and not child.strip())]
        if len(blocks) == 1 and isinstance(blocks[0], _Node) and blocks[0].tag == "p":
            node.children = blocks[0].children


def _tree(value):
    builder = _TreeBuilder()
    builder.feed(value or "")
    builder.close()
    _unwrap_list_paragraphs(builder.root)
    return builder.root


def _blocks(node):
    """A node's children as blocks: runs of inline content between blocks become anonymous blocks."""
    blocks, run = [], None
    for child in node.children:
        if isinstance(child, _Node) and (child.is_block or (child.tag == "img" and node.tag != "root")):
            blocks.append(child)
            run = None
        elif isinstance(child, str) and not child.strip() and run is None:
            continue  # whitespace between blocks
        else:
            if run is None:
                run = _Node(None)
                blocks.append(run)
            run.children.append(child)
    return blocks


def _render(node):
    if node.tag is None:
        return "".join(escape(child) if isinstance(child, str) else child.html() for child in node.children)
    return node.html()


def _render_marked(node, mark):
    """A whole block added or removed."""
    if node.tag in VOID_TAGS:
        return f"<{mark}>{node.html()}</{mark}>"
    if node.tag is not None and node.has_blocks:
        return node.open() + "".join(_render_marked(child, mark) for child in _blocks(node)) + node.close()
    inner = "".join(escape(child) if isinstance(child, str) else child.html() for child in node.children)
    wrapped = f"<{mark}>{inner}</{mark}>" if inner.strip() else inner
    return f"{node.open()}{wrapped}{node.close()}" if node.tag else wrapped


def _inline_tokens(node, context=()):
    """The words, spaces and inline images of a block, each with the formatting around it (bold, link…)."""
    tokens = []
    for child in node.children:
        if isinstance(child, str):
            tokens += [("text", word, context) for word in TOKEN.findall(child)]
        elif child.tag in VOID_TAGS:
            tokens.append(("void", child.html(), context))
        else:
            tokens += _inline_tokens(child, (*context, (child.tag, child.attrs)))
    return tokens


def _render_tokens(marked):
    """Tokens marked None, "del" or "ins", with their formatting opened and closed around each run."""
    output, run, current = [], [], None
    for kind, value, context, mark in [*marked, (None, None, None, None)]:
        if (context, mark) != current and run:
            tags = [_Node(tag, attrs) for tag, attrs in current[0]]
            text = "".join(run)
            if current[1]:
                text = f"<{current[1]}>{text}</{current[1]}>"
            output.append("".join(tag.open() for tag in tags) + text + "".join(tag.close() for tag in reversed(tags)))
            run = []
        if kind is None:
            break
        current = (context, mark)
        run.append(escape(value) if kind == "text" else value)
    return "".join(output)


def _inline_diff(old, new):
    old_tokens, new_tokens = _inline_tokens(old), _inline_tokens(new)
    runs = diff_runs(old_tokens, new_tokens, lambda token: token[0] == "text" and token[1].isspace())
    return _render_tokens([(*token, None if kind == "equal" else kind) for kind, tokens in runs for token in tokens])


def _diff_blocks(old_blocks, new_blocks):
    parts = []
    old_keys, new_keys = [_render(b) for b in old_blocks], [_render(b) for b in new_blocks]
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            parts += new_keys[b1:b2]
            continue
        olds, news = old_blocks[a1:a2], new_blocks[b1:b2]
        paired = 0
        if operation == "replace":
            for old, new in zip(olds, news, strict=False):
                if old.tag != new.tag or old.tag in VOID_TAGS:
                    break
                if old.tag is not None and (old.has_blocks or new.has_blocks):
                    parts.append(new.open() + _diff_blocks(_blocks(old), _blocks(new)) + new.close())
                else:
                    inner = _inline_diff(old, new)
                    parts.append(f"{new.open()}{inner}{new.close()}" if new.tag else inner)
                paired += 1
        parts += [_render_marked(block, "del") for block in olds[paired:]]
        parts += [_render_marked(block, "ins") for block in news[paired:]]
    return "".join(parts)


def rich_diff(old, new):
    """Two versions of a rich text as one, shown as the page shows it: removed words in <del>, added ones in
    <ins>, formatting, links and images kept; a word that changed format (made bold, linked) counts as changed."""
    merged = _diff_blocks(_blocks(_tree(old)), _blocks(_tree(new)))
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    cleaned = nh3.clean(merged, tags=ALLOWED_TAGS | {"ins", "del"}, attributes=attributes, link_rel=None)
    return mark_safe(cleaned)  # noqa: S308 — built from escaped text, then cleaned against the site's allow-list


# Comparing versions ---------------------------------------------------------------------------------------


def version_end(record):
    """The moment a version stopped being the current one: the next version's date (exclusive), or now. The rows
    that go with a page (sources, images) are saved just after the page, in the same request."""
    following = (
        type(record)
        .objects.filter(id=record.id, history_date__gt=record.history_date)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return (following or timezone.now()) - datetime.timedelta(microseconds=1)


def _cascaded_models(model):
    """Models deleted along with `model` (foreign key with CASCADE) that keep a history too."""
    for relation in model._meta.related_objects:
        if relation.one_to_many and relation.on_delete is models.CASCADE and hasattr(relation.related_model, "history"):
            yield relation.related_model, relation.field.attname


def rows_as_of(related_model, fk_attname, pk, date):
    return {row.pk: row for row in related_model.history.as_of(date).filter(**{fk_attname: pk})}


def _row_fields(model, fk_attname):
    return [field for field in shown_fields(model) if field.attname != fk_attname and field.editable]


def _row_values(row, fields):
    return {field.attname: getattr(row, field.attname) for field in fields}


def related_changes(model, pk, older_end, newer_end):
    """The rows that go with the page (sources, images) added, removed or changed between two moments:
    [{"label", "items": [(kind, text)]}]."""
    groups = []
    for related_model, fk_attname in _cascaded_models(model):
        before = rows_as_of(related_model, fk_attname, pk, older_end)
        after = rows_as_of(related_model, fk_attname, pk, newer_end)
        fields = _row_fields(related_model, fk_attname)
        items = []
        for row_pk, row in after.items():
            if row_pk not in before:
                items.append(("ins", str(row)))
                continue
            old = before[row_pk]
            changes = [
                _("%(field)s: %(old)s → %(new)s")
                % {
                    "field": field_label(field),
                    "old": display_value(field, getattr(old, field.attname)) or "—",
                    "new": display_value(field, getattr(row, field.attname)) or "—",
                }
                for field in fields
                if getattr(old, field.attname) != getattr(row, field.attname)
            ]
            if changes:
                items.append(("changed", f"{row} — {'; '.join(changes)}"))
        items += [("del", str(row)) for row_pk, row in before.items() if row_pk not in after]
        if items:
            groups.append({"label": capfirst(str(related_model._meta.verbose_name_plural)), "items": items})
    return groups


ROW_CHANGE_KINDS = {"+": "ins", "-": "del", "~": "changed"}


def rows_changed_with(records):
    """For each of these versions of one page (newest first), the rows that go with the page (sources, images)
    added, changed or removed while it was the current version: {history_id: [{"label", "items"}]}. One query
    per kind of row."""
    records = list(records)
    changes = {record.history_id: [] for record in records}
    if not records:
        return changes
    oldest = records[-1]
    for related_model, fk_attname in _cascaded_models(oldest.instance_type):
        rows = related_model.history.filter(**{fk_attname: oldest.id}, history_date__gte=oldest.history_date).order_by(
            "history_date"
        )
        grouped = {}
        for row in rows:
            owner = next((record for record in records if record.history_date <= row.history_date), None)
            if owner is not None:
                grouped.setdefault(owner.history_id, []).append((ROW_CHANGE_KINDS[row.history_type], str(row.instance)))
        label = capfirst(str(related_model._meta.verbose_name_plural))
        for history_id, items in grouped.items():
            changes[history_id].append({"label": label, "items": items})
    return changes


def compare(older, newer):
    """What differs between two versions of a page: [{"label", "diff", "rich"}] in the form's order, then the
    rows that go with it (see `related_changes`) under "related"."""
    model = older.instance_type
    rows = []
    for field in shown_fields(model):
        if not hasattr(older, field.attname):
            continue  # kept out of the history (bookkeeping, derived data)
        old, new = getattr(older, field.attname), getattr(newer, field.attname)
        if old == new:
            continue
        if field.is_relation:
            old = getattr(older, field.name, None)
            new = getattr(newer, field.name, None)
        if isinstance(field, SanitizedHTMLField):
            rows.append({"label": field_label(field), "diff": rich_diff(old, new), "rich": True})
            continue
        old, new = display_value(field, old), display_value(field, new)
        if old != new:  # not a change staff could see (seconds of a date the form does not show)
            rows.append({"label": field_label(field), "diff": word_diff(old, new), "rich": False})
    return rows


def compare_versions(older, newer):
    """`compare` and the rows that go with the page, each version taken as it was at the end of its save."""
    return {
        "fields": compare(older, newer),
        "related": related_changes(older.instance_type, older.id, version_end(older), version_end(newer)),
    }


def changed_labels(record, previous):
    """The labels of the fields that a version changed, each once ("Texte (français), Titre (anglais)")."""
    if previous is None:
        return []
    model = record.instance_type
    labels = []
    for field in shown_fields(model):
        if not hasattr(record, field.attname):
            continue
        old, new = getattr(previous, field.attname), getattr(record, field.attname)
        if old != new and (field.is_relation or display_value(field, old) != display_value(field, new)):
            labels.append(field_label(field))
    return labels


def describe(record):
    """A version as a sentence: "3 décembre 2026 10:02, by medecin"."""
    when = formats.date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    user = record.history_user
    if user is None:
        return _("%(when)s, from the content files") % {"when": when}
    return _("%(when)s, by %(who)s") % {"when": when, "who": user.get_full_name() or user.get_username()}


# Restoring a version ----------------------------------------------------------------------------------------


def language_dates(record):
    """{language: date}: when each language's text had last changed, as of this version — the date of the
    earliest version, in the unbroken run of versions ending with this one, that has the same text."""
    model = record.instance_type
    history = list(
        type(record).objects.filter(id=record.id, history_date__lte=record.history_date).order_by("-history_date")
    )
    dates = {}
    for language in LANGUAGE_DATE_FIELDS:
        text = texts_of(record, model, language)
        date = record.history_date
        for earlier in history[1:]:
            if texts_of(earlier, model, language) != text:
                break
            date = earlier.history_date
        dates[language] = date
    return dates


@transaction.atomic
def restore_version(obj, record, reason, may_publish=True):
    """Give `obj` the texts and fields of one of its versions, and the rows that go with it (sources…) as they
    were then. The publication state stays as it is, except that a page that is online goes back to review
    when `may_publish` says it may not stay online (someone who may not publish; medical text not signed off).
    The translation state follows the texts restored: that version's."""
    version = record.instance
    model = type(obj)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in NOT_RESTORED or not hasattr(record, field.attname):
            continue
        setattr(obj, field.attname, getattr(version, field.attname))
    # `may_publish` may be a function of the page with the version's values: what it may stay online with.
    stays_online = may_publish(obj) if callable(may_publish) else may_publish
    if not stays_online and getattr(obj, "status", None) == Status.PUBLISHED:
        obj.status = Status.REVIEW
    obj._change_reason = reason
    obj.save()

    end = version_end(record)
    for related_model, fk_attname in _cascaded_models(model):
        then = rows_as_of(related_model, fk_attname, obj.pk, end)
        now = {row.pk: row for row in related_model._base_manager.filter(**{fk_attname: obj.pk})}
        fields = _row_fields(related_model, fk_attname)
        for pk, row in then.items():
            if pk not in now or _row_values(now[pk], fields) != _row_values(row, fields):
                row._change_reason = reason
                row.save()
        if not getattr(related_model, "restore_keeps_later_rows", False):
            for pk, row in now.items():
                if pk not in then:
                    row.delete()

    # The translation state follows the texts restored: each language's text is that version's, so it gets the
    # date it had then (the start of its unchanged run of versions), and the page the state it had then.
    if any(hasattr(obj, attname) for attname in LANGUAGE_DATE_FIELDS.values()):
        updates = {LANGUAGE_DATE_FIELDS[language]: date for language, date in language_dates(record).items()}
        model._base_manager.filter(pk=obj.pk).update(**updates)
        for attname, value in updates.items():
            setattr(obj, attname, value)
    return obj


# Deleted pages ------------------------------------------------------------------------------------------------


def deleted_records(model):
    """The latest history record of each deleted object that has not come back since, newest first."""
    existing = model._base_manager.values_list("pk", flat=True)
    records = model.history.filter(history_type="-").exclude(id__in=existing).order_by("-history_date")
    latest = {}
    for record in records.select_related("history_user"):
        latest.setdefault(record.id, record)
    return list(latest.values())


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
