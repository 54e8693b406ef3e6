"""Backup and restore of the whole database as JSON lines, portable between SQLite and
PostgreSQL (`manage.py backup <file>`, `manage.py restore <file>`; docs/operations.md).

The file's first line says what it is: the format, when it was made, the migrations applied
and how many rows each table had. Then one line per row of every table the models make (the
tables behind many-to-many fields too), in Django's serialised form, each with its primary key,
so every link between rows survives. Values kept encrypted in the database stay encrypted in
the file (`core.fields.EncryptedTextField`): restoring them needs the same
FIELD_ENCRYPTION_KEYS. The file still holds password hashes, two-factor secrets and every case
record: keep it as safe as the database. Uploaded files live in the file storage and are
backed up with it, not here.

Restore goes into an empty database migrated to the same version: it refuses anything else,
and loads everything in one transaction or nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from safeguarding.core.fields import EncryptedTextField, KeyMissing, decrypt, encrypt

FORMAT = "safeguarding-backup"
VERSION = 1
CHUNK = 2000
# Made afresh by `migrate` in every database: replaced by the backup's own rows on restore.
MADE_BY_MIGRATE = ("contenttypes.contenttype", "auth.permission")


class RestoreRefused(Exception):
    pass


KEYS_DIFFER = ("The file's encrypted values cannot be opened with FIELD_ENCRYPTION_KEYS: restore "
               "with the keys the backup was made with. Nothing was restored.")
DAMAGED = "The file is cut off or damaged. Nothing was restored."


class Encoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds only: a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, (datetime, time)):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list:
    """Every table the models make, the many-to-many ones included, in a stable order."""
    return [model for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy]


def _open(path, mode: str):
    if mode == "w":
        # Readable by its owner alone (it holds password hashes, two-factor secrets and case
        # records), from before anything is written, and when it replaces an older file.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.chmod(path, 0o600)
    if str(path).endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def _rows(model) -> Iterator[dict]:
    """The model's rows as Django serialises them (plain text for encrypted fields), in
    primary-key order, a chunk at a time."""
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    queryset = model._base_manager.order_by("pk")
    chunk = []
    for row in queryset.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from Serializer().serialize(chunk, fields=fields)
            chunk = []
    if chunk:
        yield from Serializer().serialize(chunk, fields=fields)


def _encrypted(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def backup(path) -> dict[str, int]:
    """Write every table to `path` (gzipped if it ends in .gz); the rows counted by table."""
    models = backed_up_models()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), _open(path, "w") as out:
        # One transaction: on PostgreSQL a consistent snapshot of every table.
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = {model._meta.label_lower: model._base_manager.count() for model in models}
        header = {"format": FORMAT, "version": VERSION, "made_at": timezone.now(),
                  "database": connection.vendor, "migrations": _migrations(), "counts": counts}
        out.write(json.dumps(header, cls=Encoder) + "\n")
        for model in models:
            secret = _encrypted(model)
            for row in _rows(model):
                for name in secret:
                    if row["fields"][name]:
                        row["fields"][name] = encrypt(row["fields"][name])
                if secret:
                    row["encrypted"] = secret
                out.write(json.dumps(row, cls=Encoder) + "\n")
    return counts


def _migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in
                  MigrationRecorder.Migration.objects.values_list("app", "name"))


def restore(path) -> dict[str, int]:
    """Load a backup into this (empty, migrated) database; the rows loaded by table."""
    with _open(path, "r") as given:
        header = _header(given.readline())
        _refuse_unless_empty_and_same_version(header)
        loaded: dict[str, int] = {}
        try:
            with transaction.atomic():
                for label in MADE_BY_MIGRATE:
                    apps.get_model(label)._base_manager.all().delete()
                pending, model = [], None
                for line in given:
                    row = json.loads(line)
                    if model is not None and row["model"] != model._meta.label_lower:
                        _load(model, pending, loaded)
                        pending = []
                    model = apps.get_model(row["model"])
                    pending.append(row)
                    if len(pending) == CHUNK:
                        _load(model, pending, loaded)
                        pending = []
                if pending:
                    _load(model, pending, loaded)
                if loaded != {label: n for label, n in header["counts"].items() if n}:
                    raise RestoreRefused("The file is incomplete: it does not hold the rows its "
                                         "first line counts. Nothing was restored.")
                _reset_sequences()
                connection.check_constraints()
        except KeyMissing:
            raise RestoreRefused(KEYS_DIFFER) from None
        except (EOFError, gzip.BadGzipFile, json.JSONDecodeError):
            raise RestoreRefused(DAMAGED) from None
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return loaded


def _header(line: str) -> dict:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RestoreRefused("This is not a backup made by `manage.py backup`.")
    if header.get("version") != VERSION:
        raise RestoreRefused(f"This backup is version {header.get('version')}; this platform "
                             f"restores version {VERSION}.")
    return header


def _refuse_unless_empty_and_same_version(header: dict) -> None:
    here = _migrations()
    if header["migrations"] != here:
        theirs, ours = ({tuple(m) for m in migrations} for migrations in (header["migrations"],
                                                                         here))
        missing, extra = sorted(theirs - ours), sorted(ours - theirs)
        raise RestoreRefused(
            "The database is not at the backup's version: migrate it to the same code first. "
            f"Missing here: {missing[:5]}; not in the backup: {extra[:5]}")
    holding = [model._meta.label for model in backed_up_models()
               if model._meta.label_lower not in MADE_BY_MIGRATE
               and model._base_manager.exists()]
    if holding:
        raise RestoreRefused("Restore goes into an empty database (made by `migrate` alone); "
                             f"this one holds rows in {', '.join(holding[:5])}.")


def _load(model, rows: list[dict], loaded: dict[str, int]) -> None:
    objects = []
    for found in serializers.deserialize("python", rows):
        instance = found.object
        for name in rows[0].get("encrypted", ()):
            value = getattr(instance, name)
            if value:
                setattr(instance, name, decrypt(value))
        objects.append(instance)
    # Inserted as they were ("raw", as `loaddata` saves): no field fills itself in afresh (a
    # creation time, say), and every key is the one in the file.
    fields = model._meta.local_concrete_fields
    size = max(1, min(500, connection.ops.bulk_batch_size(fields, objects)))
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start:start + size], fields=fields, raw=True)
    label = model._meta.label_lower
    loaded[label] = loaded.get(label, 0) + len(objects)


def _reset_sequences() -> None:
    """Rows came with their own keys: the next new row's key must come after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


# -- the drill: is what was restored what was backed up? ------------------------------------------


@dataclass(frozen=True)
class TableState:
    rows: int
    checksum: str


def table_states() -> dict[str, TableState]:
    """Every table's row count and a checksum of its content (its rows as serialised, in
    primary-key order; encrypted values as plain text, as their ciphertext changes each time
    they are written). Tables no model makes (the migrations record) are counted too; the
    cache's tables are left out: they hold nothing to restore."""
    states = {}
    for model in backed_up_models():
        digest = hashlib.sha256()
        for row in _rows(model):
            digest.update(json.dumps(row, cls=Encoder, sort_keys=True).encode())
        states[model._meta.db_table] = TableState(model._base_manager.count(),
                                                  digest.hexdigest())
    caches = {cache.get("LOCATION") for cache in settings.CACHES.values()
              if cache["BACKEND"].endswith("DatabaseCache")}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in states or table in caches:
                continue
            # The database's own table names, never input.
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  # nosec B608
            states[table] = TableState(cursor.fetchone()[0], "")
    return states
