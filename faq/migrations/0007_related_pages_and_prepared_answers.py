"""A question's related articles become links between pages (editorial.RelatedPage), which any page type
can have: the rows are copied, then the question's own table of them goes. Contributors and health problems
belong to the core apps now (state only); answers get the prepared text every page type has; themes are
loaded from content files like everything else."""

import django.db.models.deletion
from django.db import migrations, models


def copy_related_articles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    RelatedPage = apps.get_model("editorial", "RelatedPage")
    Question = apps.get_model("faq", "Question")
    question_type, _created = ContentType.objects.get_or_create(app_label="faq", model="question")
    article_type, _created = ContentType.objects.get_or_create(app_label="articles", model="article")
    rows = Question.related_articles.through.objects.order_by("pk").values_list("question_id", "article_id")
    RelatedPage.objects.bulk_create(
        RelatedPage(from_type=question_type, from_id=question, to_type=article_type, to_id=article, position=n)
        for n, (question, article) in enumerate(rows, start=1)
    )


def copy_links_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    RelatedPage = apps.get_model("editorial", "RelatedPage")
    Question = apps.get_model("faq", "Question")
    question_type = ContentType.objects.filter(app_label="faq", model="question").first()
    article_type = ContentType.objects.filter(app_label="articles", model="article").first()
    if question_type is None or article_type is None:
        return
    links = RelatedPage.objects.filter(from_type=question_type, to_type=article_type)
    Question.related_articles.through.objects.bulk_create(
        Question.related_articles.through(question_id=link.from_id, article_id=link.to_id) for link in links
    )
    links.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0006_question_history_home_position"),
        ("editorial", "0001_initial"),
        ("pages", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_related_articles, copy_links_back),
        migrations.RemoveField(
            model_name="question",
            name="related_articles",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalquestion",
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
                    model_name="historicalquestion",
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
                    model_name="question",
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
                    model_name="question",
                    name="conditions",
                    field=models.ManyToManyField(
                        blank=True,
                        help_text="The health problems this question is about: it is listed on their pages.",
                        related_name="%(class)ss",
                        to="pages.condition",
                        verbose_name="health problems",
                    ),
                ),
                migrations.AlterField(
                    model_name="question",
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
            ]
        ),
        migrations.AddField(
            model_name="question",
            name="prepared_text",
            field=models.JSONField(default=dict, editable=False),
        ),
        migrations.AddField(
            model_name="theme",
            name="loaded_checksum",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
    ]
