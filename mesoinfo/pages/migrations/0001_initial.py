"""The pages app takes over the models that the project package held (mesoinfo 0001–0007): their tables
stay as they are (state only, under their old names); 0002 renames them."""

import django.db.models.deletion
import mesoinfo.editorial.fields
import mesoinfo.editorial.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("mesoinfo", "0007_postgresql_text_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Condition",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("loaded_checksum", models.CharField(blank=True, editable=False, max_length=64)),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        ("name_fr", models.CharField(max_length=100, null=True, verbose_name="name")),
                        ("name_en", models.CharField(max_length=100, null=True, verbose_name="name")),
                        ("slug", models.SlugField(max_length=100, unique=True, verbose_name="slug")),
                        (
                            "description",
                            models.TextField(
                                blank=True,
                                help_text="What it is, in one or two plain sentences.",
                                verbose_name="description",
                            ),
                        ),
                        (
                            "description_fr",
                            models.TextField(
                                blank=True,
                                help_text="What it is, in one or two plain sentences.",
                                null=True,
                                verbose_name="description",
                            ),
                        ),
                        (
                            "description_en",
                            models.TextField(
                                blank=True,
                                help_text="What it is, in one or two plain sentences.",
                                null=True,
                                verbose_name="description",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "mesoinfo_condition",
                        "verbose_name": "health problem",
                        "verbose_name_plural": "health problems",
                        "ordering": ["slug"],
                    },
                    bases=(mesoinfo.editorial.models.Translated, models.Model),
                ),
                migrations.CreateModel(
                    name="SitePage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "slug",
                            models.SlugField(
                                choices=[
                                    ("a-propos", "About and editorial policy"),
                                    ("mentions-legales", "Legal notice"),
                                    ("confidentialite", "Privacy"),
                                    ("accessibilite", "Accessibility"),
                                    ("contact", "Contact"),
                                ],
                                unique=True,
                                verbose_name="page",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("title_fr", models.CharField(max_length=200, null=True, verbose_name="title")),
                        ("title_en", models.CharField(max_length=200, null=True, verbose_name="title")),
                        (
                            "summary",
                            models.CharField(
                                help_text="One sentence: the page's description for search engines.",
                                max_length=300,
                                verbose_name="summary",
                            ),
                        ),
                        (
                            "summary_fr",
                            models.CharField(
                                help_text="One sentence: the page's description for search engines.",
                                max_length=300,
                                null=True,
                                verbose_name="summary",
                            ),
                        ),
                        (
                            "summary_en",
                            models.CharField(
                                help_text="One sentence: the page's description for search engines.",
                                max_length=300,
                                null=True,
                                verbose_name="summary",
                            ),
                        ),
                        ("body", mesoinfo.editorial.fields.SanitizedHTMLField(verbose_name="body")),
                        ("body_fr", mesoinfo.editorial.fields.SanitizedHTMLField(null=True, verbose_name="body")),
                        ("body_en", mesoinfo.editorial.fields.SanitizedHTMLField(null=True, verbose_name="body")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("loaded_checksum", models.CharField(blank=True, editable=False, max_length=64)),
                    ],
                    options={
                        "db_table": "mesoinfo_sitepage",
                        "verbose_name": "site page",
                        "verbose_name_plural": "site pages",
                        "ordering": ["pk"],
                    },
                    bases=(mesoinfo.editorial.models.Translated, models.Model),
                ),
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "clinic_name",
                            models.CharField(default="MésoInfo", max_length=200, verbose_name="clinic name"),
                        ),
                        ("address", models.TextField(blank=True, verbose_name="address")),
                        ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                        ("opening_hours", models.TextField(blank=True, verbose_name="opening hours")),
                        ("opening_hours_fr", models.TextField(blank=True, null=True, verbose_name="opening hours")),
                        ("opening_hours_en", models.TextField(blank=True, null=True, verbose_name="opening hours")),
                        (
                            "footer_notice",
                            models.TextField(
                                blank=True,
                                help_text="Shown in the footer of every page, under the clinic's details.",
                                verbose_name="footer notice",
                            ),
                        ),
                        (
                            "footer_notice_fr",
                            models.TextField(
                                blank=True,
                                help_text="Shown in the footer of every page, under the clinic's details.",
                                null=True,
                                verbose_name="footer notice",
                            ),
                        ),
                        (
                            "footer_notice_en",
                            models.TextField(
                                blank=True,
                                help_text="Shown in the footer of every page, under the clinic's details.",
                                null=True,
                                verbose_name="footer notice",
                            ),
                        ),
                        (
                            "publication_director",
                            models.CharField(
                                blank=True,
                                help_text="The person legally responsible for the site's content, shown on the legal notice.",
                                max_length=200,
                                verbose_name="director of publication",
                            ),
                        ),
                        (
                            "host_details",
                            models.TextField(
                                blank=True,
                                help_text="Name, address and phone number of the company hosting the site, shown on the legal notice.",
                                verbose_name="hosting provider",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "mesoinfo_sitesettings",
                        "verbose_name": "site settings",
                        "verbose_name_plural": "site settings",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalSitePage",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "slug",
                            models.SlugField(
                                choices=[
                                    ("a-propos", "About and editorial policy"),
                                    ("mentions-legales", "Legal notice"),
                                    ("confidentialite", "Privacy"),
                                    ("accessibilite", "Accessibility"),
                                    ("contact", "Contact"),
                                ],
                                verbose_name="page",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("title_fr", models.CharField(max_length=200, null=True, verbose_name="title")),
                        ("title_en", models.CharField(max_length=200, null=True, verbose_name="title")),
                        (
                            "summary",
                            models.CharField(
                                help_text="One sentence: the page's description for search engines.",
                                max_length=300,
                                verbose_name="summary",
                            ),
                        ),
                        (
                            "summary_fr",
                            models.CharField(
                                help_text="One sentence: the page's description for search engines.",
                                max_length=300,
                                null=True,
                                verbose_name="summary",
                            ),
                        ),
                        (
                            "summary_en",
                            models.CharField(
                                help_text="One sentence: the page's description for search engines.",
                                max_length=300,
                                null=True,
                                verbose_name="summary",
                            ),
                        ),
                        ("body", mesoinfo.editorial.fields.SanitizedHTMLField(verbose_name="body")),
                        ("body_fr", mesoinfo.editorial.fields.SanitizedHTMLField(null=True, verbose_name="body")),
                        ("body_en", mesoinfo.editorial.fields.SanitizedHTMLField(null=True, verbose_name="body")),
                        ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="updated")),
                        ("loaded_checksum", models.CharField(blank=True, editable=False, max_length=64)),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "mesoinfo_historicalsitepage",
                        "verbose_name": "historical site page",
                        "verbose_name_plural": "historical site pages",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalSiteSettings",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "clinic_name",
                            models.CharField(default="MésoInfo", max_length=200, verbose_name="clinic name"),
                        ),
                        ("address", models.TextField(blank=True, verbose_name="address")),
                        ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="e-mail")),
                        ("opening_hours", models.TextField(blank=True, verbose_name="opening hours")),
                        ("opening_hours_fr", models.TextField(blank=True, null=True, verbose_name="opening hours")),
                        ("opening_hours_en", models.TextField(blank=True, null=True, verbose_name="opening hours")),
                        (
                            "footer_notice",
                            models.TextField(
                                blank=True,
                                help_text="Shown in the footer of every page, under the clinic's details.",
                                verbose_name="footer notice",
                            ),
                        ),
                        (
                            "footer_notice_fr",
                            models.TextField(
                                blank=True,
                                help_text="Shown in the footer of every page, under the clinic's details.",
                                null=True,
                                verbose_name="footer notice",
                            ),
                        ),
                        (
                            "footer_notice_en",
                            models.TextField(
                                blank=True,
                                help_text="Shown in the footer of every page, under the clinic's details.",
                                null=True,
                                verbose_name="footer notice",
                            ),
                        ),
                        (
                            "publication_director",
                            models.CharField(
                                blank=True,
                                help_text="The person legally responsible for the site's content, shown on the legal notice.",
                                max_length=200,
                                verbose_name="director of publication",
                            ),
                        ),
                        (
                            "host_details",
                            models.TextField(
                                blank=True,
                                help_text="Name, address and phone number of the company hosting the site, shown on the legal notice.",
                                verbose_name="hosting provider",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "mesoinfo_historicalsitesettings",
                        "verbose_name": "historical site settings",
                        "verbose_name_plural": "historical site settings",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ]
        )
    ]
