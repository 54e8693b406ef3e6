"""Every write about meetings: each all or nothing, each refusing bad input clearly."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.core.services import action_create, attachment_add
from safeguarding.core.versioning import save_versioned
from safeguarding.meetings.models import AgendaItem, Attendance, Decision, Meeting, WrittenReport
from safeguarding.partnership.services import members_on

OUTSIDE_GROUP_DATES = "The group meets only between {start} and {end}: choose a date then"
ENDS_BEFORE_START = "The meeting must end after it starts"
NOT_MEMBERS = "Only members of the group on the day can be recorded: {names} {verb} not"
DEPUTY_NAME = "Enter the name of the deputy {person} sent"
ACTION_INCOMPLETE = "Enter the action, its owning agency and its due date"


def meeting_create(*, group, starts_at, ends_at, by, title="", location="", online_link="",
                   joint_with_adults_boards=False, is_demo=False) -> Meeting:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ENDS_BEFORE_START})
    day = starts_at.date()
    if not group.is_active_on(day):
        end = f"{group.ends_on:%-d %B %Y}" if group.ends_on else "now"
        raise ValidationError({"starts_at": OUTSIDE_GROUP_DATES.format(
            start=f"{group.starts_on:%-d %B %Y}", end=end)})
    meeting = Meeting(group=group, starts_at=starts_at, ends_at=ends_at, title=title,
                      location=location, online_link=online_link, created_by=by,
                      joint_with_adults_boards=joint_with_adults_boards, is_demo=is_demo)
    meeting._history_user = by
    meeting.full_clean()
    meeting.save()
    return meeting


def meeting_update(*, meeting: Meeting, expected_version: int, by, **changes) -> Meeting:
    starts_at = changes.get("starts_at", meeting.starts_at)
    ends_at = changes.get("ends_at", meeting.ends_at)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": ENDS_BEFORE_START})
    if not meeting.group.is_active_on(starts_at.date()):
        raise ValidationError({"starts_at": OUTSIDE_GROUP_DATES.format(
            start=f"{meeting.group.starts_on:%-d %B %Y}",
            end=f"{meeting.group.ends_on:%-d %B %Y}" if meeting.group.ends_on else "now")})
    if {"starts_at", "ends_at", "location", "online_link"} & set(changes):
        changes["ics_sequence"] = meeting.ics_sequence + 1
    return save_versioned(meeting, expected_version=expected_version, changes=changes, by=by)


def agenda_item_add(*, meeting: Meeting, title: str, purpose: str, presenter: str = "",
                    presentation: str = "", by) -> AgendaItem:
    with transaction.atomic():
        last = (Meeting.objects.select_for_update().get(pk=meeting.pk).agenda
                .order_by("-order").first())
        item = AgendaItem(meeting=meeting, order=(last.order + 1) if last else 1, title=title,
                          purpose=purpose, presenter=presenter, presentation=presentation)
        item.full_clean()
        item.save()
    return item


def paper_add(*, item: AgendaItem, upload, title: str, restricted: bool, by):
    """A paper for an agenda item: type-checked by content, size-limited, stored privately."""
    return attachment_add(record=item, upload=upload, title=title or upload.name, by=by,
                          restricted=restricted)


def attendance_record(*, meeting: Meeting, entries: list[dict], by) -> list[Attendance]:
    """Replace the meeting's attendance with `entries` ({person, status, deputy_name}). Everyone
    must hold a seat on the group on the day; otherwise nothing is saved."""
    day = meeting.starts_at.date()
    members = {seat.person_id for seat in members_on(meeting.group, day)}
    strangers = [entry["person"] for entry in entries if entry["person"].pk not in members]
    if strangers:
        names = ", ".join(str(person) for person in strangers)
        raise ValidationError(NOT_MEMBERS.format(names=names,
                                                 verb="is" if len(strangers) == 1 else "are"))
    for entry in entries:
        if entry["status"] == Attendance.Status.DEPUTY and not entry.get("deputy_name", "").strip():
            raise ValidationError(DEPUTY_NAME.format(person=entry["person"]))
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.attendance.all().delete()
        records = Attendance.objects.bulk_create(
            Attendance(meeting=meeting, person=entry["person"], status=entry["status"],
                       deputy_name=entry.get("deputy_name", "").strip()
                       if entry["status"] == Attendance.Status.DEPUTY else "")
            for entry in entries
        )
        if meeting.status == Meeting.Status.PLANNED and day <= timezone.localdate():
            meeting.status = Meeting.Status.HELD
            meeting.version += 1
            meeting._history_user = by
            meeting.save(update_fields=["status", "version"])
    return records


def minutes_save(*, meeting: Meeting, minutes: str, restricted: bool, expected_version: int,
                 by) -> Meeting:
    return save_versioned(meeting, expected_version=expected_version, by=by,
                          changes={"minutes": minutes, "minutes_restricted": restricted})


def meeting_cancel(*, meeting: Meeting, expected_version: int, by) -> Meeting:
    return save_versioned(meeting, expected_version=expected_version, by=by,
                          changes={"status": Meeting.Status.CANCELLED,
                                   "ics_sequence": meeting.ics_sequence + 1})


def decision_record(*, meeting: Meeting, text: str, actions: list[dict], by,
                    agenda_item: AgendaItem | None = None) -> Decision:
    """A decision and the actions it gives to agencies (into the shared tracker), together."""
    if not text.strip():
        raise ValidationError({"text": "Enter the decision"})
    for action in actions:
        if not (action.get("title") and action.get("owner_agency") and action.get("due_on")):
            raise ValidationError(ACTION_INCOMPLETE)
    partnership = meeting.group.partnerships.order_by("pk").first()
    with transaction.atomic():
        decision = Decision.objects.create(meeting=meeting, agenda_item=agenda_item,
                                           text=text.strip(), recorded_by=by)
        for action in actions:
            action_create(
                partnership=partnership, title=action["title"], owner_agency=action["owner_agency"],
                owner=action.get("owner"), due_on=action["due_on"], by=by, source=decision,
                source_label=f"{meeting.display_title} decision, "
                             f"{meeting.starts_at:%-d %B %Y}",
                description=text.strip(),
            )
    return decision


def written_report_record(*, partnerships, title: str, sent_on: date, by,
                          audience: str = "Lead safeguarding partners") -> WrittenReport:
    if not title.strip():
        raise ValidationError({"title": "Enter the report's title"})
    report = WrittenReport.objects.create(title=title.strip(), sent_on=sent_on, audience=audience)
    report.partnerships.set(partnerships)
    return report


def invitation_recipients(meeting: Meeting) -> list[tuple[str, str]]:
    """The group's members on the day who have an e-mail address: (name, address)."""
    people = []
    for seat in members_on(meeting.group, meeting.starts_at.date()).select_related(
            "person__user"):
        email = seat.person.email or (seat.person.user.email if seat.person.user else "")
        if email:
            people.append((seat.person.full_name, email))
    return sorted(set(people))


def invitations_send(*, meeting: Meeting) -> int:
    """E-mail the members a calendar invitation (or cancellation) for the meeting."""
    from django.core.mail import EmailMessage

    from safeguarding.meetings.calendar import meeting_ics

    recipients = invitation_recipients(meeting)
    if not recipients:
        return 0
    cancelled = meeting.status == Meeting.Status.CANCELLED
    subject = ("Cancelled: " if cancelled else "Invitation: ") + (
        f"{meeting.display_title}, {timezone.localtime(meeting.starts_at):%-d %B %Y at %H:%M}")
    method = "CANCEL" if cancelled else "REQUEST"
    message = EmailMessage(
        subject=subject,
        body=(f"{meeting.group.name}\n{timezone.localtime(meeting.starts_at):%A %-d %B %Y, %H:%M}"
              f"\n{meeting.location or meeting.online_link}\n\nThe agenda and papers are in the "
              "platform (sign in to see them)."),
        to=[email for _, email in recipients],
    )
    message.attach("meeting.ics", meeting_ics(meeting, recipients),
                   f"text/calendar; method={method}; charset=utf-8")
    message.send()
    return len(recipients)
