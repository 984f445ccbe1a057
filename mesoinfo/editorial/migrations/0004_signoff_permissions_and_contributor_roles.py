"""The medical review group signs off pages and both editorial groups read the review log; an existing team's
"qualification" ("Équipe éditoriale") becomes its role, which is what it always described."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITING = "Rédaction"
REVIEWING = "Relecture médicale"
PERMISSIONS = {
    WRITING: ["view_reviewevent"],
    REVIEWING: ["view_reviewevent", "sign_off"],
}


def grant(apps, schema_editor):
    # On a new database, permissions are only created after all migrations: create this app's now.
    config = apps.get_app_config("editorial")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="editorial", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="editorial", codename__in=codenames)
            )


def roles_from_qualifications(apps, schema_editor):
    Contributor = apps.get_model("editorial", "Contributor")
    for contributor in Contributor.objects.filter(role_fr="", is_medical_reviewer=False):
        contributor.role_fr = contributor.qualifications_fr
        contributor.role_en = contributor.qualifications_en
        contributor.role = contributor.qualifications
        if contributor.is_team:
            contributor.qualifications = contributor.qualifications_fr = contributor.qualifications_en = ""
        contributor.save()


grant.after_restore = True  # see mesoinfo.ops.backup: an older archive's rows get it too
roles_from_qualifications.after_restore = True  # see mesoinfo.ops.backup: an older archive's rows get it too


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mesoinfo", "0004_editorial_groups"),
        ("editorial", "0003_contributor_profiles_and_medical_signoff"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(roles_from_qualifications, migrations.RunPython.noop),
    ]
