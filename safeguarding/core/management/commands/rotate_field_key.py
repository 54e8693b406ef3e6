"""Re-encrypt every encrypted value with the first of FIELD_ENCRYPTION_KEYS.

To rotate: put the new key first in FIELD_ENCRYPTION_KEYS, keeping the old one after it, deploy,
run this command, then remove the old key (docs/security.md). `--check` only counts the values
still under another key; it exits 1 if there are any.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from safeguarding.core.fields import encrypted_fields, is_under_first_key, reencrypt

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field's value with the first of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Count the values not yet under the first key; change nothing.")

    def handle(self, *args, check=False, **options):
        left = 0
        for model, field in encrypted_fields():
            table, column = model._meta.db_table, field.column
            pk = model._meta.pk.column
            tokens = self._stored(table, pk, column)
            stale = [(key, token) for key, token in tokens if not is_under_first_key(token)]
            label = f"{model._meta.label}.{field.name}"
            if check:
                left += len(stale)
                self.stdout.write(f"{label}: {len(stale)} of {len(tokens)} under an older key")
                continue
            with transaction.atomic():
                for start in range(0, len(stale), BATCH):
                    self._write(table, pk, column, [(reencrypt(token), key, token)
                                                    for key, token in stale[start:start + BATCH]])
            self.stdout.write(f"{label}: {len(stale)} of {len(tokens)} re-encrypted")
        if check and left:
            raise CommandError(f"{left} values are still under an older key: run "
                               "rotate_field_key before removing it")

    # The names in these statements are the models' own tables and columns, never input.

    @staticmethod
    def _stored(table, pk, column):
        """The ciphertexts as stored (SQL: the model would decrypt them)."""
        t, k, c = (connection.ops.quote_name(name) for name in (table, pk, column))
        sql = f"SELECT {k}, {c} FROM {t} WHERE {c} IS NOT NULL AND {c} <> ''"  # noqa: S608  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())

    @staticmethod
    def _write(table, pk, column, changes):
        """Each (new ciphertext, key, old ciphertext): a value saved since it was read (the
        service runs on meanwhile) is left as it is, not put back to what it was."""
        t, k, c = (connection.ops.quote_name(name) for name in (table, pk, column))
        sql = f"UPDATE {t} SET {c} = %s WHERE {k} = %s AND {c} = %s"  # noqa: S608  # nosec B608
        with connection.cursor() as cursor:
            cursor.executemany(sql, changes)
