"""Every write of the shared mechanisms: the access log, deadlines and actions."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from safeguarding.core.calendar import WorkingCalendar
from safeguarding.core.clocks import CLOCKS, compute_due
from safeguarding.core.models import (
    AccessEvent,
    ActionItem,
    Attachment,
    ClockRule,
    ClosureDay,
    Deadline,
    Reminder,
)
from safeguarding.core.versioning import save_versioned

# -- access log -----------------------------------------------------------------------------------


def client_ip(request) -> str | None:
    # Behind a load balancer the platform is configured to trust the first proxy only.
    return request.META.get("REMOTE_ADDR") or None


def access_log(*, request=None, user=None, kind, record=None, record_label="", detail=""):
    """Write one line to the access log. Never raises into the page that called it: a page that
    cannot be logged must not be shown, so callers log before they render."""
    user = user if user is not None else getattr(request, "user", None)
    known_user = user if user is not None and user.is_authenticated else None
    event = AccessEvent(
        user=known_user,
        user_email=getattr(known_user, "email", "") or detail_email(request),
        kind=kind,
        record_label=record_label or (case_label(record) if record is not None else ""),
        detail=detail[:300],
    )
    if record is not None:
        event.content_type = ContentType.objects.get_for_model(record)
        event.object_id = str(record.pk)
        event.partnership_id = getattr(record, "partnership_id", None)
    if request is not None:
        event.path = request.path[:500]
        event.page = request.META.get("HTTP_REFERER", "")[:500]
        event.ip_address = client_ip(request)
    event.save()
    return event


def detail_email(request) -> str:
    if request is None:
        return ""
    typed = request.POST.get("username", "") if request.method == "POST" else ""
    return typed[:254]


def case_label(record) -> str:
    """How a record is named in the log: its reference and pseudonym, never a child's name."""
    label = getattr(record, "log_label", None)
    if label is not None:
        return str(label)[:200]
    return f"{record._meta.verbose_name} {record.pk}"[:200]


# -- clocks and deadlines -------------------------------------------------------------------------


def clock_rule_current(key: str, partnership=None) -> ClockRule:
    """The rule in force for a partnership: its own newest version, else the national newest,
    else version 1 made from the declaration in `core.clocks`."""
    rules = ClockRule.objects.filter(key=key)
    if partnership is not None:
        own = rules.filter(partnership=partnership).order_by("-version").first()
        if own is not None:
            return own
    national = rules.filter(partnership__isnull=True).order_by("-version").first()
    if national is not None:
        return national
    declared = CLOCKS[key]
    rule, _ = ClockRule.objects.get_or_create(
        key=key, partnership=None, version=1,
        defaults=dict(unit=declared.unit, amount=declared.amount, since=declared.since,
                      label=declared.label, source=declared.source, note=declared.note),
    )
    return rule


def clock_rule_change(*, key: str, amount: int, source: str, partnership=None, note="", by=None):
    """A new version of a rule. Deadlines already set keep the version they were computed with."""
    with transaction.atomic():
        current = clock_rule_current(key, partnership)
        latest = (
            ClockRule.objects.select_for_update()
            .filter(key=key, partnership=partnership).order_by("-version").first()
        )
        return ClockRule.objects.create(
            key=key, partnership=partnership, version=(latest.version + 1) if latest else 1,
            unit=current.unit, amount=amount, since=current.since, label=current.label,
            source=source, note=note, created_by=by,
        )


def partnership_calendar(partnership) -> WorkingCalendar:
    closures = ClosureDay.objects.filter(partnership=partnership).values_list("day", flat=True)
    return WorkingCalendar(closures=frozenset(closures))


def deadline_start(*, record, key: str, started_on: date, partnership, owner=None,
                   owner_agency=None, url: str = "") -> Deadline:
    """Compute and store the due date of `key` for `record`, once. Starting a clock that is
    already running (open: not met, not cancelled) returns the stored deadline unchanged."""
    content_type = ContentType.objects.get_for_model(record)
    existing = Deadline.objects.filter(
        content_type=content_type, object_id=record.pk, rule__key=key, cancelled=False,
        met_on__isnull=True,
    ).first()
    if existing is not None:
        return existing
    rule = clock_rule_current(key, partnership)
    due = compute_due(rule.unit, rule.amount, started_on, partnership_calendar(partnership))
    due_at = due if not isinstance(due, date) or hasattr(due, "hour") else None
    return Deadline.objects.create(
        content_type=content_type, object_id=record.pk, partnership=partnership, rule=rule,
        label=rule.label, record_label=case_label(record),
        record_reference=getattr(record, "reference", "")[:40],
        started_on=started_on.date() if hasattr(started_on, "hour") else started_on,
        due_on=due_at.date() if due_at else due, due_at=due_at,
        owner=owner, owner_agency=owner_agency, url=url or _url_of(record),
    )


