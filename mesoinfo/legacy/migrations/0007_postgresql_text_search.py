"""PostgreSQL's part of the search: extensions, text-search configurations and indexes.

Every operation does nothing on another database, so that SQLite migrates as well (its search is the
fallback in mesoinfo/search/backends.py).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# French and English stemming after `unaccent`: "Sécurité" and "securite" give the same lexeme.
LANGUAGE_CODES = ("fr", "en")
CONFIGURATIONS = {"mesoinfo_french": ("french", "french_stem"), "mesoinfo_english": ("english", "english_stem")}


class PostgreSQLOnly(migrations.RunSQL):
    """Raw SQL that only PostgreSQL runs."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def configuration_sql(name, parent, stemmer):
    return [
        f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {parent})",
        f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}",
    ]


class Migration(migrations.Migration):
    dependencies = [("mesoinfo", "0006_glossary_conditions_synonyms_search")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        *(
            PostgreSQLOnly(configuration_sql(name, parent, stemmer), f"DROP TEXT SEARCH CONFIGURATION {name}")
            for name, (parent, stemmer) in CONFIGURATIONS.items()
        ),
        # One index per language: a search is always in one language, and a partial index that small is
        # the plan PostgreSQL picks even for words most pages contain (instead of reading every vector).
        *(
            PostgreSQLOnly(
                f"CREATE INDEX mesoinfo_searchdocument_vector_{code} ON mesoinfo_searchdocument "
                f"USING gin (search_vector) WHERE language = '{code}'",
                f"DROP INDEX mesoinfo_searchdocument_vector_{code}",
            )
            for code in LANGUAGE_CODES
        ),
        PostgreSQLOnly(
            "CREATE INDEX mesoinfo_searchword_trigram ON mesoinfo_searchword USING gin (word gin_trgm_ops)",
            "DROP INDEX mesoinfo_searchword_trigram",
        ),
        # Keep the rows small: texts and the full vector go to TOAST storage, the title-and-summary vector
        # stays in the row. A search then reads a few pages per thousand matches instead of hundreds.
        PostgreSQLOnly(
            [
                "ALTER TABLE mesoinfo_searchdocument SET (toast_tuple_target = 256)",
                "ALTER TABLE mesoinfo_searchdocument ALTER COLUMN head_vector SET STORAGE MAIN",
            ],
            [
                "ALTER TABLE mesoinfo_searchdocument ALTER COLUMN head_vector SET STORAGE EXTENDED",
                "ALTER TABLE mesoinfo_searchdocument RESET (toast_tuple_target)",
            ],
        ),
    ]
