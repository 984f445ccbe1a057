"""Add (or remove) generated articles and questions, for benchmarks and load tests."""

from django.core.management.base import BaseCommand
from django.db import connection

from articles.models import Article
from faq.models import Question
from tools.loadtest import GENERATED_PREFIX, generate_content, remove_generated_content


class Command(BaseCommand):
    help = "Make the database hold N generated articles and M generated questions (slugs 'genere-…'), or remove them."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--questions", type=int, default=300)
        parser.add_argument("--remove", action="store_true", help="delete the generated articles and questions")

    def handle(self, *args, articles, questions, remove, **options):
        if remove:
            remove_generated_content()
            self.stdout.write("Generated content removed.")
            return
        have_articles = Article.objects.filter(slug__startswith=GENERATED_PREFIX).count()
        have_questions = Question.objects.filter(slug__startswith=GENERATED_PREFIX).count()
        generate_content(max(0, articles - have_articles), max(0, questions - have_questions))
        if connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would soon give them: measured plans are a production's plans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"{max(articles, have_articles)} generated articles, {max(questions, have_questions)} questions."
        )
