"""Every list page costs the same number of queries for 3 records as for 30: a page that asks
the database once per row would grow with the data, and at national scale (docs/scaling.md)
that is the difference between a page and a time-out.

These are the list pages no app's own tests count yet. Counted elsewhere: "My work" and the
action tracker (core/tests/test_actions.py), child deaths (child_deaths), disagreements
(escalations), the training catalogue, staff, sessions, report and charges (learning), the
public home (engagement), the notification process review and the API's list (reviews), the
compliance page (meetings), a cycle's results (assurance) and the data pages (intelligence).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.accounts.services import api_token_create
from safeguarding.accounts.tests.factories import GrantFactory, UserFactory
from safeguarding.assurance.models import Cycle, Framework, Return
from safeguarding.core.models import AccessEvent
from safeguarding.engagement.models import GlossaryTerm, Publication
from safeguarding.engagement.tests.factories import PolicyFactory, ResponseFactory, SurveyFactory
from safeguarding.intelligence.models import DataImport, Indicator, IndicatorSet, Value
from safeguarding.learning.tests.factories import (
    BookingFactory,
    CourseFactory,
    LearnerFactory,
    SessionFactory,
)
from safeguarding.meetings.tests.factories import MeetingFactory
from safeguarding.partnership.tests.factories import (
    AgencyFactory,
    GroupFactory,
    PartnershipFactory,
)
from safeguarding.reviews.models import Incident
from safeguarding.reviews.tests.factories import IncidentFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@dataclass
class World:
    """The partnership, the person looking and the records the lists are about."""

    partnership: object
    agency: object
    panel: object
    viewer: object
    client: Client
    cycle: Cycle
    indicator: Indicator

    @property
    def names(self) -> dict:
        return {"slug": self.partnership.slug, "cycle": self.cycle.pk,
                "indicator": self.indicator.pk}

    def new_agency(self):
        return AgencyFactory(partnerships=[self.partnership])


# Each maker adds the `i`th record the page lists and returns words the page must then show.


def incident(world: World, i: int) -> str:
    made = IncidentFactory(partnership=world.partnership, notifying_agency=world.new_agency(),
                           reference=f"NSCP-Q-{i:03d}", members=[world.viewer])
    made.agencies_involved.set([world.new_agency()])
    return made.reference


def meeting(world: World, i: int) -> str:
    group = GroupFactory(name=f"Subgroup {i}", partnerships=[world.partnership])
    MeetingFactory(group=group)
    return group.name


def partnership(world: World, i: int) -> str:
    another = PartnershipFactory(name=f"Partnership number {i}", slug=f"p-{i}")
    GrantFactory(user=world.viewer, role=Role.BUSINESS_MANAGER, partnership=another,
                 starts_on=datetime.date(2020, 4, 1))
    return another.name


def access_event(world: World, i: int) -> str:
    someone = UserFactory()
    AccessEvent.objects.create(partnership=world.partnership, user=someone,
                               user_email=someone.email, kind=AccessEvent.Kind.VIEW,
                               record_label=f"NSCP-LOG-{i:03d} (Child A)", path="/incidents/1/")
    return f"NSCP-LOG-{i:03d}"


def cycle(world: World, i: int) -> str:
    made = Cycle.objects.create(framework=world.cycle.framework, name=f"Cycle number {i}",
                                opens_on=TODAY - DAY * (i + 10), due_on=TODAY + DAY)
    Return.objects.create(cycle=made, agency=world.new_agency(), status=Return.Status.SUBMITTED,
                          submitted_on=TODAY)
    return made.name


def assurance_return(world: World, i: int) -> str:
    agency = world.new_agency()
    Return.objects.create(cycle=world.cycle, agency=agency, status=Return.Status.SUBMITTED,
                          submitted_on=TODAY, submitted_by=UserFactory())
    return agency.name


def procedure(world: World, i: int) -> str:
    return PolicyFactory(partnership=world.partnership, title=f"Procedure number {i}").title


def published_procedure(world: World, i: int) -> str:
    return PolicyFactory(partnership=world.partnership, title=f"Procedure number {i}",
                         status="published").title


def publication(world: World, i: int) -> str:
    return Publication.objects.create(
        partnership=world.partnership, kind=Publication.Kind.NEWSLETTER, summary="News.",
        title=f"Newsletter number {i}", published_on=TODAY - DAY * (60 - i)).title


def published_review(world: World, i: int) -> str:
    title = f"Practice review number {i}"
    IncidentFactory(partnership=world.partnership, notifying_agency=world.agency,
                    status=Incident.Status.PUBLISHED, published_on=TODAY - DAY * i,
                    published_title=title, published_text="What we learnt (fictional).")
    return title


def learning_product(world: World, i: int) -> str:
    case = IncidentFactory(partnership=world.partnership, notifying_agency=world.agency)
    return case.learning_products.create(kind="learning_brief", title=f"Brief number {i}",
                                         text="What to do (fictional).",
                                         published_on=TODAY - DAY * i).title


def response(world: World, i: int) -> str:
    return ResponseFactory(partnership=world.partnership, theme=f"Theme number {i}",
                           published_on=TODAY - DAY * i).theme


def survey(world: World, i: int) -> str:
    return SurveyFactory(partnership=world.partnership, title=f"Survey number {i}").title


def glossary_term(world: World, i: int) -> str:
    return GlossaryTerm.objects.create(partnership=world.partnership, term=f"TERM{i:03d}",
                                       definition="In plain words.").term


def api_token(world: World, i: int) -> str:
    token, _ = api_token_create(user=world.viewer, name=f"Case system {i}", days=30)
    return token.name


def booking(world: World, i: int) -> str:
    learner = getattr(world.viewer, "learner", None) or LearnerFactory(
        user=world.viewer, partnership=world.partnership, agency=world.agency)
    course = CourseFactory(partnership=world.partnership, title=f"Course number {i}")
    BookingFactory(session=SessionFactory(course=course), learner=learner)
    return course.title


def indicator_period(world: World, i: int) -> str:
    """A month's figures, as a whole and by sex."""
    period = TODAY.replace(day=1)
    for _ in range(i):
        period = (period - DAY).replace(day=1)
    source = DataImport.objects.create(partnership=world.partnership, kind="csv",
                                       indicator_set=world.indicator.indicator_set,
                                       file_name=f"{i}.csv", status="imported")
    Value.objects.bulk_create(
        Value(indicator=world.indicator, period=period, breakdown=breakdown, category=category,
              value=Decimal(100 + i), source=source)
        for breakdown, category in [("", ""), ("sex", "Female"), ("sex", "Male")])
    return f"{100 + i}"


