"""Documents only for the pages visitors may see, with their texts as stems line by line; the words counted
per document, so that a word goes with its last page; the pages scheduled for later; GIN indexes on the vectors and on
the trigrams of the words.

The documents and words of the former layout are deleted: `load_content` (run at every deployment) or
`rebuild_search_index` writes them again. Synonym keys are the stems of their words from now on."""

import django.db.models.deletion
from django.db import migrations, models

from mesoinfo.editorial.text import words
from mesoinfo.search.analysis import stem
from mesoinfo.search.migration_operations import PostgreSQLOnly

LANGUAGE_CODES = ("fr", "en")


def synonym_keys(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for synonym in Synonym.objects.all():
        synonym.key = " ".join(stem(token, synonym.language) for token in words(synonym.phrase))
        synonym.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0002_table_names"),
    ]

    operations = [
        migrations.RunSQL(
            ["DELETE FROM search_searchdocument", "DELETE FROM search_searchword"], migrations.RunSQL.noop
        ),
        PostgreSQLOnly("DROP INDEX IF EXISTS mesoinfo_searchword_trigram", migrations.RunSQL.noop),
        migrations.RemoveField(model_name="searchdocument", name="published"),
        migrations.RemoveField(model_name="searchdocument", name="published_at"),
        migrations.RemoveField(model_name="searchdocument", name="normalised_text"),
        migrations.AddField(model_name="searchdocument", name="headings", field=models.TextField(blank=True)),
        migrations.AddField(model_name="searchdocument", name="normalised_summary", field=models.TextField(blank=True)),
        migrations.AddField(
            model_name="searchdocument", name="normalised_headings", field=models.TextField(blank=True)
        ),
        migrations.AddField(model_name="searchdocument", name="normalised_body", field=models.TextField(blank=True)),
        migrations.AddField(
            model_name="searchdocument", name="title_terms", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.AddField(model_name="searchdocument", name="words", field=models.TextField(blank=True)),
        migrations.AddField(
            model_name="searchdocument", name="title_key", field=models.CharField(blank=True, max_length=400)
        ),
        migrations.AddField(model_name="searchdocument", name="boost", field=models.FloatField(default=0)),
        migrations.AddField(
            model_name="searchword",
            name="stem",
            field=models.CharField(default="", max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(model_name="searchword", name="documents", field=models.IntegerField(default=0)),
        migrations.AddIndex(
            model_name="searchword", index=models.Index(fields=["language", "stem"], name="search_word_stem")
        ),
        migrations.CreateModel(
            name="PendingPage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("object_id", models.PositiveBigIntegerField()),
                ("due", models.DateTimeField(db_index=True)),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="contenttypes.contenttype"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("content_type", "object_id"), name="unique_pending_page")
                ],
            },
        ),
        # One GIN index per column for both languages, each written at once (fastupdate off): with a list of
        # entries pending or with partial indexes, PostgreSQL's planner estimates the GIN index too costly for
        # a common word and tests every row's vector instead (stored out of the row: slow to read). Pages are
        # saved rarely; searches are many.
        PostgreSQLOnly(
            [
                *(f"DROP INDEX IF EXISTS search_searchdocument_vector_{code}" for code in LANGUAGE_CODES),
                "CREATE INDEX search_searchdocument_vector ON search_searchdocument USING gin (search_vector) "
                "WITH (fastupdate = off)",
                "CREATE INDEX search_searchdocument_head ON search_searchdocument USING gin (head_vector) "
                "WITH (fastupdate = off)",
                "CREATE INDEX search_searchword_trigram ON search_searchword USING gin (word gin_trgm_ops) "
                "WITH (fastupdate = off)",
            ],
            [
                "DROP INDEX search_searchword_trigram",
                "DROP INDEX search_searchdocument_head",
                "DROP INDEX search_searchdocument_vector",
                *(
                    f"CREATE INDEX search_searchdocument_vector_{code} ON search_searchdocument "
                    f"USING gin (search_vector) WHERE language = '{code}'"
                    for code in LANGUAGE_CODES
                ),
            ],
        ),
        migrations.RunPython(synonym_keys, migrations.RunPython.noop),
    ]
