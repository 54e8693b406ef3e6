from django.core.management.base import BaseCommand, CommandError

from safeguarding.core.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = ("Load a file made by `manage.py backup` into this database, which must be empty "
            "(made by `migrate` alone) and at the same version. All or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            loaded = restore(file)
        except RestoreRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"Restored {sum(loaded.values()):,} rows of {len(loaded)} tables "
                          f"from {file}.")
