"""The adopted tables take this app's own names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("mesoinfo", "0008_models_move_to_nested_apps"),
    ]

    operations = [
        migrations.AlterModelTable(name="SearchWord", table=None),
        migrations.AlterModelTable(name="Synonym", table=None),
    ]
