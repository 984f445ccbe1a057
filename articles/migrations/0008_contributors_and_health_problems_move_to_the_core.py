"""Contributors and health problems now belong to the core apps (editorial, pages), which adopted their
tables: the foreign keys follow in the migration state only. The prepared body becomes the prepared text
every page type has; categories are loaded from content files like everything else."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_category_order"),
        ("editorial", "0001_initial"),
        ("pages", "0001_initial"),
        # The contributors leave this app's state once every page type points at the editorial ones.
        ("faq", "0007_related_pages_and_prepared_answers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="author",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(class)ss_written",
                        to="editorial.contributor",
                        verbose_name="author",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalarticle",
                    name="author",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="editorial.contributor",
                        verbose_name="author",
                    ),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="reviewer",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Leave empty until a physician has really reviewed the page.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="%(class)ss_reviewed",
                        to="editorial.contributor",
                        verbose_name="medical reviewer",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalarticle",
                    name="reviewer",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Leave empty until a physician has really reviewed the page.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="editorial.contributor",
                        verbose_name="medical reviewer",
                    ),
                ),
                migrations.AlterField(
                    model_name="article",
                    name="conditions",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="The health problems this article is about: it is listed on their pages.",
                        related_name="%(class)ss",
                        to="pages.condition",
                        verbose_name="health problems",
                    ),
                ),
                migrations.DeleteModel(
                    name="Contributor",
                ),
            ]
        ),
        migrations.RenameField(
            model_name="article",
            old_name="prepared_body",
            new_name="prepared_text",
        ),
        migrations.AddField(
            model_name="category",
            name="loaded_checksum",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
