"""Reads of a partnership's structure: who holds which office on a day, the chair rotation,
the structure, an agency's involvement."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch

from safeguarding.core.business_year import BusinessYear
from safeguarding.partnership.models import (
    Agency,
    Appointment,
    Group,
    GroupMember,
    Office,
    Partnership,
    PartnershipAgency,
)


def office_holders(partnership: Partnership, office: str, day: date) -> list[Appointment]:
    return list(Appointment.objects.filter(partnerships=partnership, office=office).current(day)
                .select_related("person", "agency").order_by("starts_on", "id"))


@dataclass
class ChairYear:
    year: BusinessYear
    chairs: list = field(default_factory=list)
    deputies: list = field(default_factory=list)


def chair_rotation(partnership: Partnership) -> list[ChairYear]:
    """The chair and deputy chair of each business year, from their appointments."""
    appointments = (Appointment.objects.filter(partnerships=partnership,
                                               office__in=[Office.CHAIR, Office.DEPUTY_CHAIR])
                    .select_related("person").order_by("starts_on", "id"))
    # A rotating chair is known by their DSP office, whichever partnership it is held in (LLR's
    # Leicester DSP chairs both partnerships).
    dsp = {a.person_id: a.label for a in Appointment.objects.filter(
        office=Office.DELEGATED_PARTNER, person__in=appointments.values("person"))
        .order_by("starts_on")}
    years: dict[BusinessYear, ChairYear] = {}
    for appointment in appointments:
        year = BusinessYear.of(appointment.starts_on)
        row = years.setdefault(year, ChairYear(year))
        holder = (dsp.get(appointment.person_id, ""), appointment.person)
        if appointment.office == Office.CHAIR:
            row.chairs.append(holder)
        else:
            row.deputies.append(holder)
    return [years[year] for year in sorted(years)]


def chairs_on(partnership: Partnership, day: date) -> dict:
    """Who chairs on `day`: rotating chairs are shown as their DSP office ("Police DSP")."""
    chairs = (office_holders(partnership, Office.CHAIR, day)
              or office_holders(partnership, Office.INDEPENDENT_CHAIR, day))
    deputies = office_holders(partnership, Office.DEPUTY_CHAIR, day)
    labels = {a.person_id: a.label for a in Appointment.objects.filter(
        office=Office.DELEGATED_PARTNER,
        person_id__in=[a.person_id for a in chairs + deputies]).current(day)}
    for appointment in chairs + deputies:
        appointment.known_as = appointment.label or labels.get(appointment.person_id, "")
    return {"chairs": chairs, "deputies": deputies}


def partner_agencies(partnership: Partnership) -> list[Agency]:
    """The safeguarding partner agencies, as the law lists them: local authority, health,
    police."""
    order = list(Agency.Partner.values)
    return sorted(Agency.objects.filter(
        pk__in=PartnershipAgency.objects.filter(partnership=partnership, is_partner=True)
        .values("agency")), key=lambda a: (order.index(a.partner) if a.partner in order else 9,
                                           a.name))


def partners_on(partnership: Partnership, day: date) -> list[dict]:
    """Each safeguarding partner agency with its lead and delegated partner on `day`."""
    leads = {a.agency_id: a for a in office_holders(partnership, Office.LEAD_PARTNER, day)}
    delegates = {a.agency_id: a for a in office_holders(partnership, Office.DELEGATED_PARTNER,
                                                         day)}
    agencies = partner_agencies(partnership)
    return [{"agency": agency, "lead": leads.get(agency.pk), "delegate": delegates.get(agency.pk)}
            for agency in agencies]


def relevant_agencies(partnership: Partnership) -> list[PartnershipAgency]:
    return list(PartnershipAgency.objects.filter(partnership=partnership, relevant=True)
                .select_related("agency").order_by("agency__name"))


def groups_of(partnership: Partnership):
    return (Group.objects.filter(partnerships=partnership)
            .select_related("parent", "reports_informally_to")
            .prefetch_related("partnerships")
            .annotate(member_count=Count("members", distinct=True))
            .order_by("name"))


def group_tree(groups) -> list[tuple[Group, int]]:
    """The groups in chart order: each parent followed by its children, with their depth."""
    groups = list(groups)
    ids = {g.pk for g in groups}
    children = defaultdict(list)
    for group in groups:
        children[group.parent_id if group.parent_id in ids else None].append(group)
    ordered = []

    def visit(parent_id, depth):
        for group in sorted(children[parent_id], key=lambda g: (g.kind != "executive", g.name)):
            ordered.append((group, depth))
            visit(group.pk, depth + 1)

    visit(None, 0)
    return ordered


def seats_of_group(group: Group, day: date):
    return (GroupMember.objects.filter(group=group).current(day)
            .select_related("person", "agency").order_by("role", "person__full_name"))


def agency_seats(agency: Agency, day: date):
    return (GroupMember.objects.filter(agency=agency).current(day)
            .select_related("person", "group").order_by("group__name", "person__full_name"))


def group_with_members(pk: int):
    return Group.objects.prefetch_related(
        Prefetch("members", queryset=GroupMember.objects.select_related("person", "agency"))
    ).get(pk=pk)


def agency_link(partnership: Partnership, agency: Agency) -> PartnershipAgency | None:
    return PartnershipAgency.objects.filter(partnership=partnership, agency=agency).first()


def agency_links(agency: Agency) -> list[PartnershipAgency]:
    return list(PartnershipAgency.objects.filter(agency=agency).select_related("partnership")
                .order_by("partnership__name"))
