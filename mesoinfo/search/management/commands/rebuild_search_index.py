from django.core.management.base import BaseCommand

from mesoinfo.search import index
from mesoinfo.search.models import SearchDocument, SearchWord


class Command(BaseCommand):
    help = "Write every search document and the search vocabulary again (after changes made outside save())."

    def handle(self, *args, **options):
        index.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"{SearchDocument.objects.count()} search documents, {SearchWord.objects.count()} words indexed"
            )
        )
