"""Where generated rows go: `bulk_create` in batches, and on PostgreSQL COPY for the biggest
tables (the rows are written straight into the table's stream, no INSERT statements)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection

BATCH = 2_000


class Sink:
    def __init__(self):
        self.counts: Counter[str] = Counter()
        self.copies = connection.vendor == "postgresql"

    def add(self, objects: list) -> list:
        """Insert model instances (all of one model); they come back with their ids."""
        if not objects:
            return objects
        model = type(objects[0])
        model._default_manager.bulk_create(objects, batch_size=BATCH)
        self.counts[model._meta.label] += len(objects)
        return objects

    def link(self, through, pairs: Iterable[tuple[int, int]], left: str, right: str) -> None:
        """Rows of a many-to-many table: (left id, right id) pairs."""
        self.add([through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in pairs])

    def copy(self, model, columns: list[str], rows: Iterable[tuple]) -> int:
        """Stream plain rows (values in the order of `columns`, attribute names such as
        `indicator_id`) into `model`'s table. No ids come back."""
        if not self.copies:
            return self._bulk(model, columns, rows)
        fields = [model._meta.get_field(name) for name in columns]
        quote = connection.ops.quote_name
        statement = (f"COPY {quote(model._meta.db_table)} "
                     f"({', '.join(quote(f.column) for f in fields)}) FROM STDIN")
        written = 0
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as stream:
            for row in rows:
                stream.write_row(row)
                written += 1
        self.counts[model._meta.label] += written
        return written

    def _bulk(self, model, columns, rows) -> int:
        written, batch = 0, []
        for row in rows:
            batch.append(model(**dict(zip(columns, row, strict=True))))
            if len(batch) == BATCH:
                written += len(self.add(batch))
                batch = []
        written += len(self.add(batch))
        return written
