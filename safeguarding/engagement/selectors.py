"""Reads of the voice of children, procedures, thresholds, the glossary and the public site.
Public reads return only what is published today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, Sum

from safeguarding.core.models import ActionItem, Attachment, Deadline
from safeguarding.engagement.models import (
    Contribution,
    FrontDoor,
    GlossaryTerm,
    Policy,
    Publication,
    PublicProfile,
    Survey,
    SurveyResult,
    ThresholdModel,
    YouSaidWeDid,
)
from safeguarding.partnership.models import Agency, ArrangementsVersion, Group, Partnership


def partnership_by_slug(slug: str) -> Partnership | None:
    return Partnership.objects.filter(slug=slug).first()


def partnerships_listed():
    return Partnership.objects.order_by("name")


# -- the glossary ----------------------------------------------------------------------------------


def glossary_for(partnership=None) -> dict[str, GlossaryTerm]:
    """Every term a page of `partnership` may use: the site-wide ones, overridden by the
    partnership's own. One query."""
    terms = GlossaryTerm.objects.filter(partnership__isnull=True)
    if partnership is not None:
        terms = GlossaryTerm.objects.filter(Q(partnership__isnull=True)
                                            | Q(partnership=partnership))
    found = {}
    for term in terms:  # the partnership's own term wins, whichever comes first
        if term.partnership_id is None and term.term in found:
            continue
        found[term.term] = term
    return found


def glossary_list(partnership=None) -> list[GlossaryTerm]:
    return sorted(glossary_for(partnership).values(), key=lambda t: t.term.lower())


# -- thresholds, contacts -------------------------------------------------------------------------


def threshold_model_of(partnership) -> ThresholdModel | None:
    return ThresholdModel.objects.filter(partnership=partnership).prefetch_related("levels").first()


def profile_of(partnership) -> PublicProfile | None:
    return PublicProfile.objects.filter(partnership=partnership).first()


def front_doors_of(partnership):
    return FrontDoor.objects.filter(partnership=partnership)


def arrangements_published(partnership) -> bool:
    return ArrangementsVersion.objects.filter(
        arrangements__partnerships=partnership,
        status=ArrangementsVersion.Status.PUBLISHED).exists()


def groups_of(partnership):
    return Group.objects.filter(partnerships=partnership).order_by("name")


def agencies_of(partnership):
    return Agency.objects.filter(partnerships=partnership).order_by("name")


# -- procedures -----------------------------------------------------------------------------------


def policy_list(queryset, *, today: date, overdue: bool = False):
    queryset = queryset.select_related("partnership", "owner_group")
    if overdue:
        queryset = queryset.filter(review_due_on__lt=today)
    return queryset.order_by("title")


def policies_published(partnership):
    return (Policy.objects.filter(partnership=partnership, status=Policy.Status.PUBLISHED)
            .select_related("owner_group").order_by("title"))


def versions_of(policy: Policy):
    return policy.versions.select_related("created_by").prefetch_related("comments__author")


def latest_version(policy: Policy):
    return policy.versions.order_by("-number").first()


def published_version(policy: Policy):
    return policy.versions.filter(published_on__isnull=False).order_by("-number").first()


def deadlines_of(record):
    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(record),
                                   object_id=record.pk, cancelled=False).order_by("due_on")


# -- voice -----------------------------------------------------------------------------------------


def surveys_of(queryset):
    return queryset.select_related("partnership").order_by("-imported_at", "-id")


@dataclass
class QuestionTable:
    question: str
    years: list
    rows: list  # (answer, [count per year], total)


def survey_tables(survey: Survey) -> list[QuestionTable]:
    """The results by question: one row per answer, one column per school year."""
    results = list(SurveyResult.objects.filter(survey=survey).order_by("question", "id"))
    tables = {}
    for result in results:
        tables.setdefault(result.question, []).append(result)
    found = []
    for question, items in tables.items():
        years = sorted({r.school_year for r in items}, key=lambda y: int(y.split()[-1]))
        answers = list(dict.fromkeys(r.answer for r in items))
        counts = {(r.answer, r.school_year): r.count for r in items}
        rows = [(answer, [counts.get((answer, year), 0) for year in years],
                 sum(counts.get((answer, year), 0) for year in years)) for answer in answers]
        found.append(QuestionTable(question, years, rows))
    return found


def survey_total(survey: Survey) -> int:
    return SurveyResult.objects.filter(survey=survey).aggregate(n=Sum("count"))["n"] or 0


def contributions_of(queryset):
    return queryset.select_related("survey").order_by("-received_on", "-id")


def responses_of(queryset):
    return queryset.order_by("published_on", "theme")


def actions_of(response: YouSaidWeDid):
    return ActionItem.objects.filter(
        source_type=ContentType.objects.get_for_model(YouSaidWeDid), source_id=response.pk
    ).select_related("owner_agency").order_by("due_on", "id")


def responses_published(partnership, today: date) -> list:
    """Published "you said, we did", each with the actions it produced (two queries)."""
    responses = list(YouSaidWeDid.objects.filter(partnership=partnership,
                                                 published_on__lte=today)
                     .order_by("-published_on", "theme"))
    actions = ActionItem.objects.filter(
        source_type=ContentType.objects.get_for_model(YouSaidWeDid),
        source_id__in=[r.pk for r in responses]).order_by("due_on", "id")
    by_response = {}
    for action in actions:
        by_response.setdefault(action.source_id, []).append(action)
    for response in responses:
        response.actions = by_response.get(response.pk, [])
    return responses


def contribution_choices(partnership):
    return Contribution.objects.filter(partnership=partnership).order_by("-received_on")


# -- publications ---------------------------------------------------------------------------------


def publications_published(partnership, today: date, kind: str = ""):
    found = Publication.objects.filter(partnership=partnership, published_on__lte=today)
    if kind:
        found = found.filter(kind=kind)
    return found.order_by("-published_on", "-id")


def publication_file(publication: Publication):
    """The publication's current file, if it has one."""
    if publication.pk is None:
        return None
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Publication),
        object_id=publication.pk).order_by("-uploaded_at", "-id").first()


def publications_of(partnership):
    """Every publication of the partnership, published or not, for the business unit."""
    return Publication.objects.filter(partnership=partnership).order_by(
        F("published_on").desc(nulls_first=True), "-id")


def own_terms(partnership):
    return GlossaryTerm.objects.filter(partnership=partnership).order_by("term")


def site_wide_terms():
    return GlossaryTerm.objects.filter(partnership__isnull=True).order_by("term")
