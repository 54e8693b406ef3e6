"""Reads about serious incidents and practice reviews."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.business_year import BusinessYear
from safeguarding.core.models import ActionItem, Attachment, Deadline
from safeguarding.partnership.models import Agency
from safeguarding.partnership.selectors import partner_agencies
from safeguarding.reviews.models import Incident, LearningProduct, Recommendation, SignOff


def incident_list(queryset, *, status="", overdue=False, year="", agency=""):
    queryset = queryset.select_related("partnership", "notifying_agency")
    if status:
        queryset = queryset.filter(status=status)
    if year:
        try:
            business_year = BusinessYear.parse(year)
        except ValueError:
            business_year = None
        if business_year:
            queryset = queryset.filter(became_aware__gte=business_year.starts_on,
                                       became_aware__lte=business_year.ends_on)
    if str(agency).isdigit():  # anything else in the address is no filter at all
        queryset = queryset.filter(Q(notifying_agency_id=agency) | Q(agencies_involved=agency)
                                   ).distinct()
    if overdue:
        late = Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Incident), met_on__isnull=True,
            cancelled=False, due_on__lt=timezone.localdate()).values("object_id")
        queryset = queryset.filter(pk__in=late)
    return queryset.order_by("-became_aware", "-id")


def overdue_incident_ids(ids, today: date) -> set[int]:
    return set(Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Incident), object_id__in=ids,
        met_on__isnull=True, cancelled=False, due_on__lt=today).values_list("object_id",
                                                                            flat=True))


def notifying_agencies(*, agency_ids, partnership_ids):
    """The agencies a person may notify for: their own (agency leads), or any agency of their
    partnerships (the business unit)."""
    return Agency.objects.filter(
        Q(pk__in=agency_ids) | Q(partnerships__in=partnership_ids)).distinct().order_by("name")


def deadlines_of(incident: Incident):
    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Incident),
                                   object_id=incident.pk, cancelled=False).select_related(
        "rule").order_by("due_on")


def reports_of(incident: Incident):
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(Incident),
                                     object_id=incident.pk).order_by("-uploaded_at", "-id")


def latest_report(incident: Incident):
    return reports_of(incident).first()


def sign_off_status(incident: Incident) -> list[dict]:
    """Each safeguarding partner, and its sign-off of the latest version of the final report
    (None while it has not signed that version)."""
    latest = latest_report(incident)
    signed = {} if latest is None else {
        s.agency_id: s for s in SignOff.objects.filter(incident=incident, report=latest)}
    return [{"agency": agency, "sign_off": signed.get(agency.pk)}
            for agency in partner_agencies(incident.partnership)]


def all_partners_signed(incident: Incident) -> bool:
    status = sign_off_status(incident)
    return bool(status) and all(row["sign_off"] for row in status)


def learning_products_published(partnership, today: date):
    """Learning products the public may read: published, from the partnership's cases."""
    return (LearningProduct.objects.filter(incident__partnership=partnership,
                                           published_on__lte=today)
            .select_related("incident").order_by("-published_on", "-id"))


def recommendations_with_actions(incident: Incident) -> list[tuple]:
    recommendations = list(incident.recommendations.all())
    actions = defaultdict(list)
    for action in ActionItem.objects.filter(
            source_type=ContentType.objects.get_for_model(Recommendation),
            source_id__in=[r.pk for r in recommendations]).select_related("owner_agency"):
        actions[action.source_id].append(action)
    return [(r, actions[r.pk]) for r in recommendations]


def published(partnership, today: date):
    """Reviews the public may read today: published, out of embargo, within the period."""
    return (Incident.objects.filter(partnership=partnership, status=Incident.Status.PUBLISHED,
                                    published_on__lte=today)
            .filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=today))
            .filter(Q(remove_after__isnull=True) | Q(remove_after__gte=today))
            .order_by("-published_on"))


def member_candidates(incident: Incident):
    """People who hold a role in the case's partnership (directly, through an involved agency,
    or on its review group) and are not yet members."""
    from safeguarding.accounts.models import RoleGrant, User

    today = timezone.localdate()
    agencies = [incident.notifying_agency_id,
                *incident.agencies_involved.values_list("pk", flat=True)]
    holders = RoleGrant.objects.current(today).filter(
        Q(partnership=incident.partnership) | Q(agency_id__in=agencies)
        | Q(group=incident.panel_id)).values("user_id")
    return (User.objects.filter(pk__in=holders, is_active=True)
            .exclude(pk__in=incident.members.values("pk")).order_by("full_name"))
