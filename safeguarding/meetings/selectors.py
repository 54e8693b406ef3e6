"""Reads about meetings, and the compliance check of a business year against the rules of the
published arrangements (DOMAIN.md section 2)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from safeguarding.core.business_year import BusinessYear
from safeguarding.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingRule,
    WrittenReport,
)
from safeguarding.partnership.models import Appointment, GroupMember

PRESENTATION_TOPICS = {
    "cdop": "Child Death Overview Panel",
    "lado": "Local Authority Designated Officer",
    "front_door": "Front Door",
    "cp_chairs": "Child Protection Chairs",
    "send": "Special Educational Needs and Disabilities",
    "corporate_parenting": "Corporate Parenting",
    "asdb": "Adolescence Safety and Diversion Board",
    "da_boards": "Domestic Abuse Locality Partnership Boards",
}


def meeting_list(queryset, *, group=None, year: BusinessYear | None = None):
    queryset = queryset.select_related("group")
    if group is not None:
        queryset = queryset.filter(group=group)
    if year is not None:
        queryset = queryset.filter(starts_at__date__gte=year.starts_on,
                                   starts_at__date__lte=year.ends_on)
    return queryset.order_by("-starts_at")


def meeting_detail(pk: int) -> Meeting:
    return (Meeting.objects.select_related("group")
            .prefetch_related(
                Prefetch("agenda", queryset=AgendaItem.objects.order_by("order")),
                Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
                "decisions")
            .get(pk=pk))


def held_or_planned(meetings, today: date):
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    planned = [m for m in meetings if m.status == Meeting.Status.PLANNED
               and m.starts_at.date() >= today]
    unrecorded = [m for m in meetings if m.status == Meeting.Status.PLANNED
                  and m.starts_at.date() < today]
    return held, planned, unrecorded


@dataclass
class RuleResult:
    rule: MeetingRule
    status: str  # "met", "on_track", "at_risk", "not_met"
    summary: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    STATUS_LABELS = {"met": ("Met", "green"), "on_track": ("On track", "blue"),
                     "at_risk": ("At risk", "orange"), "not_met": ("Not met", "red")}

    @property
    def status_label(self):
        return self.STATUS_LABELS[self.status][0]

    @property
    def status_colour(self):
        return self.STATUS_LABELS[self.status][1]


def _status(done: int, possible: int, required: int, year_over: bool) -> str:
    if done >= required:
        return "met"
    if year_over:
        return "not_met"
    return "on_track" if possible >= required else "at_risk"


def compliance(partnership, year: BusinessYear, today: date | None = None) -> dict:
    """What the rules require for `year`, what was held or is planned, and what is missing."""
    today = today or timezone.localdate()
    rules = list(MeetingRule.objects.filter(partnerships=partnership).select_related("group")
                 .order_by("group__name", "kind", "id"))
    group_ids = {rule.group_id for rule in rules if rule.group_id}
    meetings = list(meeting_list(Meeting.objects.filter(group_id__in=group_ids), year=year)
                    .exclude(status=Meeting.Status.CANCELLED)
                    .prefetch_related("agenda", "attendance"))
    by_group = defaultdict(list)
    for meeting in meetings:
        by_group[meeting.group_id].append(meeting)
    reports = list(WrittenReport.objects.filter(partnerships=partnership,
                                                sent_on__gte=year.starts_on,
                                                sent_on__lte=year.ends_on))
    year_over = today > year.ends_on
    checks = {
        MeetingRule.Kind.AT_LEAST: _at_least, MeetingRule.Kind.QUARTERLY: _quarterly,
        MeetingRule.Kind.JOINT_AT_MOST: _joint_at_most, MeetingRule.Kind.ALL_JOINT: _all_joint,
        MeetingRule.Kind.OFFICE_ATTENDS: _office_attends,
        MeetingRule.Kind.PRESENTATIONS: _presentations,
    }
    results = []
    for rule in rules:
        if rule.kind == MeetingRule.Kind.WRITTEN_REPORTS:
            results.append(_written_reports(rule, reports, year, today))
        else:
            results.append(checks[rule.kind](rule, by_group[rule.group_id], year, today,
                                             year_over, partnership))
    return {"year": year, "results": results, "meetings": meetings,
            "attendance": attendance_rates(partnership, year, today)}


def _at_least(rule, meetings, year, today, year_over, partnership):
    held, planned, unrecorded = held_or_planned(meetings, today)
    missing = max(0, rule.number - len(held) - len(planned))
    result = RuleResult(rule, _status(len(held), len(held) + len(planned), rule.number,
                                      year_over),
                        f"{len(held)} held, {len(planned)} planned, of at least {rule.number}")
    result.lines = [("Required", str(rule.number)), ("Held", str(len(held))),
                    ("Planned", str(len(planned)))]
    if missing:
        result.missing.append(f"{missing} more meeting{'s' if missing > 1 else ''} to plan")
    for meeting in unrecorded:
        result.missing.append(f"{meeting.starts_at:%-d %B %Y}: attendance not yet recorded")
    return result


def _quarterly(rule, meetings, year, today, year_over, partnership):
    held, planned, _ = held_or_planned(meetings, today)
    result = RuleResult(rule, "met", "")
    covered = 0
    for number, (start, end) in enumerate(year.quarters(), start=1):
        in_quarter = [m for m in held + planned if start <= m.starts_at.date() <= end]
        was_held = any(m in held for m in in_quarter)
        if was_held:
            covered += 1
            text = "Held"
        elif in_quarter:
            text = "Planned"
        else:
            text = "None"
            if end < today:
                result.status = "not_met"
                result.missing.append(f"Quarter {number} ({start:%B} to {end:%B %Y}): no meeting")
            else:
                result.missing.append(f"Quarter {number} ({start:%B} to {end:%B %Y}): "
                                      "none planned yet")
                if result.status == "met":
                    result.status = "at_risk"
        result.lines.append((f"Quarter {number}", text))
    if result.status == "met" and covered < 4:
        result.status = "on_track"
    result.summary = f"{covered} of 4 quarters held"
    return result


def _joint_at_most(rule, meetings, year, today, year_over, partnership):
    held, planned, _ = held_or_planned(meetings, today)
    counted = held + planned
    joint = sum(1 for m in counted if m.joint_with_adults_boards)
    share = rule.share or Decimal("0.5")
    allowed = int(share * len(counted))
    ok = joint <= allowed
    result = RuleResult(rule, "met" if ok else "not_met",
                        f"{joint} of {len(counted)} joint with the adults boards (up to "
                        f"{allowed} allowed)")
    result.lines = [("Meetings", str(len(counted))), ("Joint", str(joint)),
                    ("Allowed joint", str(allowed))]
    if not ok:
        result.missing.append(f"{joint - allowed} joint meeting(s) over the limit")
    return result


def _all_joint(rule, meetings, year, today, year_over, partnership):
    held, planned, _ = held_or_planned(meetings, today)
    single = [m for m in held + planned if not m.joint_with_adults_boards]
    result = _at_least(rule, meetings, year, today, year_over, partnership)
    for meeting in single:
        result.missing.append(f"{meeting.starts_at:%-d %B %Y}: not joint with the adults boards")
        result.status = "not_met" if meeting in held else "at_risk"
    return result


def _office_attends(rule, meetings, year, today, year_over, partnership):
    holders = list(Appointment.objects.filter(partnerships=partnership, office=rule.office)
                   .filter(starts_on__lte=year.ends_on)
                   .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=year.starts_on))
                   .select_related("person", "agency").order_by("person__full_name"))
    held, planned, _ = held_or_planned(meetings, today)
    result = RuleResult(rule, "met", "")
    short = 0
    for appointment in holders:
        attended = sum(1 for m in held for a in m.attendance.all()
                       if a.person_id == appointment.person_id
                       and a.status == Attendance.Status.PRESENT)
        status = _status(attended, attended + len(planned), rule.number, year_over)
        result.lines.append((f"{appointment.person} ({appointment.agency or ''})",
                             f"{attended} of {rule.number}"))
        if attended < rule.number:
            short += 1
            result.missing.append(f"{appointment.person}: {rule.number - attended} more to attend")
            if status in ("not_met", "at_risk") or result.status == "met":
                result.status = status if result.status in ("met", "on_track") else result.status
    result.summary = f"{len(holders) - short} of {len(holders)} have attended {rule.number}"
    return result


def _presentations(rule, meetings, year, today, year_over, partnership):
    held, planned, _ = held_or_planned(meetings, today)
    result = RuleResult(rule, "met", "")
    seen_held = {item.presentation for m in held for item in m.agenda.all()}
    seen_planned = {item.presentation for m in planned for item in m.agenda.all()}
    for topic in rule.topics:
        label = PRESENTATION_TOPICS.get(topic, topic)
        if topic in seen_held:
            result.lines.append((label, "Presented"))
        elif topic in seen_planned:
            result.lines.append((label, "Planned"))
            result.status = "on_track" if result.status == "met" else result.status
        else:
            result.lines.append((label, "Missing"))
            result.missing.append(f"{label}: not on any agenda this year")
            result.status = "not_met" if year_over else "at_risk"
    done = sum(1 for topic in rule.topics if topic in seen_held)
    result.summary = f"{done} of {len(rule.topics)} presented"
    return result


def _written_reports(rule, reports, year, today):
    result = RuleResult(rule, "met", "")
    done = 0
    for number, (start, end) in enumerate(year.quarters(), start=1):
        sent = [r for r in reports if start <= r.sent_on <= end]
        if sent:
            done += 1
            result.lines.append((f"Quarter {number}", f"Sent {sent[0].sent_on:%-d %B %Y}"))
        else:
            result.lines.append((f"Quarter {number}", "Not sent"))
            if end < today:
                result.status = "not_met"
                result.missing.append(f"Quarter {number}: no written report sent")
            elif result.status == "met":
                result.status = "on_track"
    result.summary = f"{done} of 4 quarterly reports sent"
    return result


@dataclass
class MemberRate:
    person: object
    group: object
    agency: object
    role: str
    expected: int
    attended: int

    @property
    def rate(self):
        return round(100 * self.attended / self.expected) if self.expected else None


def _held_in(year: BusinessYear, today: date, **filters) -> list[Meeting]:
    return list(Meeting.objects.filter(status=Meeting.Status.HELD,
                                       starts_at__date__gte=year.starts_on,
                                       starts_at__date__lte=min(year.ends_on, today), **filters)
                .distinct().prefetch_related("attendance"))


def attendance_rates(partnership, year: BusinessYear, today: date) -> list[MemberRate]:
    """Each member's attendance at the meetings their group held while they had a seat."""
    meetings = _held_in(year, today, group__partnerships=partnership)
    seats = GroupMember.objects.filter(group_id__in={m.group_id for m in meetings})
    return _rates(meetings, seats)


