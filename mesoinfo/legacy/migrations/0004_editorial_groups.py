"""The two editorial roles, with their permissions.

"Rédaction" writes articles and questions and submits them for review; "Relecture médicale" also puts
them online, takes them offline, records the review (reviewer and dates) and deletes. Both keep the
clinic's details up to date. Superusers keep every right.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITING = "Rédaction"
REVIEWING = "Relecture médicale"

WRITING_PERMISSIONS = [
    "articles.view_category",
    "articles.view_contributor",
    "articles.add_contributor",
    "articles.change_contributor",
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "articles.view_source",
    "articles.add_source",
    "articles.change_source",
    "articles.delete_source",
    "articles.view_articleimage",
    "articles.add_articleimage",
    "articles.change_articleimage",
    "articles.delete_articleimage",
    "faq.view_theme",
    "faq.view_question",
    "faq.add_question",
    "faq.change_question",
    "mesoinfo.view_sitesettings",
    "mesoinfo.change_sitesettings",
]
REVIEWING_PERMISSIONS = [
    *WRITING_PERMISSIONS,
    "articles.publish_article",
    "articles.delete_article",
    "faq.publish_question",
    "faq.delete_question",
]


def create_groups(apps, schema_editor):
    # On a new database, permissions are only created after all migrations: create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((WRITING, WRITING_PERMISSIONS), (REVIEWING, REVIEWING_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=name)
        for label in codenames:
            app_label, codename = label.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[WRITING, REVIEWING]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mesoinfo", "0003_site_settings_history"),
        ("articles", "0005_staff_editing_history_images_locking"),
        ("faq", "0004_staff_editing_history_locking"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
