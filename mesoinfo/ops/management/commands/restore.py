from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mesoinfo.ops.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = (
        "Restore the database content and the media files from an archive written by `backup`. Into a new "
        "or unchanged database it just restores; it refuses to change or delete existing data unless "
        "--replace is given, and then saves the current data first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a .tar.gz written by `manage.py backup`")
        parser.add_argument("--replace", action="store_true", help="replace the current data (saved first)")
        parser.add_argument("--backup-dir", default=settings.BASE_DIR / "backups", help="where to save it")

    def handle(self, *args, archive, replace, backup_dir, **options):
        try:
            restore(archive, replace=replace, backup_directory=backup_dir, log=self.stdout.write)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal)) from refusal