def agency_attendance(agency, year: BusinessYear, today: date) -> dict:
    """How often the agency's representatives attended the meetings they were expected at."""
    seats = GroupMember.objects.filter(agency=agency)
    meetings = _held_in(year, today, group__members__agency=agency)
    rates = _rates(meetings, seats)
    expected = sum(rate.expected for rate in rates)
    attended = sum(rate.attended for rate in rates)
    return {"rates": rates, "expected": expected, "attended": attended,
            "rate": round(100 * attended / expected) if expected else None, "year": year}


def _rates(meetings: list[Meeting], seats) -> list[MemberRate]:
    if not meetings:
        return []
    seats = (seats.filter(group_id__in={m.group_id for m in meetings})
             .select_related("person", "group", "agency").order_by("group__name",
                                                                    "person__full_name"))
    rates = []
    for seat in seats:
        expected = [m for m in meetings if m.group_id == seat.group_id
                    and seat.is_current(m.starts_at.date())]
        if not expected:
            continue
        attended = sum(1 for m in expected for a in m.attendance.all()
                       if a.person_id == seat.person_id and a.counts_as_attended)
        rates.append(MemberRate(seat.person, seat.group, seat.agency, seat.get_role_display(),
                                len(expected), attended))
    return rates


def papers_by_item(items) -> dict:
    """Each agenda item's papers, newest version first, in one query."""
    from django.contrib.contenttypes.models import ContentType

    from safeguarding.core.models import Attachment

    papers = defaultdict(list)
    if not items:
        return papers
    for paper in Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(AgendaItem),
            object_id__in=[item.pk for item in items]).order_by("uploaded_at", "id"):
        papers[paper.object_id].append(paper)
    return papers


def decisions_with_actions(meeting) -> list[tuple]:
    """The meeting's decisions, each with the actions it gave (one query for all actions)."""
    from django.contrib.contenttypes.models import ContentType

    from safeguarding.core.models import ActionItem
    from safeguarding.meetings.models import Decision

    decisions = list(meeting.decisions.all())
    actions = defaultdict(list)
    for action in ActionItem.objects.filter(
            source_type=ContentType.objects.get_for_model(Decision),
            source_id__in=[d.pk for d in decisions]).select_related("owner_agency"):
        actions[action.source_id].append(action)
    return [(decision, actions[decision.pk]) for decision in decisions]
