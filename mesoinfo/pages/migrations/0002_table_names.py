"""The adopted tables take this app's own names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("mesoinfo", "0008_models_move_to_nested_apps"),
    ]

    operations = [
        migrations.AlterModelTable(name="Condition", table=None),
        migrations.AlterModelTable(name="SitePage", table=None),
        migrations.AlterModelTable(name="SiteSettings", table=None),
        migrations.AlterModelTable(name="HistoricalSitePage", table=None),
        migrations.AlterModelTable(name="HistoricalSiteSettings", table=None),
    ]
