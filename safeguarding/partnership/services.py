"""Every write to a partnership's structure. Each refuses bad input with a GOV.UK message and
changes nothing; each change to a key office or a relevant agency flags the arrangements."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.accounts.services import grant_role
from safeguarding.core.clocks import ARRANGEMENTS_REVIEW_DUE
from safeguarding.core.models import END_BEFORE_START, ActionItem
from safeguarding.core.services import action_create, deadline_meet, deadline_start
from safeguarding.partnership.models import (
    KEY_OFFICES,
    ONE_PER_AGENCY,
    SINGLE_HOLDER,
    Agency,
    Appointment,
    Arrangements,
    ArrangementsVersion,
    Group,
    GroupMember,
    Office,
    Partnership,
    PartnershipAgency,
    Person,
)

CHOOSE_PARTNERSHIP = "Select at least one partnership"
NEEDS_AGENCY = "Select the partner agency this office is held for"
SEAT_OUTSIDE_GROUP = "The dates must fall within the group's own dates ({dates})"
SEAT_OVERLAPS = "{person} already has a seat on this group for some of these dates"
UPDATE_ARRANGEMENTS = "Update the published safeguarding arrangements"
UPDATE_WITHIN = timedelta(days=28)


def _check_dates(starts_on, ends_on, field="ends_on"):
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({field: END_BEFORE_START})


def _clash_message(office, clash: Appointment) -> str:
    until = f" to {clash.ends_on:%-d %B %Y}" if clash.ends_on else " with no end date"
    return (
        f"{clash.person} is already {office.label.lower()} from "
        f"{clash.starts_on:%-d %B %Y}{until}. End that appointment first, or mark both as joint."
    )


# -- offices ----------------------------------------------------------------------------------


def appointment_create(*, person: Person, office: str, partnerships, starts_on: date,
                       ends_on: date | None = None, agency: Agency | None = None, label="",
                       title="", joint=False, by) -> Appointment:
    """Appoint `person` to `office`. Refused where it overlaps someone else in the same office
    (single-holder offices, unless both are joint; lead and delegated partners per agency)."""
    office = Office(office)
    partnerships = list(partnerships)
    if not partnerships:
        raise ValidationError({"partnerships": CHOOSE_PARTNERSHIP})
    _check_dates(starts_on, ends_on)
    if office in ONE_PER_AGENCY and agency is None:
        raise ValidationError({"agency": NEEDS_AGENCY})
    with transaction.atomic():
        # Lock the partnerships so two people appointing at once cannot both pass the check.
        list(Partnership.objects.select_for_update().filter(pk__in=[p.pk for p in partnerships]))
        clashes = Appointment.objects.filter(
            office=office, partnerships__in=partnerships).overlapping(starts_on, ends_on).distinct()
        if office in ONE_PER_AGENCY:
            clashes = clashes.filter(agency=agency)
        elif office in SINGLE_HOLDER and joint:
            clashes = clashes.filter(joint=False)
        if office in SINGLE_HOLDER | ONE_PER_AGENCY:
            clash = clashes.exclude(person=person).first() or clashes.first()
            if clash is not None:
                raise ValidationError({"starts_on": _clash_message(office, clash)})
        appointment = Appointment(person=person, office=office, agency=agency, label=label,
                                  title=title or person.job_title, joint=joint,
                                  starts_on=starts_on, ends_on=ends_on)
        appointment._history_user = by
        appointment.full_clean()
        appointment.save()
        appointment.partnerships.set(partnerships)
        if office in KEY_OFFICES:
            arrangements_flag(partnerships=partnerships, by=by,
                              reason=f"{office.label} changed: {person} from "
                                     f"{starts_on:%-d %B %Y}")
    return appointment


def appointment_end(*, appointment: Appointment, ends_on: date, by) -> Appointment:
    _check_dates(appointment.starts_on, ends_on)
    with transaction.atomic():
        appointment.ends_on = ends_on
        appointment._history_user = by
        appointment.save(update_fields=["ends_on"])
        if appointment.office in KEY_OFFICES:
            arrangements_flag(partnerships=appointment.partnerships.all(), by=by,
                              reason=f"{appointment.get_office_display()} leaves: "
                                     f"{appointment.person} on {ends_on:%-d %B %Y}")
    return appointment


# -- agencies ---------------------------------------------------------------------------------


def relevant_agency_set(*, partnership: Partnership, agency: Agency, relevant: bool,
                        reason: str = "", by) -> PartnershipAgency:
    """Name (or stop naming) an agency as relevant to a partnership, with the partners' reason."""
    if relevant and not reason.strip():
        raise ValidationError({"reason": "Enter why the partners name this agency"})
    with transaction.atomic():
        link, _ = PartnershipAgency.objects.select_for_update().get_or_create(
            partnership=partnership, agency=agency)
        changed = link.relevant != relevant
        link.relevant, link.reason = relevant, reason.strip()
        if relevant and changed:
            link.since = timezone.localdate()
        link._history_user = by
        link.save()
        if changed:
            verb = "named as" if relevant else "no longer"
            arrangements_flag(partnerships=[partnership], by=by,
                              reason=f"{agency} {verb} a relevant agency")
    return link


# -- groups -----------------------------------------------------------------------------------


