"""Reads that list or aggregate the shared records. Callers pass a queryset already scoped by the
access policy; nothing here decides who may see what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from safeguarding.core.models import AccessEvent, ActionItem

OPEN_STATUSES = [ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS]


def action_list(queryset, *, status: str = "", overdue_on: date | None = None):
    queryset = queryset.select_related("owner_agency", "owner", "partnership")
    if status == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if overdue_on is not None:
        queryset = queryset.filter(
            status__in=OPEN_STATUSES, due_on__lt=overdue_on,
        )
    return queryset.order_by("due_on", "id")


def open_deadlines(queryset):
    return queryset.filter(met_on__isnull=True, cancelled=False).select_related(
        "partnership", "rule"
    ).order_by("due_on", "id")


@dataclass
class WorkItem:
    """One line of "My work": something due, from any module."""

    kind: str
    title: str
    context: str
    due_on: date
    url: str
    today: date

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def is_overdue(self) -> bool:
        return self.due_on < self.today


def my_work(*, actions, deadlines, today: date, horizon_days: int = 28) -> dict:
    """Overdue and due-soon work, from actions and deadlines the caller may see."""
    limit = date.fromordinal(today.toordinal() + horizon_days)
    items = [
        WorkItem("Action", a.title, f"{a.owner_agency} · {a.source_label}", a.due_on,
                 a.get_absolute_url(), today)
        for a in action_list(actions, status="open").filter(due_on__lte=limit)
    ]
    items += [
        WorkItem("Deadline", d.label, d.record_label, d.due_on, d.url, today)
        for d in open_deadlines(deadlines).filter(due_on__lte=limit)
    ]
    items.sort(key=lambda item: (item.due_on, item.title))
    return {
        "overdue": [item for item in items if item.is_overdue],
        "due_soon": [item for item in items if not item.is_overdue],
        "horizon_days": horizon_days,
    }


def access_event_list(queryset, *, who: str = "", record: str = "", kind: str = "",
                      since: date | None = None, until: date | None = None):
    queryset = queryset.select_related("content_type")
    if who:
        queryset = queryset.filter(Q(user_email__icontains=who) | Q(user__full_name__icontains=who))
    if record:
        queryset = queryset.filter(record_label__icontains=record)
    if kind:
        queryset = queryset.filter(kind=kind)
    if since:
        queryset = queryset.filter(at__date__gte=since)
    if until:
        queryset = queryset.filter(at__date__lte=until)
    return queryset.order_by("-at", "-id")


__all__ = ["AccessEvent", "access_event_list", "action_list", "my_work", "open_deadlines"]


@dataclass
class HistoryEntry:
    at: object
    who: object
    changes: list  # (field label, before, after)


def history_changes(record, *, limit: int = 20) -> list[HistoryEntry]:
    """Who changed what on `record`, newest first: each field's value before and after."""
    entries = list(record.history.select_related("history_user").order_by("-history_date",
                                                                            "-history_id")[
        : limit + 1])
    found = []
    for newer, older in zip(entries, [*entries[1:], None], strict=False):
        if len(found) == limit:
            break
        if older is None:
            changes = [("Created", "", "")]
        else:
            delta = newer.diff_against(older)
            changes = [
                (str(record._meta.get_field(c.field).verbose_name).capitalize(),
                 _shown(record, c.field, c.old), _shown(record, c.field, c.new))
                for c in delta.changes if c.field != "version"
            ]
        found.append(HistoryEntry(newer.history_date, newer.history_user, changes))
    return found


def _shown(record, name, value):
    field = record._meta.get_field(name)
    if value is None:
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:  # the name of the person or agency, not its number
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"(removed, {value})"
    return value
