"""Identifying details (names, dates of birth, addresses) are encrypted at rest: the column
becomes text holding the ciphertext, and every value already there is encrypted with the first
of FIELD_ENCRYPTION_KEYS. Reading and writing go through SQL here, because the model field of
this migration's state would try to decrypt what is still plain text."""

from django.db import migrations

import safeguarding.core.fields
from safeguarding.core.fields import KeyMissing, decrypt, encrypt


def _values(schema_editor, table):
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, value FROM {quote(table)}")  # noqa: S608 (our own table)
        return list(cursor.fetchall())


def _write(schema_editor, table, changes):
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(table)} SET value = %s WHERE id = %s",  # noqa: S608
                           [(value, pk) for pk, value in changes])


def _is_encrypted(value: str) -> bool:
    try:
        decrypt(value)
    except KeyMissing:
        return False
    return True


def encrypt_existing(apps, schema_editor):
    table = apps.get_model("reviews", "IdentifyingDetail")._meta.db_table
    rows = _values(schema_editor, table)
    _write(schema_editor, table, [(pk, encrypt(value)) for pk, value in rows
                                  if value and not _is_encrypted(value)])


def decrypt_existing(apps, schema_editor):
    table = apps.get_model("reviews", "IdentifyingDetail")._meta.db_table
    rows = _values(schema_editor, table)
    _write(schema_editor, table, [(pk, decrypt(value)) for pk, value in rows if value])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_sign_off_learning_products")]

    operations = [
        migrations.AlterField(
            model_name="identifyingdetail", name="value",
            field=safeguarding.core.fields.EncryptedTextField(max_length=200),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