def seat_add(*, group: Group, person: Person, role: str = GroupMember.Role.MEMBER,
             agency: Agency | None = None, starts_on: date, ends_on: date | None = None,
             by) -> GroupMember:
    """Give `person` a seat on `group`. A panel seat for someone who signs in also grants the
    panel member role for the same dates, so they can see the panel's cases."""
    _check_dates(starts_on, ends_on)
    group_end = group.ends_on or date.max
    if starts_on < group.starts_on or (ends_on or date.max) > group_end:
        dates = f"{group.starts_on:%-d %B %Y} to " + (
            f"{group.ends_on:%-d %B %Y}" if group.ends_on else "no end date")
        raise ValidationError({"starts_on": SEAT_OUTSIDE_GROUP.format(dates=dates)})
    with transaction.atomic():
        clashes = GroupMember.objects.select_for_update().filter(
            group=group, person=person).overlapping(starts_on, ends_on)
        if clashes.exists():
            raise ValidationError({"person": SEAT_OVERLAPS.format(person=person)})
        seat = GroupMember(group=group, person=person, role=role,
                           agency=agency or person.agency, starts_on=starts_on, ends_on=ends_on)
        seat._history_user = by
        seat.full_clean()
        seat.save()
        if group.kind == Group.Kind.PANEL and person.user_id:
            _grant_panel(person.user, group, starts_on, ends_on, by)
    return seat


def _grant_panel(user, group: Group, starts_on: date, ends_on: date | None, by):
    """The panel member role for the seat's dates, unless the person already holds it then."""
    from safeguarding.accounts.models import RoleGrant

    held = RoleGrant.objects.filter(user=user, role=Role.PANEL_MEMBER, group=group).overlapping(
        starts_on, ends_on)
    if not held.exists():
        grant_role(user=user, role=Role.PANEL_MEMBER, group=group, starts_on=starts_on,
                   ends_on=ends_on, by=by)


def members_on(group: Group, day: date):
    return GroupMember.objects.filter(group=group).current(day)


# -- the published arrangements ---------------------------------------------------------------


def business_unit_of(partnership: Partnership) -> Agency | None:
    return partnership.agencies.filter(kind=Agency.Kind.BUSINESS_UNIT).first()


def arrangements_flag(*, partnerships, reason: str, by) -> list[Arrangements]:
    """A key change: flag every document that must then be updated (LLR's rule), and put one
    action to update it in the business unit's work (added to, not repeated, while open)."""
    flagged = []
    documents = Arrangements.objects.filter(
        partnerships__in=list(partnerships), update_on_key_change=True).distinct()
    for document in documents:
        document.needs_update = True
        document.update_reasons = "\n".join(filter(None, [document.update_reasons, reason]))
        document._history_user = by
        document.save(update_fields=["needs_update", "update_reasons"])
        _update_action(document, reason, by)
        flagged.append(document)
    return flagged


def _update_action(document: Arrangements, reason: str, by):
    open_action = ActionItem.objects.filter(
        source_type=ContentType.objects.get_for_model(document), source_id=document.pk,
        title=UPDATE_ARRANGEMENTS,
        status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
    ).first()
    if open_action is not None:
        open_action.description = "\n".join([open_action.description, reason])
        open_action.save(update_fields=["description"])
        return open_action
    partnership = document.partnership
    owner_agency = business_unit_of(partnership)
    if owner_agency is None:
        return None
    return action_create(
        partnership=partnership, title=UPDATE_ARRANGEMENTS, owner_agency=owner_agency,
        due_on=timezone.localdate() + UPDATE_WITHIN, by=by, source=document,
        source_label=f"Key change to {document.title}", description=reason,
    )


def arrangements_publish(*, arrangements: Arrangements, sections: list[dict], funding: str,
                         change_summary: str, by, on: date | None = None) -> ArrangementsVersion:
    """Publish a new version: it replaces the last one on the public site, clears the flag and,
    where the document is reviewed every year, starts the next review's clock."""
    on = on or timezone.localdate()
    cleaned = [{"heading": s["heading"].strip(), "body": s["body"].strip()} for s in sections
               if s.get("heading", "").strip() or s.get("body", "").strip()]
    if not cleaned or any(not s["heading"] or not s["body"] for s in cleaned):
        raise ValidationError({"sections": "Enter a heading and text for every section"})
    with transaction.atomic():
        document = Arrangements.objects.select_for_update().get(pk=arrangements.pk)
        last = document.versions.order_by("-number").first()
        document.versions.filter(status=ArrangementsVersion.Status.PUBLISHED).update(
            status=ArrangementsVersion.Status.SUPERSEDED)
        version = ArrangementsVersion.objects.create(
            arrangements=document, number=(last.number + 1) if last else 1,
            status=ArrangementsVersion.Status.PUBLISHED, published_on=on,
            review_due_on=ARRANGEMENTS_REVIEW_DUE.due(on) if document.review_annually else None,
            sections=cleaned, funding=funding.strip(), change_summary=change_summary.strip(),
            created_by=by,
        )
        _reviewed(document, on, by)
        ActionItem.objects.filter(
            source_type=ContentType.objects.get_for_model(document), source_id=document.pk,
            title=UPDATE_ARRANGEMENTS,
            status__in=[ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS],
        ).update(status=ActionItem.Status.COMPLETED, completed_on=on,
                 completion_evidence=f"Version {version.number} published")
    return version


def arrangements_review(*, arrangements: Arrangements, by, on: date | None = None):
    """The annual review found no change needed (Leeds: reviewed every year by the Executive)."""
    with transaction.atomic():
        document = Arrangements.objects.select_for_update().get(pk=arrangements.pk)
        _reviewed(document, on or timezone.localdate(), by)
    return document


def _reviewed(document: Arrangements, on: date, by):
    document.last_reviewed_on = on
    document.needs_update = False
    document.update_reasons = ""
    document.version += 1
    document._history_user = by
    document.save()
    if document.review_annually:
        # This year's clock is met and kept as the record; next year's starts today.
        deadline_meet(record=document, key=ARRANGEMENTS_REVIEW_DUE.key, on=on)
        deadline_start(record=document, key=ARRANGEMENTS_REVIEW_DUE.key, started_on=on,
                       partnership=document.partnership,
                       owner_agency=business_unit_of(document.partnership))