def deadline_restart(*, record, key: str, started_on: date, partnership, **owners) -> Deadline:
    """Move a running clock to a new starting date (a publication date put back, say): the old
    deadline is kept, cancelled, so the record shows it moved; an unchanged date changes nothing."""
    running = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        rule__key=key, cancelled=False, met_on__isnull=True,
    ).first()
    if running is not None and running.started_on == started_on:
        return running
    if running is not None:
        running.cancelled = True
        running.save(update_fields=["cancelled"])
    return deadline_start(record=record, key=key, started_on=started_on,
                          partnership=partnership, **owners)


def deadline_meet(*, record, key: str, on: date) -> Deadline | None:
    deadline = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        rule__key=key, cancelled=False, met_on__isnull=True,
    ).first()
    if deadline is not None:
        deadline.met_on = on
        deadline.save(update_fields=["met_on"])
    return deadline


def _url_of(record) -> str:
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if get_url else ""


# -- actions --------------------------------------------------------------------------------------


def action_create(*, partnership, title: str, owner_agency, due_on: date, source_label: str,
                  by, description: str = "", owner=None, source=None) -> ActionItem:
    action = ActionItem(
        partnership=partnership, title=title, description=description,
        owner_agency=owner_agency, owner=owner, due_on=due_on, source_label=source_label,
        created_by=by,
    )
    if source is not None:
        action.source_type = ContentType.objects.get_for_model(source)
        action.source_id = source.pk
    action._history_user = by
    action.full_clean()
    action.save()
    return action


def action_update(*, action: ActionItem, expected_version: int, by, **changes) -> ActionItem:
    """Change an action's progress. Refused if someone else saved it since the form was opened."""
    if changes.get("status") == ActionItem.Status.COMPLETED and not changes.get("completed_on"):
        changes["completed_on"] = action.completed_on or timezone.localdate()
    if changes.get("impact_evidence") and not action.impact_recorded_on:
        changes["impact_recorded_on"] = timezone.localdate()
    return save_versioned(action, expected_version=expected_version, changes=changes, by=by)


# -- reminders ------------------------------------------------------------------------------------

REMIND_WORKING_DAYS_BEFORE = 2


def reminder_recipients(deadline: Deadline) -> list:
    """Who is reminded: the deadline's owner, else the members of the case who may see it."""
    if deadline.owner_id:
        return [deadline.owner] if deadline.owner.is_active else []
    record = deadline.record
    named = getattr(record, "reminder_recipients", None)  # a record may say who does its work
    if named is not None:
        return [user for user in named() if user.is_active]
    members = getattr(record, "members", None)
    if record is None or members is None:
        return []
    return [user for user in members.filter(is_active=True) if user.has_perm("view_case", record)]


def reminders_send(*, today: date, site_url: str) -> int:
    """E-mail a reminder two working days before each open deadline and on its due date. Safe to
    run again the same day, or to retry after a failure: nothing is sent twice."""
    sent = 0
    reminder_day = {}  # partnership id -> the due date reminded "before" today
    # Two working days never span more than a fortnight, whatever a partnership's closures.
    due = (
        Deadline.objects.filter(met_on__isnull=True, cancelled=False, due_on__gte=today,
                                due_on__lte=today + timedelta(days=14))
        .select_related("owner", "partnership", "content_type", "rule")
    )
    for deadline in due:
        if deadline.partnership_id not in reminder_day:
            reminder_day[deadline.partnership_id] = partnership_calendar(
                deadline.partnership).add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
        if deadline.due_on == today:
            kind = Reminder.Kind.DUE
        elif deadline.due_on == reminder_day[deadline.partnership_id]:
            kind = Reminder.Kind.BEFORE
        else:
            continue
        for recipient in reminder_recipients(deadline):
            sent += _remind(deadline, recipient, kind, site_url)
    return sent


def _remind(deadline: Deadline, recipient, kind: str, site_url: str) -> int:
    with transaction.atomic():
        _, created = Reminder.objects.get_or_create(deadline=deadline, recipient=recipient,
                                                    kind=kind)
        if not created:
            return 0
        context = {"deadline": deadline, "recipient": recipient, "kind": kind,
                   "link": site_url.rstrip("/") + (deadline.url or "/my-work/")}
        send_mail(
            subject=render_to_string("core/email/reminder_subject.txt", context).strip(),
            message=render_to_string("core/email/reminder.txt", context),
            from_email=None, recipient_list=[recipient.email],
        )
    return 1


# -- attachments ----------------------------------------------------------------------------------


def attachment_add(*, record, upload, title: str, by, kinds=None, restricted=False,
                   supersedes=None):
    """Check the file by its content and size, then store it under a random name."""
    from safeguarding.core import files

    kind = files.validate_upload(upload, kinds or files.DOCUMENTS)
    original = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:255] or "file"
    attachment = Attachment(
        record=record, partnership_id=record.partnership_id, title=title,
        original_name=original, kind=kind.key, content_type_header=kind.content_type,
        size=upload.size, sha256=files.checksum(upload), restricted=restricted,
        supersedes=supersedes, uploaded_by=by,
    )
    attachment.file.save(original, upload, save=False)
    attachment.save()
    return attachment
