"""The pages the bench drives: the twelve busiest pages and API calls of a partnership's day, and
the floor. Paths name the records of the bench's partnership that `targets` picks."""

from __future__ import annotations

from dataclasses import dataclass

FLOOR = "Floor (one indexed query, base template)"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    kind: str = "signed_in"  # or "public" (no session), "api" (an API token)


PAGES = (
    Page("My work", "/my-work/"),
    Page("Serious incidents: list", "/incidents/"),
    Page("Serious incident", "/incidents/{incident}/"),
    Page("Child deaths: list", "/child-deaths/"),
    Page("Training catalogue (public)", "/p/{slug}/training/", "public"),
    Page("Training sessions", "/training/manage/"),
    Page("Self-assessment returns", "/assurance/cycles/{cycle}/"),
    Page("Data dashboard", "/data/{slug}/"),
    Page("Indicator", "/data/indicators/{indicator}/"),
    Page("Publications (public)", "/p/{slug}/publications/", "public"),
    Page("API: notifications list", "/api/v1/serious-incidents/notifications/", "api"),
    Page("Actions", "/actions/"),
    Page(FLOOR, "/bench/floor/"),
)


def targets(slug: str) -> dict[str, object]:
    """The records the paths name: the partnership's live serious incident (the generator
    gives every partnership one: the criteria met, the rapid review under way), its newest
    Section 11 cycle and its first indicator."""
    from safeguarding.assurance.models import Cycle, Framework
    from safeguarding.intelligence.models import Indicator
    from safeguarding.reviews.models import Incident

    return {
        "slug": slug,
        "incident": Incident.objects.filter(partnership__slug=slug, status=Incident.Status.MEETS)
        .order_by("-became_aware", "-pk").values_list("pk", flat=True).first(),
        "cycle": Cycle.objects.filter(framework__partnerships__slug=slug,
                                      framework__kind=Framework.Kind.SECTION_11)
        .order_by("-opens_on", "-pk").values_list("pk", flat=True).first(),
        "indicator": Indicator.objects.filter(partnership__slug=slug)
        .order_by("order", "pk").values_list("pk", flat=True).first(),
    }


def resolved(found: dict[str, object]) -> list[dict[str, str]]:
    return [{"name": page.name, "path": page.path.format(**found), "kind": page.kind}
            for page in PAGES]
