"""Both editorial groups read and handle error reports, and read the usefulness counts of the pages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Rédaction", "Relecture médicale"]
CODENAMES = ["view_errorreport", "change_errorreport", "view_pagefeedback"]


def permissions(apps):
    # On a new database, permissions are only created after all migrations: create this app's now.
    config = apps.get_app_config("feedback")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="feedback", codename__in=CODENAMES)


def grant(apps, schema_editor):
    found = list(permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*found)


def revoke(apps, schema_editor):
    found = list(permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*found)


grant.after_restore = True  # see mesoinfo.ops.backup: an older archive's rows get it too


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mesoinfo", "0004_editorial_groups"),
        ("feedback", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
