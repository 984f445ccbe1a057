"""The project package's models now live in its nested apps: pages (site settings, site pages, health
problems), editorial (glossary) and search (words, synonyms), which adopted their tables. Here the models
leave this app's migration state only, but for the search documents, which are made anew by the search app
(derived data: they are filled again after migrating). Content types follow the models, so that permissions,
groups and the admin's log keep pointing at them."""

from django.db import migrations

MOVED = {
    "pages": ["sitesettings", "sitepage", "condition", "historicalsitesettings", "historicalsitepage"],
    "editorial": ["glossaryterm"],
    "search": ["synonym", "searchword"],
}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in MOVED.items():
        for model in models:
            if not ContentType.objects.filter(app_label=app_label, model=model).exists():
                ContentType.objects.filter(app_label="mesoinfo", model=model).update(app_label=app_label)
    if not ContentType.objects.filter(app_label="editorial", model="contributor").exists():
        ContentType.objects.filter(app_label="articles", model="contributor").update(app_label="editorial")
    ContentType.objects.filter(app_label="mesoinfo", model="searchdocument").delete()


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model__in=models).update(app_label="mesoinfo")
    ContentType.objects.filter(app_label="editorial", model="contributor").update(app_label="articles")


class Migration(migrations.Migration):
    dependencies = [
        ("mesoinfo", "0007_postgresql_text_search"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0008_contributors_and_health_problems_move_to_the_core"),
        ("faq", "0007_related_pages_and_prepared_answers"),
        ("editorial", "0001_initial"),
        ("pages", "0001_initial"),
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="Condition",
                ),
                migrations.DeleteModel(
                    name="GlossaryTerm",
                ),
                migrations.RemoveField(
                    model_name="historicalsitepage",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalsitesettings",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="searchdocument",
                    name="article",
                ),
                migrations.RemoveField(
                    model_name="searchdocument",
                    name="question",
                ),
                migrations.DeleteModel(
                    name="SearchWord",
                ),
                migrations.DeleteModel(
                    name="SitePage",
                ),
                migrations.DeleteModel(
                    name="SiteSettings",
                ),
                migrations.DeleteModel(
                    name="Synonym",
                ),
                migrations.DeleteModel(
                    name="HistoricalSitePage",
                ),
                migrations.DeleteModel(
                    name="HistoricalSiteSettings",
                ),
                migrations.DeleteModel(
                    name="SearchDocument",
                ),
            ],
            database_operations=[migrations.DeleteModel(name="SearchDocument")],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
