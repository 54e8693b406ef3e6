"""Fictional child deaths for the demo, across the demo business year, for the Leeds CDOP and the
LLR CDOP: some closed with their analysis (categories, modifiable factors, factors, actions),
some at each stage before, one duplicate notification merged. Every case is marked as demo and
every child is a numbered pseudonym ("Child L1"); nothing here is about a real child.

Built through the services, so the rules and clocks hold for it too. Called at the end of
`manage.py load_demo`; a second run changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from safeguarding.child_deaths import services
from safeguarding.child_deaths.models import ChildDeath
from safeguarding.core.business_year import BusinessYear

LEEDS, LRSCP, LEICESTER = "leeds", "leicestershire-rutland", "leicester"


@dataclass(frozen=True)
class Death:
    partnership: str
    when: float  # how far through the demo year the child died (0 to 1)
    age_years: int
    sex: str
    unexpected: bool
    place: str
    ethnicity: str = "White British"
    stage: str = "closed"  # notified, jar, reporting, cdrm_held, ready or closed
    category: str = ""
    modifiable: str = ""
    factor: tuple[str, str] | None = None  # (domain, description)
    action: str = ""


DEATHS = [
    Death(LEEDS, 0.02, 0, "male", True, "home", category="10", modifiable="yes",
          factor=("family", "Unsafe sleep setting after a house move"),
          action="Repeat safe sleep advice at every house move (demo)"),
    Death(LEEDS, 0.08, 0, "female", True, "hospital_ed", "Asian British - Pakistani",
          category="10", modifiable="yes",
          factor=("parenting", "Co-sleeping after alcohol use"),
          action="Add safe sleep to the antenatal alcohol brief intervention (demo)"),
    Death(LEEDS, 0.12, 0, "male", False, "hospital_neonatal", category="8", modifiable="no"),
    Death(LEEDS, 0.2, 15, "male", True, "public_place", "Black British", category="3",
          modifiable="yes", factor=("services", "No road crossing near the school"),
          action="Ask highways to review the crossing near the school (demo)"),
    Death(LEEDS, 0.28, 6, "female", False, "hospice", category="4",
          modifiable="insufficient"),
    Death(LEEDS, 0.45, 2, "female", False, "hospital_other", stage="ready"),
    Death(LEEDS, 0.7, 16, "male", True, "home", "Mixed - White and Black Caribbean",
          stage="reporting"),
    Death(LEEDS, 0.97, 0, "male", True, "home", stage="jar"),
    Death(LRSCP, 0.05, 0, "female", False, "hospital_neonatal", category="8", modifiable="no"),
    Death(LRSCP, 0.1, 9, "male", False, "hospital_other", category="6",
          modifiable="insufficient"),
    Death(LEICESTER, 0.14, 0, "male", True, "home", "Asian British - Indian", category="10",
          modifiable="yes", factor=("family", "Smoking in the home"),
          action="Offer stop smoking support at the new birth visit (demo)"),
    Death(LEICESTER, 0.22, 3, "female", False, "hospital_other", "Asian British - Indian",
          category="9", modifiable="no"),
    Death(LRSCP, 0.3, 17, "male", True, "public_place", category="2", modifiable="yes",
          factor=("services", "Waiting time for mental health support"),
          action="Publish the waiting times for children's mental health support (demo)"),
    Death(LEICESTER, 0.5, 1, "female", False, "hospital_other", stage="cdrm_held"),
    Death(LRSCP, 0.75, 12, "female", False, "hospice", stage="reporting"),
    Death(LEICESTER, 0.95, 0, "male", True, "hospital_ed", "Black British", stage="notified"),
]
ORDER = ["notified", "jar", "reporting", "cdrm_held", "ready", "closed"]


def demo_year(today: date) -> BusinessYear:
    """The business year of today, or the one before while this one is too young to hold a
    finished review."""
    year = BusinessYear.of(today)
    return year if (today - year.starts_on).days >= 150 else year.previous()


def load(partnerships, agencies, users, today: date):
    if ChildDeath.objects.filter(is_demo=True).exists():
        return
    year = demo_year(today)
    end = min(year.ends_on, today - timedelta(days=1))
    span = (end - year.starts_on).days
    people = {
        LEEDS: (users["leeds.cdop.member"], users["leeds.business.manager"],
                users["leeds.agency.lead"], agencies["Leeds Teaching Hospitals NHS Trust"]),
        LRSCP: (users["llr.cdop.member"], users["llr.business.manager"],
                users["llr.agency.lead"], agencies["University Hospitals of Leicester NHS Trust"]),
    }
    people[LEICESTER] = people[LRSCP]
    cases = []
    for number, death in enumerate(DEATHS, start=1):
        died = year.starts_on + timedelta(days=int(span * death.when))
        cases.append(_case(number, death, died, span, partnerships, people, today))
    _duplicate(cases[6], partnerships, agencies, users, today)


def _case(number, death: Death, died: date, span: int, partnerships, people, today):
    panel_member, manager, lead, hospital = people[death.partnership]
    notified = min(died + timedelta(days=1), today)
    case = services.child_death_notify(
        by=lead, partnership=partnerships[death.partnership], notifying_agency=hospital,
        is_demo=True, today=today,
        reference=f"CDR-DEMO-{number:03d}", pseudonym=f"Child L{number}", notified_on=notified,
        date_of_death=died, place_of_death=death.place, residence="resident",
        age_years=death.age_years, age_months=4 if death.age_years == 0 else None,
        sex=death.sex, ethnicity=death.ethnicity, unexpected=death.unexpected,
        unexpected_because="no_apparent_cause" if death.unexpected else "",
        circumstances=f"Child L{number} died (fictional demo case: no real child).")
    case.members.add(manager)
    stages = _stages(death, died, notified, span, today, people)[:ORDER.index(death.stage)]
    for stage in stages:
        for do in stage:
            case = do(case) or case
    return case


def _stages(death: Death, died: date, notified: date, span: int, today: date, people):
    """What happens at each stage after the notification, as steps on the case."""
    panel_member, _manager, lead, hospital = people[death.partnership]

    def move(name, **changes):
        def step(case):
            if changes:
                case.refresh_from_db()
                case = services.child_death_record(death=case, expected_version=case.version,
                                                   by=panel_member, **changes)
            return services.child_death_move(death=case, move=name, by=panel_member)
        return step

    def ask(case):
        services.agency_report_request(death=case, agency=hospital, by=panel_member,
                                       due_on=died + timedelta(days=28), today=died)

    def answer(case):
        services.agency_report_write(
            report=case.agency_reports.get(), by=lead, submit=True,
            today=died + timedelta(days=20),
            involvement="Seen in the emergency department and on the ward (fictional).",
            factors="None known to the trust (fictional).",
            learning="None identified (fictional).")

    def learn(case):
        if death.factor:
            services.factor_add(death=case, domain=death.factor[0],
                                description=death.factor[1], contributed=True, by=panel_member)
        if death.action:
            services.cdop_action_add(death=case, title=death.action, owner_agency=hospital,
                                     due_on=today + timedelta(days=60), by=panel_member)

    jar = move("jar_recorded", jar_meeting_on=notified + timedelta(days=1),
               jar_attendees="Police, paediatrician, health visitor (fictional)",
               jar_timeline="The paediatrician and the police visited the home the next day; "
                            "the health visitor shared the family's records (fictional).")
    meeting = min(died + timedelta(days=max(60, int(span * 0.5))), today - timedelta(days=1))
    return [
        [move("start_jar")] if death.unexpected else [],  # to the Joint Agency Response
        [jar if death.unexpected else move("start_reporting"), ask],  # to agency reporting
        [answer, move("cdrm_held", cdrm_notice_sent_on=died + timedelta(days=10),
                      cdrm_on=died + timedelta(days=45),
                      cdrm_summary="The professionals involved met and agreed the information "
                                   "for the panel (fictional).")],
        [move("ready")],
        [move("close", cdop_meeting_on=meeting, category=death.category,
              modifiable=death.modifiable,
              learning="The panel agreed the learning recorded here (fictional demo case)."),
         learn],
    ]


def _duplicate(first, partnerships, agencies, users, today):
    """The police notified Child L7's death too: kept, and merged into the hospital's."""
    police = agencies["West Yorkshire Police"]
    duplicate = services.child_death_notify(
        by=users["leeds.cdop.member"], partnership=partnerships[LEEDS], notifying_agency=police,
        is_demo=True, today=today, reference="WYP-DEMO-778", pseudonym=first.pseudonym,
        notified_on=first.notified_on, date_of_death=first.date_of_death,
        place_of_death=first.place_of_death, residence="resident", age_years=first.age_years,
        age_months=first.age_months, sex=first.sex, ethnicity=first.ethnicity,
        unexpected=True, unexpected_because="no_apparent_cause",
        circumstances=f"{first.pseudonym} died at home (fictional demo case: no real child).")
    services.child_death_merge(duplicate=duplicate, into=first, by=users["leeds.cdop.member"])
