from django.core.management.base import BaseCommand, CommandError

from mesoinfo.editorial.content import ContentError, ContentLoader
from mesoinfo.search import index


class Command(BaseCommand):
    help = "Load the editorial content of every app (its content/ folder) without overwriting staff edits."

    def handle(self, *args, **options):
        try:
            report = ContentLoader().load()
        except ContentError as error:
            raise CommandError(str(error)) from error
        for label in report.created:
            self.stdout.write(f"created   {label}")
        for label in report.updated:
            self.stdout.write(f"updated   {label}")
        for label in report.skipped:
            self.stdout.write(
                self.style.WARNING(f"kept      {label}: changed in the admin since it was loaded, file not applied")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.skipped)} kept as edited by staff"
            )
        )
        # Pages written before the search existed, or in bulk, get their search documents now.
        indexed = index.update_missing()
        if indexed:
            self.stdout.write(f"{indexed} pages added to the search index")
