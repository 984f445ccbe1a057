"""Backups of the database content and the uploaded media, and their restoration.

The database is saved as a Django fixture (dumpdata with natural foreign keys), not as an SQL dump, so
that one archive restores into SQLite or PostgreSQL alike, whichever the backup came from. Content types
and permissions are left out (migrate recreates them; rows pointing at them use natural keys), and so
are sessions and the login-throttling records, which are transient.

An archive is a .tar.gz holding `manifest.json` (date, versions, migrations, checksums), `data.json`
and `media/…`. It contains password hashes and two-factor keys: keep it as safe as the database itself.
"""

import datetime
import functools
import hashlib
import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from mesoinfo.editorial.signals import prepare_missing_texts
from mesoinfo.search import index

FORMAT = 1
EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = {"auth.permission"}


class RestoreRefused(Exception):
    """Restoring would change or delete data that the archive does not hold; nothing was touched."""


def saved_models():
    """The models whose rows a backup holds, in dependency order."""
    return [
        model
        for model in serializers.sort_dependencies([(config, None) for config in apps.get_app_configs()])
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def media_files(root=None):
    """{relative POSIX path: bytes checksum} of every file under MEDIA_ROOT."""
    root = Path(root or settings.MEDIA_ROOT)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256(path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


class LosslessJSONEncoder(DjangoJSONEncoder):
    """Django's encoder keeps datetimes and times to the millisecond; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            value = o.isoformat()
            return value.removesuffix("+00:00") + "Z" if value.endswith("+00:00") else value
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def serialize_database(using=DEFAULT_DB_ALIAS):
    """Every saved row, as the JSON text of a fixture with natural foreign keys."""
    objects = (obj for model in saved_models() for obj in model._base_manager.using(using).order_by("pk").iterator())
    return serializers.serialize("json", objects, use_natural_foreign_keys=True, indent=1, cls=LosslessJSONEncoder)


def applied_migrations(using=DEFAULT_DB_ALIAS):
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


@contextmanager
def snapshot(using):
    """A transaction in which every query sees the same state of the database: REPEATABLE READ on
    PostgreSQL (unless already inside a transaction); on SQLite the transaction's read lock does it."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def create_backup(directory, prefix="mesoinfo", using=DEFAULT_DB_ALIAS):
    """Write a dated archive of the database and the media into `directory`; return its path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with snapshot(using):
        data = serialize_database(using).encode()
        migrations = applied_migrations(using)
    media_root = Path(settings.MEDIA_ROOT)
    files = media_files(media_root)
    now = timezone.localtime()
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "django": django.get_version(),
        "database": connections[using].vendor,
        "migrations": migrations,
        "data_sha256": sha256(data),
        "rows": len(json.loads(data)),
        "media": files,
    }
    name = f"{prefix}-{now:%Y-%m-%d_%H%M%S}"
    target = directory / f"{name}.tar.gz"
    n = 1
    while target.exists():
        n += 1
        target = directory / f"{name}-{n}.tar.gz"
    # Written under a temporary name and renamed: an interrupted backup never looks like a complete one.
    handle, partial = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".tar.gz")
    os.close(handle)
    try:
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            _add_bytes(archive, "data.json", data)
            for relative in files:
                archive.add(media_root / relative, arcname=f"media/{relative}", recursive=False)
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return target


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


class Archive:
    """A backup archive, read and checked whole before anything is restored from it."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.is_file():
            raise RestoreRefused(f"{path}: no such file.")
        self.media = {}
        with tarfile.open(self.path, "r:gz") as archive:
            members = {member.name: member for member in archive.getmembers()}
            if "manifest.json" not in members or "data.json" not in members:
                raise RestoreRefused(f"{path}: not a MésoInfo backup (no manifest.json or data.json).")
            self.manifest = json.loads(archive.extractfile(members["manifest.json"]).read())
            self.data = archive.extractfile(members["data.json"]).read()
            for name, member in members.items():
                if not name.startswith("media/"):
                    continue
                relative = PurePosixPath(name).relative_to("media")
                if not member.isfile() or ".." in relative.parts or relative.is_absolute():
                    raise RestoreRefused(f"{path}: unsafe media entry {name!r}.")
                self.media[relative.as_posix()] = archive.extractfile(member).read()
        if self.manifest.get("format") != FORMAT:
            raise RestoreRefused(f"{path}: unknown backup format {self.manifest.get('format')!r}.")
        if sha256(self.data) != self.manifest["data_sha256"]:
            raise RestoreRefused(f"{path}: data.json does not match its checksum: the archive is damaged.")
        checksums = {name: sha256(content) for name, content in self.media.items()}
        if checksums != self.manifest["media"]:
            raise RestoreRefused(f"{path}: the media files do not match their checksums: the archive is damaged.")

    def rows(self):
        """The archive's rows, in the models of this version (see `rows_for_nested_apps`)."""
        rows = json.loads(self.data)
        if NESTED_APPS_MIGRATION not in self.manifest["migrations"]:
            rows = rows_for_nested_apps(rows)
        return rows


# Archives made before the project package's models moved into its nested apps name them by their old app
# label; a question's related articles were a many-to-many field, now links between pages of any type.
NESTED_APPS_MIGRATION = "mesoinfo.0008_models_move_to_nested_apps"
MOVED_MODELS = {
    **{f"mesoinfo.{name}": f"pages.{name}" for name in ("sitesettings", "sitepage", "condition")},
    **{f"mesoinfo.historical{name}": f"pages.historical{name}" for name in ("sitesettings", "sitepage")},
    "mesoinfo.glossaryterm": "editorial.glossaryterm",
    "mesoinfo.synonym": "search.synonym",
    "mesoinfo.searchword": "search.searchword",
    "articles.contributor": "editorial.contributor",
}
DERIVED_MODELS = {"mesoinfo.searchdocument"}  # made again after the restore


def _moved_natural_key(key):
    """A natural key [app label, model] (content type) or [codename, app label, model] (permission), moved."""
    *head, app_label, model = key
    return [*head, *MOVED_MODELS.get(f"{app_label}.{model}", f"{app_label}.{model}").split(".")]


def rows_for_nested_apps(rows):
    """The rows of an archive made before the nested apps, as this version names and shapes them."""
    upgraded, links = [], []
    for row in rows:
        if row["model"] in DERIVED_MODELS:
            continue
        row = {**row, "model": MOVED_MODELS.get(row["model"], row["model"]), "fields": dict(row["fields"])}
        fields = row["fields"]
        if row["model"] == "auth.group":
            fields["permissions"] = [_moved_natural_key(key) for key in fields.get("permissions", [])]
        if isinstance(fields.get("content_type"), list):  # the admin's log
            fields["content_type"] = _moved_natural_key(fields["content_type"])
        if row["model"] == "faq.question":
            links += [
                {
                    "model": "editorial.relatedpage",
                    "fields": {
                        "from_type": ["faq", "question"],
                        "from_id": row["pk"],
                        "to_type": ["articles", "article"],
                        "to_id": article,
                        "position": position,
                    },
                }
                for position, article in enumerate(fields.pop("related_articles", []), start=1)
            ]
        upgraded.append(row)
    return upgraded + links


def _row_key(row):
    return row["model"], row["pk"]


@functools.cache
def _many_to_many(label):
    """The many-to-many field names of a model: their lists of keys come in no particular order."""
    try:
        model = apps.get_model(label)
    except LookupError:  # a model that a later migration removed: no field of it is compared as a set
        return frozenset()
    return frozenset(field.name for field in model._meta.many_to_many)


def _comparable(row):
    """A row as text, with its many-to-many keys in a fixed order; every other list (a JSON field such as an
    image's renditions) keeps its own order, which is part of its value."""
    unordered = _many_to_many(row["model"])
    fields = {
        name: sorted(value, key=lambda item: json.dumps(item, default=str)) if name in unordered else value
        for name, value in row["fields"].items()
    }
    return json.dumps(fields, sort_keys=True, default=str)


def rows_at_risk(archive, using=DEFAULT_DB_ALIAS):
    """{model label: count} of the database rows that restoring would change or delete."""
    saved = {_row_key(row): _comparable(row) for row in archive.rows()}
    at_risk = {}
    for row in json.loads(serialize_database(using)):
        if saved.get(_row_key(row)) != _comparable(row):
            at_risk[row["model"]] = at_risk.get(row["model"], 0) + 1
    return at_risk


def media_at_risk(archive):
    """The media files that restoring would overwrite with other content."""
    current = media_files()
    return sorted(
        name for name, content in archive.media.items() if name in current and current[name] != sha256(content)
    )


def restore(path, replace=False, backup_directory=None, using=DEFAULT_DB_ALIAS, log=print):
    """Bring the database and the media back to the state saved in the archive at `path`.

    A database without any applied migration is new: it is migrated, then filled. An existing one is
    migrated if needed, then compared with the archive: unless `replace` is set, the restore is refused
    (RestoreRefused, nothing touched) when it would change or delete any row or overwrite any media file
    with other content. With `replace`, a backup of the current state is written first, then the database
    is made equal to the archive and media files absent from it are removed.
    """
    archive = Archive(path)
    connection = connections[using]
    known = {f"{app}.{name}" for app, name in MigrationLoader(connection, ignore_no_migrations=True).disk_migrations}
    unknown = sorted(set(archive.manifest["migrations"]) - known)
    if unknown:
        raise RestoreRefused(
            f"{path} was made by a newer version of the site (migrations {', '.join(unknown[:5])}…): "
            "deploy that version first."
        )
    new_database = not applied_migrations(using)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        log("Applying migrations first.")
        call_command("migrate", database=using, interactive=False, verbosity=0)

    if not new_database:
        rows, files = rows_at_risk(archive, using), media_at_risk(archive)
        if (rows or files) and not replace:
            details = [f"{count} × {label}" for label, count in sorted(rows.items())]
            details += [f"media file {name}" for name in files[:10]]
            raise RestoreRefused(
                "The database is not empty: restoring would change or delete "
                + ", ".join(details)
                + ". Nothing was changed. Restore into an empty database, or pass --replace (make restore "
                "REPLACE=1) to replace the current data; a backup of it is written first."
            )
        if replace:
            safety = create_backup(
                backup_directory or settings.BASE_DIR / "backups", prefix="before-restore", using=using
            )
            log(f"Current data saved first in {safety}.")

    _load(archive, using)
    _restore_media(archive, remove_others=replace)
    _rerun_data_migrations(archive, using)
    # Derived data that an older archive may lack: search documents and prepared texts.
    prepare_missing_texts(sender=None, using=using)
    index.update_missing()
    log(f"Restored {archive.manifest['rows']} rows and {len(archive.media)} media files from {path}.")


def _rerun_data_migrations(archive, using):
    """Run again, on the restored rows, the data migrations that came after the archive was made and that mark
    their function `after_restore` (the permissions they give the editorial groups, for example): the rows
    they changed came back from the archive as they were before."""
    executor = MigrationExecutor(connections[using])
    made = set(archive.manifest["migrations"])
    for migration, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True):
        key = (migration.app_label, migration.name)
        if f"{key[0]}.{key[1]}" in made:
            continue
        for operation in migration.operations:
            code = getattr(operation, "code", None)
            if getattr(code, "after_restore", False):
                # Such a function changes rows only: it gets the models as of its migration, no schema editor.
                code(executor.loader.project_state(key, at_end=True).apps, None)


def _load(archive, using):
    """Empty the saved tables and load the archive's rows, in one transaction: all or nothing."""
    connection = connections[using]
    tables = set()
    for model in saved_models():
        tables.add(model._meta.db_table)
        tables.update(
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        )
    with tempfile.TemporaryDirectory() as tmp:
        fixture = Path(tmp) / "data.json"
        fixture.write_text(json.dumps(archive.rows()))
        with transaction.atomic(using=using):
            # Foreign keys are checked at commit (Django creates them deferred): the order does not matter.
            with connection.cursor() as cursor:
                for table in sorted(tables):
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608 - model tables
            # An archive from an older version may hold fields or models that later migrations removed:
            # they are dropped, as those migrations dropped them.
            with index.paused():  # derived data: loaded as saved, completed after the load
                call_command("loaddata", str(fixture), database=using, verbosity=0, ignorenonexistent=True)


def _restore_media(archive, remove_others):
    root = Path(settings.MEDIA_ROOT)
    for name, content in archive.media.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != content:
            target.write_bytes(content)
    if remove_others:
        for name in set(media_files(root)) - set(archive.media):
            (root / name).unlink()