@dataclass(frozen=True)
class ListPage:
    url: str
    make: Callable[[World, int], str]
    public: bool = False


LIST_PAGES = {
    "serious incidents": ListPage("/incidents/", incident),
    "meetings": ListPage("/meetings/", meeting),
    "partnerships": ListPage("/partnerships/", partnership),
    "access log": ListPage("/access-log/", access_event),
    "assurance: cycles": ListPage("/assurance/", cycle),
    "assurance: a cycle's returns": ListPage("/assurance/cycles/{cycle}/", assurance_return),
    "procedures": ListPage("/procedures/", procedure),
    "voice of children": ListPage("/voice/", survey),
    "API tokens": ListPage("/account/api-tokens/", api_token),
    "my training": ListPage("/training/", booking),
    "an indicator's figures": ListPage("/data/indicators/{indicator}/", indicator_period),
    "public: publications": ListPage("/p/{slug}/publications/", publication, public=True),
    "public: practice reviews": ListPage("/p/{slug}/reviews/", published_review, public=True),
    "public: learning from reviews": ListPage("/p/{slug}/learning-from-reviews/",
                                              learning_product, public=True),
    "public: procedures": ListPage("/p/{slug}/procedures/", published_procedure, public=True),
    "public: you said, we did": ListPage("/p/{slug}/you-said-we-did/", response, public=True),
    "public: glossary": ListPage("/p/{slug}/glossary/", glossary_term, public=True),
}


@pytest.fixture
def world(partnership, agency, panel, make_person, signed_in):
    viewer = make_person(Role.BUSINESS_MANAGER)
    GrantFactory(user=viewer, role=Role.PANEL_MEMBER, group=panel,
                 starts_on=datetime.date(2020, 4, 1))
    framework = Framework.objects.create(name="Section 11", kind=Framework.Kind.SECTION_11)
    framework.partnerships.set([partnership])
    first_cycle = Cycle.objects.create(framework=framework, name="Section 11, 2026",
                                       opens_on=TODAY - DAY * 5, due_on=TODAY + DAY * 30)
    figures = IndicatorSet.objects.create(partnership=partnership, name="Figures")
    indicator = Indicator.objects.create(
        partnership=partnership, indicator_set=figures, code="referrals", name="Referrals",
        definition="Referrals.", polarity="lower", target=Decimal(100),
        breakdowns=["sex"])
    return World(partnership=partnership, agency=agency, panel=panel, viewer=viewer,
                 client=signed_in(viewer), cycle=first_cycle, indicator=indicator)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_list_page_costs_the_same_queries_for_3_records_as_for_30(name, world):
    page = LIST_PAGES[name]
    client = Client() if page.public else world.client
    url = page.url.format(**world.names)
    made = []

    def queries_with(records: int) -> int:
        made.extend(page.make(world, i) for i in range(len(made), records))
        client.get(url)  # once first: what a first visit sets up is not the list's cost
        with CaptureQueriesContext(connection) as captured:
            answer = client.get(url)
        assert answer.status_code == 200, url
        assert made[-1] in answer.content.decode(), f"{url} does not list {made[-1]}"
        return len(captured)

    few = queries_with(3)
    assert queries_with(30) == few, f"{url} asks the database more often with more records"
