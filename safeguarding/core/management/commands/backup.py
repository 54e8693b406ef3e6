from django.core.management.base import BaseCommand

from safeguarding.core.backup import backup


class Command(BaseCommand):
    help = ("Write every table of the database to FILE as JSON lines (gzipped if FILE ends in "
            ".gz), portable between SQLite and PostgreSQL. Restore with `manage.py restore`.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        counts = backup(file)
        self.stdout.write(f"Backed up {sum(counts.values()):,} rows of {len(counts)} tables "
                          f"to {file}.")
