"""The search app takes over the words and synonyms that the project package held: their tables stay as
they are (state only, under their old names; 0002 renames them). The documents are made anew, one per page
of any type (`content_type`, `object_id`), and filled after migrating (see apps.py); PostgreSQL's indexes and
storage settings for them are those that mesoinfo 0007 gave the former table."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from mesoinfo.search.migration_operations import PostgreSQLOnly


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("mesoinfo", "0007_postgresql_text_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchWord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("language", models.CharField(max_length=10)),
                        ("word", models.CharField(max_length=40)),
                    ],
                    options={
                        "db_table": "mesoinfo_searchword",
                        "constraints": [
                            models.UniqueConstraint(fields=("language", "word"), name="unique_search_word")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Synonym",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("loaded_checksum", models.CharField(blank=True, editable=False, max_length=64)),
                        (
                            "language",
                            models.CharField(
                                choices=[("fr", "French"), ("en", "English")],
                                default="fr",
                                max_length=10,
                                verbose_name="language",
                            ),
                        ),
                        (
                            "phrase",
                            models.CharField(
                                help_text="A word or a few words (five at most), e.g. « sécu ».",
                                max_length=100,
                                verbose_name="what visitors type",
                            ),
                        ),
                        (
                            "alternatives",
                            models.CharField(
                                help_text="Words our pages use, separated by commas, e.g. « Assurance Maladie ».",
                                max_length=300,
                                verbose_name="also search for",
                            ),
                        ),
                        ("key", models.CharField(db_index=True, editable=False, max_length=200)),
                    ],
                    options={
                        "db_table": "mesoinfo_synonym",
                        "verbose_name": "search synonym",
                        "verbose_name_plural": "search synonyms",
                        "ordering": ["language", "phrase"],
                        "constraints": [
                            models.UniqueConstraint(fields=("language", "phrase"), name="unique_synonym_phrase")
                        ],
                    },
                ),
            ]
        ),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=10)),
                ("object_id", models.PositiveBigIntegerField()),
                ("published", models.BooleanField(default=False)),
                ("published_at", models.DateTimeField(null=True)),
                ("title", models.CharField(max_length=300)),
                ("summary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("url", models.CharField(blank=True, max_length=500)),
                ("section_name", models.CharField(blank=True, max_length=200)),
                ("section_url", models.CharField(blank=True, max_length=500)),
                ("normalised_title", models.TextField(blank=True)),
                ("normalised_text", models.TextField(blank=True)),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
                ("head_vector", django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("content_type", "object_id", "language"), name="unique_page_document"
                    )
                ],
            },
        ),
        *(
            PostgreSQLOnly(
                f"CREATE INDEX search_searchdocument_vector_{code} ON search_searchdocument "
                f"USING gin (search_vector) WHERE language = '{code}'",
                f"DROP INDEX search_searchdocument_vector_{code}",
            )
            for code in ("fr", "en")
        ),
        PostgreSQLOnly(
            [
                "ALTER TABLE search_searchdocument SET (toast_tuple_target = 256)",
                "ALTER TABLE search_searchdocument ALTER COLUMN head_vector SET STORAGE MAIN",
            ],
            [
                "ALTER TABLE search_searchdocument ALTER COLUMN head_vector SET STORAGE EXTENDED",
                "ALTER TABLE search_searchdocument RESET (toast_tuple_target)",
            ],
        ),
    ]
