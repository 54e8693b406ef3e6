"""Reads of the child death review."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from safeguarding.child_deaths.models import ChildDeath
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.models import ActionItem, Deadline
from safeguarding.partnership.models import Agency, Group, Partnership

S = ChildDeath.Status


def cdop_of(partnership) -> Group | None:
    """The partnership's Child Death Overview Panel: its panel known as the CDOP (LLR's one
    panel serves both its partnerships)."""
    panels = Group.objects.filter(partnerships=partnership, kind=Group.Kind.PANEL)
    return (panels.filter(short_name__iexact="CDOP").order_by("pk").first()
            or panels.filter(name__icontains="Child Death Overview Panel").order_by("pk").first())


def partnerships():
    return Partnership.objects.all()


def cdops():
    """Every Child Death Overview Panel."""
    return Group.objects.filter(kind=Group.Kind.PANEL).filter(
        Q(short_name__iexact="CDOP") | Q(name__icontains="Child Death Overview Panel"))


def child_death_list(queryset, *, status="", year="", overdue=False):
    queryset = queryset.select_related("partnership", "notifying_agency")
    if status:
        queryset = queryset.filter(status=status)
    if year:
        try:
            business_year = BusinessYear.parse(year)
        except ValueError:
            business_year = None
        if business_year:
            queryset = queryset.filter(date_of_death__gte=business_year.starts_on,
                                       date_of_death__lte=business_year.ends_on)
    if overdue:
        queryset = queryset.filter(pk__in=_late(timezone.localdate()).values("object_id"))
    return queryset.order_by("-date_of_death", "-id")


def _late(today: date):
    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(ChildDeath),
                                   met_on__isnull=True, cancelled=False, due_on__lt=today)


def overdue_ids(ids, today: date) -> set[int]:
    return set(_late(today).filter(object_id__in=ids).values_list("object_id", flat=True))


def possible_duplicates(death: ChildDeath, visible):
    """Other open notifications of the partnership that may be of the same child (the same case
    reference, or the same date of death, sex and age), among those the person may see."""
    if not death.is_open:
        return visible.none()
    same = Q(reference__iexact=death.reference) | Q(
        date_of_death=death.date_of_death, sex=death.sex, age_years=death.age_years)
    return (visible.filter(same, partnership_id=death.partnership_id)
            .exclude(pk=death.pk).exclude(status__in=[S.CLOSED, S.MERGED]).order_by("pk"))


def deadlines_of(record):
    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(record),
                                   object_id=record.pk, cancelled=False).select_related(
        "rule").order_by("due_on")


def actions_of(death: ChildDeath):
    return ActionItem.objects.filter(
        source_type=ContentType.objects.get_for_model(ChildDeath), source_id=death.pk,
    ).select_related("owner_agency").order_by("due_on", "id")


def partnership_agencies(partnership):
    return Agency.objects.filter(partnerships=partnership).order_by("name")


def agency_named(partnership, name: str) -> Agency | None:
    return Agency.objects.filter(partnerships=partnership, name__iexact=name.strip()).first()


def member_candidates(death: ChildDeath):
    """People who hold a role in the case's partnership (directly, through an agency asked for
    its form or the notifying agency, or on its panel) and are not yet named on it."""
    from safeguarding.accounts.models import RoleGrant, User

    agencies = [death.notifying_agency_id,
                *death.agency_reports.values_list("agency_id", flat=True)]
    holders = RoleGrant.objects.current(timezone.localdate()).filter(
        Q(partnership=death.partnership) | Q(agency_id__in=agencies)
        | Q(group=death.panel_id)).values("user_id")
    return (User.objects.filter(pk__in=holders, is_active=True)
            .exclude(pk__in=death.members.values("pk")).order_by("full_name"))
