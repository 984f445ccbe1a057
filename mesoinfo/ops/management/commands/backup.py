from django.conf import settings
from django.core.management.base import BaseCommand

from mesoinfo.ops.backup import create_backup


class Command(BaseCommand):
    help = "Write a dated archive of the database content and the media files (backups/ by default)."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", default=settings.BASE_DIR / "backups", help="folder of the archive")

    def handle(self, *args, output_dir, **options):
        path = create_backup(output_dir)
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
