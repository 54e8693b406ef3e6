"""Optimistic locking: the second of two people saving the same record is told what changed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction


@dataclass
class Change:
    field: str
    label: str
    theirs: object
    yours: object


class EditConflict(Exception):
    """Someone else saved the record after this copy was opened."""

    message = (
        "Someone else changed this record while you were editing it. Check their changes below, "
        "then make yours again."
    )

    def __init__(self, record, changes: list[Change]):
        super().__init__(self.message)
        self.record = record
        self.changes = changes


def save_versioned(record, *, expected_version: int, changes: dict, by):
    """Apply `changes` to `record` if its stored version is still `expected_version`."""
    model = type(record)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=record.pk)
        if current.version != expected_version:
            raise EditConflict(current, _differences(current, expected_version, changes))
        for name, value in changes.items():
            setattr(current, name, value)
        current.version += 1
        current._history_user = by
        current.full_clean()
        current.save()
    return current


def _differences(current, expected_version, changes) -> list[Change]:
    """What the other person changed since `expected_version`, from the record's history."""
    history = getattr(current, "history", None)
    seen = history.filter(version=expected_version).first() if history is not None else None
    fields = changes.keys()
    found = []
    for name in fields:
        theirs = getattr(current, name)
        before = getattr(seen, name, None) if seen is not None else None
        if seen is None or before != theirs:
            field = current._meta.get_field(name)
            found.append(Change(name, str(field.verbose_name).capitalize(), theirs,
                                changes[name]))
    return found
