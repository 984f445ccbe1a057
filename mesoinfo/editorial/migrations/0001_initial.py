"""The editorial core takes over the contributors (from articles) and the glossary (from the project
package): their tables stay as they are (state only, under their old names; 0002 renames them). The links
between pages are new."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0007_article_category_order"),
        ("mesoinfo", "0007_postgresql_text_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Contributor",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "key",
                            models.SlugField(
                                help_text="Internal identifier, used by content files.", unique=True, verbose_name="key"
                            ),
                        ),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("qualifications", models.CharField(blank=True, max_length=300, verbose_name="qualifications")),
                        (
                            "qualifications_fr",
                            models.CharField(blank=True, max_length=300, null=True, verbose_name="qualifications"),
                        ),
                        (
                            "qualifications_en",
                            models.CharField(blank=True, max_length=300, null=True, verbose_name="qualifications"),
                        ),
                        ("bio", models.TextField(blank=True, verbose_name="biography")),
                        ("bio_fr", models.TextField(blank=True, null=True, verbose_name="biography")),
                        ("bio_en", models.TextField(blank=True, null=True, verbose_name="biography")),
                        (
                            "is_team",
                            models.BooleanField(
                                default=False,
                                help_text="Ticked for an editorial team rather than a person.",
                                verbose_name="team or organisation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "articles_contributor",
                        "verbose_name": "contributor",
                        "verbose_name_plural": "contributors",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="GlossaryTerm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("loaded_checksum", models.CharField(blank=True, editable=False, max_length=64)),
                        ("term", models.CharField(max_length=100, verbose_name="term")),
                        ("term_fr", models.CharField(max_length=100, null=True, verbose_name="term")),
                        ("term_en", models.CharField(max_length=100, null=True, verbose_name="term")),
                        (
                            "slug",
                            models.SlugField(
                                help_text="Address of the definition: /glossaire/#anchor.",
                                max_length=100,
                                unique=True,
                                verbose_name="anchor",
                            ),
                        ),
                        (
                            "definition",
                            models.TextField(
                                help_text="Two or three short sentences, in plain words.", verbose_name="definition"
                            ),
                        ),
                        (
                            "definition_fr",
                            models.TextField(
                                help_text="Two or three short sentences, in plain words.",
                                null=True,
                                verbose_name="definition",
                            ),
                        ),
                        (
                            "definition_en",
                            models.TextField(
                                help_text="Two or three short sentences, in plain words.",
                                null=True,
                                verbose_name="definition",
                            ),
                        ),
                        (
                            "other_forms",
                            models.CharField(
                                blank=True,
                                help_text="Plurals or variants that also link to the definition, separated by commas.",
                                max_length=300,
                                verbose_name="other forms",
                            ),
                        ),
                        (
                            "other_forms_fr",
                            models.CharField(
                                blank=True,
                                help_text="Plurals or variants that also link to the definition, separated by commas.",
                                max_length=300,
                                null=True,
                                verbose_name="other forms",
                            ),
                        ),
                        (
                            "other_forms_en",
                            models.CharField(
                                blank=True,
                                help_text="Plurals or variants that also link to the definition, separated by commas.",
                                max_length=300,
                                null=True,
                                verbose_name="other forms",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                    ],
                    options={
                        "db_table": "mesoinfo_glossaryterm",
                        "verbose_name": "glossary term",
                        "verbose_name_plural": "glossary",
                        "ordering": ["slug"],
                    },
                ),
            ]
        ),
        migrations.CreateModel(
            name="RelatedPage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("from_id", models.PositiveBigIntegerField()),
                ("to_id", models.PositiveBigIntegerField()),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "from_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
                (
                    "to_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={
                "verbose_name": "related page",
                "verbose_name_plural": "related pages",
                "ordering": ["position", "pk"],
                "indexes": [
                    models.Index(fields=["from_type", "from_id"], name="related_page_from"),
                    models.Index(fields=["to_type", "to_id"], name="related_page_to"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("from_type", "from_id", "to_type", "to_id"), name="unique_related_page"
                    )
                ],
            },
        ),
    ]
