"""`manage.py load_demo`: the Leeds and the Leicester, Leicestershire and Rutland partnerships
as their published arrangements describe them (data in `demo_data.py`), demo users for every
role, and a business year of fictional meetings with attendance, decisions and actions, all
marked as demo. Built through the same services as the pages, so the rules hold for it too.
Loading twice changes nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import RoleGrant, User
from safeguarding.accounts.roles import CASE_RECORD_ROLES, Role
from safeguarding.accounts.services import grant_role, recovery_codes_replace
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.models import ActionItem, Attachment
from safeguarding.core.services import action_create
from safeguarding.meetings import services as meeting_services
from safeguarding.meetings.models import Meeting, MeetingRule, WrittenReport
from safeguarding.partnership import demo_data as data
from safeguarding.partnership import services
from safeguarding.partnership.models import (
    Agency,
    Appointment,
    Area,
    Arrangements,
    Group,
    GroupMember,
    Partnership,
    PartnershipAgency,
    Person,
)

DEMO_DOMAIN = "demo.example"
SINCE = date(2019, 9, 1)  # when both partnerships' arrangements began


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: Role
    partnerships: tuple[str, ...] = ()
    agency: str | None = None
    group: str | None = None
    name: str = ""


# A demo login for every role. Their people (names, jobs, seats) come from demo_data.PEOPLE.
DEMO_USERS = [
    DemoUser("leeds.business.manager", Role.BUSINESS_MANAGER, (data.LEEDS,)),
    DemoUser("leeds.officer", Role.BUSINESS_OFFICER, (data.LEEDS,)),
    DemoUser("leeds.dsp.council", Role.DELEGATED_PARTNER, (data.LEEDS,)),
    DemoUser("leeds.lsp.police", Role.LEAD_PARTNER, (data.LEEDS,)),
    DemoUser("leeds.scrutineer", Role.INDEPENDENT_SCRUTINEER, (data.LEEDS,)),
    DemoUser("leeds.agency.lead", Role.AGENCY_LEAD, agency="Leeds Teaching Hospitals NHS Trust"),
    DemoUser("leeds.rag.member", Role.PANEL_MEMBER, group="Review Advisory Group"),
    DemoUser("leeds.practitioner", Role.PRACTITIONER,
             agency="Leeds Community Healthcare NHS Trust"),
    DemoUser("llr.business.manager", Role.BUSINESS_MANAGER, data.LLR),
    DemoUser("llr.dsp.police", Role.DELEGATED_PARTNER, data.LLR),
    DemoUser("llr.young.scrutineer", Role.YOUNG_SCRUTINEER, data.LLR),
    DemoUser("llr.agency.lead", Role.AGENCY_LEAD,
             agency="University Hospitals of Leicester NHS Trust"),
    DemoUser("llr.crg.member", Role.PANEL_MEMBER, group="LRSCP Case Review Group"),
    DemoUser("leeds.cdop.member", Role.PANEL_MEMBER, group="Leeds Child Death Overview Panel",
             name="Leeds CDOP panel member (demo)"),
    DemoUser("llr.cdop.member", Role.PANEL_MEMBER, group="LLR Child Death Overview Panel",
             name="LLR CDOP panel member (demo)"),
]


def email_of(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def parse(day: str | None) -> date | None:
    return date.fromisoformat(day) if day else None


@transaction.atomic
def load_demo(today: date | None = None) -> dict:
    today = today or timezone.localdate()
    partnerships = _partnerships()
    agencies = _agencies(partnerships)
    people = _people(agencies)
    users = {demo.email: _demo_user(demo, partnerships, agencies, people) for demo in DEMO_USERS}
    admin = users["leeds.business.manager"]
    groups = _groups(partnerships)
    _seats(groups, people, admin)
    _appointments(partnerships, agencies, people, admin)
    _arrangements(partnerships, admin, today)
    _rules(partnerships, groups)
    _meetings(groups, people, agencies, partnerships, users, today)
    _review_groups(partnerships, groups)
    _incidents(partnerships, agencies, users, today)
    _child_deaths(partnerships, agencies, users, today)
    _escalations_and_engagement(partnerships, agencies, users, groups, today)
    _assurance(partnerships, agencies, users, groups, today)
    _learning(partnerships, agencies, users, today)
    _intelligence(partnerships, agencies, users, today)
    return {"partnerships": len(partnerships), "users": len(users),
            "meetings": Meeting.objects.filter(is_demo=True).count()}


def _partnerships() -> dict[str, Partnership]:
    partnerships = {}
    for slug, name, short, areas, website in data.PARTNERSHIPS:
        partnership, _ = Partnership.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short, "website": website})
        partnerships[slug] = partnership
        for area in areas:
            Area.objects.update_or_create(name=area, defaults={"partnership": partnership})
    return partnerships


def _agencies(partnerships) -> dict[str, Agency]:
    agencies = {}
    for name, kind, partner, places in data.AGENCIES:
        agency, _ = Agency.objects.update_or_create(name=name,
                                                    defaults={"kind": kind, "partner": partner})
        for slug, place in places.items():
            role, _, reason = place.partition(":")
            PartnershipAgency.objects.update_or_create(
                partnership=partnerships[slug], agency=agency,
                defaults={"is_partner": role == "partner", "relevant": role == "relevant",
                          "reason": reason, "since": SINCE if role == "relevant" else None})
        agencies[name] = agency
    return agencies


def _people(agencies) -> dict[str, Person]:
    people = {}
    for key, name, title, agency, login in data.PEOPLE:
        person, _ = Person.objects.update_or_create(
            full_name=name, defaults={"job_title": title, "agency": agencies[agency],
                                      "is_demo": "(demo)" in name,
                                      "email": email_of(login) if login else ""})
        people[key] = person
    return people


def _business_year_start() -> date:
    return BusinessYear.of(timezone.localdate()).starts_on


def _demo_user(demo: DemoUser, partnerships, agencies, people) -> User:
    person = next((people[key] for key, *_, login in data.PEOPLE if login == demo.email), None)
    user, created = User.objects.get_or_create(
        email=email_of(demo.email),
        defaults={"full_name": person.full_name if person else demo.name,
                  "job_title": person.job_title if person else "", "is_demo": True},
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if person is not None and person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    scopes = [{"partnership": partnerships[s]} for s in demo.partnerships]
    if demo.agency:
        scopes.append({"agency": agencies[demo.agency]})
    if demo.group:
        scopes.append({"group": Group.objects.get_or_create(
            name=demo.group, defaults={"kind": Group.Kind.PANEL, "starts_on": SINCE})[0]})
    for scope in scopes:
        if not RoleGrant.objects.filter(user=user, role=demo.role, **scope).exists():
            grant_role(user=user, role=demo.role, starts_on=_business_year_start(), **scope)
    if demo.role in CASE_RECORD_ROLES and not TOTPDevice.objects.filter(
            user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        recovery_codes_replace(user)
    return user


def _groups(partnerships) -> dict[str, Group]:
    groups = {}
    for key, name, short, kind, slugs, parent, _dotted, purpose in data.GROUPS:
        group, _ = Group.objects.update_or_create(name=name, defaults={
            "short_name": short, "kind": kind, "purpose": purpose, "starts_on": SINCE,
            "parent": groups.get(parent),
        })
        group.partnerships.set([partnerships[s] for s in slugs])
        groups[key] = group
    for key, *_, dotted, _purpose in data.GROUPS:
        if dotted:
            Group.objects.filter(pk=groups[key].pk).update(reports_informally_to=groups[dotted])
    return groups


def _seats(groups, people, by):
    for group_key, person_key, role in data.SEATS:
        group, person = groups[group_key], people[person_key]
        if not GroupMember.objects.filter(group=group, person=person).exists():
            services.seat_add(group=group, person=person, role=role, starts_on=date(2024, 4, 1),
                              by=by)


def _appointments(partnerships, agencies, people, by):
    for key, office, slugs, agency, label, starts, ends in data.APPOINTMENTS:
        if Appointment.objects.filter(person=people[key], office=office).exists():
            continue
        services.appointment_create(
            person=people[key], office=office, partnerships=[partnerships[s] for s in slugs],
            agency=agencies[agency] if agency else None, label=label, starts_on=parse(starts),
            ends_on=parse(ends), by=by)
    for start_year, chairs, deputies in data.CHAIR_ROTATION:
        year = BusinessYear(start_year)
        for office, keys in (("chair", chairs), ("deputy_chair", deputies)):
            for key in keys:
                if Appointment.objects.filter(person=people[key], office=office,
                                              starts_on=year.starts_on).exists():
                    continue
                services.appointment_create(
                    person=people[key], office=office,
                    partnerships=[partnerships[s] for s in data.LLR], starts_on=year.starts_on,
                    ends_on=year.ends_on, joint=len(keys) > 1, by=by)


def _arrangements(partnerships, by, today):
    documents = [
        ("Leeds Multi-Agency Safeguarding Arrangements", (data.LEEDS,), True, False,
         data.LEEDS_SECTIONS, data.LEEDS_FUNDING, date(2019, 6, 1)),
        ("Working Together to Keep Children Safe: Leicester, Leicestershire and Rutland "
         "Multi-Agency Safeguarding Arrangements", data.LLR, False, True, data.LLR_SECTIONS,
         data.LLR_FUNDING, date(2024, 12, 1)),
    ]
    for title, slugs, annual, on_change, sections, funding, published in documents:
        document, created = Arrangements.objects.get_or_create(
            title=title, defaults={"review_annually": annual, "update_on_key_change": on_change})
        if not created:
            continue
        document.partnerships.set([partnerships[s] for s in slugs])
        services.arrangements_publish(
            arrangements=document, by=by, on=published, funding=funding,
            change_summary="Published arrangements (demo copy of the partnership's document)",
            sections=[{"heading": h, "body": b} for h, b in sections])
        if annual:  # Leeds: reviewed by the Executive each year, the last one a year ago
            services.arrangements_review(arrangements=document, by=by,
                                         on=today - timedelta(days=350))


def _rules(partnerships, groups):
    if MeetingRule.objects.exists():
        return
    for slugs, group, kind, number, share, office, topics, requirement, source in data.RULES:
        rule = MeetingRule.objects.create(
            group=groups[group] if group else None, kind=kind, number=number,
            share=share, office=office, topics=topics, requirement=requirement, source=source)
        rule.partnerships.set([partnerships[s] for s in slugs])


# -- a business year of fictional meetings ------------------------------------------------------

SCHEDULE = {  # group key -> (months, which are joint with the adults boards)
    "leeds_exec": ([6, 9, 12, 3], []),
    "leeds_partnership": ([5, 7, 10, 1], []),
    "leeds_cypp": ([6, 9, 12, 3], []),
    "leeds_rag": ([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3], []),
    "llr_msp": ([4, 5, 7, 9, 10, 12, 1, 3], [5, 9, 12, 3]),
    "lrscp_meeting": ([6, 9, 12, 3], []),
    "lscp_meeting": ([6, 9, 12, 3], []),
    "llr_pdg": ([5, 7, 9, 11, 1, 3], []),
    "llr_vcs": ([7, 11, 3], [7, 11, 3]),
}
# The annual presentations, by month: Domestic Abuse Locality Partnership Boards are left out so
# the compliance page has something to show missing.
PRESENTED = {6: ["cdop", "lado"], 9: ["front_door", "cp_chairs"], 12: ["send"],
             3: ["corporate_parenting", "asdb"]}


def _second_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def _meetings(groups, people, agencies, partnerships, users, today):
    if Meeting.objects.filter(is_demo=True).exists():
        return
    year = BusinessYear.of(today)
    chance = random.Random(2026)  # the same demo every time
    zone = timezone.get_current_timezone()
    for key, (months, joint) in SCHEDULE.items():
        group = groups[key]
        by = users["leeds.business.manager" if data.LEEDS in _slugs(group)
                   else "llr.business.manager"]
        for month in months:
            day = _second_tuesday(year.start_year + (month < 4), month)
            meeting = meeting_services.meeting_create(
                group=group, by=by, is_demo=True,
                starts_at=timezone.make_aware(datetime.combine(day, time(10)), zone),
                ends_at=timezone.make_aware(datetime.combine(day, time(12)), zone),
                location="Online (Microsoft Teams)" if chance.random() < 0.5 else
                "Council offices, meeting room 2",
                joint_with_adults_boards=month in joint)
            _agenda(meeting, key, month, by)
            if day < today:
                _held(meeting, key, chance, people, by)
    _decisions(groups, agencies, users, today)
    for quarter, (start, _end) in enumerate(year.quarters()[:2], start=1):
        report = WrittenReport.objects.create(
            title=f"Business managers' report to the lead safeguarding partners, quarter "
                  f"{quarter}", sent_on=start + timedelta(days=80), is_demo=True)
        report.partnerships.set([partnerships[s] for s in data.LLR])


def _slugs(group) -> set[str]:
    return set(group.partnerships.values_list("slug", flat=True))


def _agenda(meeting, key, month, by):
    items = [("Apologies and minutes of the last meeting", "information", ""),
             ("Business plan progress", "assurance", "")]
    if key in ("lrscp_meeting", "lscp_meeting"):
        items += [(f"Annual presentation: {topic.replace('_', ' ')}", "assurance", topic)
                  for topic in PRESENTED.get(month, [])]
    if key == "llr_msp":
        items.append(("Funding and shared intelligence", "decision", ""))
    for title, purpose, topic in items:
        meeting_services.agenda_item_add(meeting=meeting, title=title, purpose=purpose,
                                         presentation=topic, by=by)


def _held(meeting, key, chance, people, by):
    seats = services.members_on(meeting.group, meeting.starts_at.date()).select_related("person")
    entries = []
    lsp_keys = {people[k].pk for k in ("llr_lsp_police", "llr_lsp_icb", "llr_lsp_leics",
                                       "llr_lsp_rutland", "llr_lsp_leicester")}
    for seat in seats:
        roll = chance.random()
        if seat.person_id in lsp_keys:
            # Lead partners come to some meetings of safeguarding partners, not all.
            status = "present" if roll < 0.3 else "apologies"
        else:
            status = ("present" if roll < 0.8 else "apologies" if roll < 0.9 else "deputy"
                      if roll < 0.95 else "absent")
        entries.append({"person": seat.person, "status": status,
                        "deputy_name": "A deputy (demo)" if status == "deputy" else ""})
    meeting_services.attendance_record(meeting=meeting, entries=entries, by=by)
    meeting.refresh_from_db()
    meeting_services.minutes_save(
        meeting=meeting, by=by, expected_version=meeting.version, restricted=key.endswith("rag"),
        minutes="Fictional demo minutes. The group received the business plan update and "
                "agreed the actions recorded below.")


def _decisions(groups, agencies, users, today):
    held = Meeting.objects.filter(is_demo=True, status=Meeting.Status.HELD)
    examples = [
        ("leeds_exec", "Agree the priorities for the business plan (demo).",
         [("Publish the refreshed business plan on the website",
           "Leeds Safeguarding Children Partnership Business Unit", 20)]),
        ("llr_msp", "Agree the partner contributions for next year by January (demo).",
         [("Confirm the police contribution in writing", "Leicestershire Police", -5),
          ("Confirm the ICB contribution in writing",
           "Leicester, Leicestershire and Rutland Integrated Care Board", 14)]),
    ]
    for key, text, actions in examples:
        meeting = held.filter(group=groups[key]).order_by("-starts_at").first()
        if meeting is None:
            continue
        by = users["leeds.business.manager" if key.startswith("leeds") else
                   "llr.business.manager"]
        meeting_services.decision_record(
            meeting=meeting, text=text, by=by,
            actions=[{"title": title, "owner_agency": agencies[agency],
                      "due_on": today + timedelta(days=days)} for title, agency, days in actions])
    # The foundation's examples of the action tracker, owned by named demo users.
    owned = [
        ("leeds", "Audit the use of interpreters in child protection medicals",
         "Leeds Teaching Hospitals NHS Trust", "leeds.agency.lead", 5,
         "Review Advisory Group recommendation (demo)"),
        ("leicester", "Check that discharge planning includes the child's GP",
         "University Hospitals of Leicester NHS Trust", "llr.agency.lead", -10,
         "Case Review Group recommendation (demo)"),
    ]
    for slug, title, agency, owner, days, source in owned:
        if not ActionItem.objects.filter(title=title).exists():
            action_create(partnership=Partnership.objects.get(slug=slug), title=title,
                          owner_agency=agencies[agency], owner=users[owner],
                          due_on=today + timedelta(days=days), source_label=source,
                          by=users[owner], description="Fictional demo action.")




# -- fictional serious incidents ----------------------------------------------------------------

def _review_groups(partnerships, groups):
    for slug, key in ((data.LEEDS, "leeds_rag"), (data.LRSCP, "lrscp_crg"),
                      (data.LEICESTER, "lscp_crg")):
        Partnership.objects.filter(pk=partnerships[slug].pk).update(review_group=groups[key])
        partnerships[slug].refresh_from_db()


def _final_report_signed_off(incident, by, signed_on):
    """The final report of a demo review, as a real PDF, signed off by each partner."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safeguarding.core.documents import pdf_from_html
    from safeguarding.partnership.selectors import partners_on
    from safeguarding.reviews import services as reviews

    pdf = pdf_from_html(f"<h1>{incident.published_title}</h1><p>Final report (fictional).</p>")
    upload = SimpleUploadedFile("final-report.pdf", pdf, content_type="application/pdf")
    report = reviews.report_add(incident=incident, upload=upload, title="Final report", by=by)
    Attachment.objects.filter(pk=report.pk).update(
        uploaded_at=timezone.make_aware(datetime.combine(signed_on, time(9))))
    for partner in partners_on(incident.partnership, signed_on):
        holder = partner["lead"] or partner["delegate"]
        reviews.sign_off_record(incident=incident, agency=partner["agency"], by=by,
                                signatory=holder.person.full_name if holder else "Partner",
                                signed_on=signed_on)


def _learning(partnerships, agencies, users, today):
    """Training: courses, sessions across the year, registers taken, bookings (fictional)."""
    from safeguarding.learning import demo as learning

    learning.load(partnerships, agencies, users, today)


def _intelligence(partnerships, agencies, users, today):
    """Each partnership's indicators with two years of fictional figures."""
    from safeguarding.intelligence import demo as intelligence

    intelligence.load(partnerships, agencies, users, today)


def _assurance(partnerships, agencies, users, groups, today):
    from safeguarding.assurance import demo

    demo.load(partnerships, agencies, users, groups, today)


def _incidents(partnerships, agencies, users, today):
    """Fictional cases at different stages, every one marked as demo. No real child is in them."""
    from safeguarding.core.services import partnership_calendar
    from safeguarding.reviews import services as reviews
    from safeguarding.reviews.models import Incident

    if Incident.objects.filter(is_demo=True).exists():
        return
    leeds, llr = partnerships[data.LEEDS], partnerships[data.LRSCP]
    calendar = partnership_calendar(leeds)
    bm, dsp = users["leeds.business.manager"], users["leeds.dsp.council"]
    hospital = agencies["Leeds Teaching Hospitals NHS Trust"]
    community = agencies["Leeds Community Healthcare NHS Trust"]

    def working_days_ago(n):
        return calendar.working_days_before(today, n)

    def notify(partnership, agency, notifier, reference, pseudonym, aware, **extra):
        values = dict(reference=reference, pseudonym=pseudonym, age_band="1_4", sex="female",
                      ethnicity="White British", disability="no",
                      legal_status="child_protection", incident_date=aware,
                      summary=f"{pseudonym} was brought to hospital with injuries that were not "
                              "explained (fictional demo case).",
                      child_died=False, became_aware=aware,
                      immediate_actions="A strategy meeting was held the same day and a "
                                        "protection plan agreed (fictional).")
        values.update(extra)
        incident = reviews.incident_draft_save(by=notifier, partnership=partnership,
                                               notifying_agency=agency,
                                               agencies_involved=[hospital, community], **values)
        Incident.objects.filter(pk=incident.pk).update(is_demo=True)
        incident.members.add(bm, dsp)
        return reviews.incident_submit(incident=incident, by=notifier)

    def record(incident, **changes):
        incident.refresh_from_db()
        return reviews.incident_record(incident=incident, expected_version=incident.version,
                                       by=bm, **changes)

    lead = users["leeds.agency.lead"]
    # Awaiting the Review Advisory Group.
    notify(leeds, hospital, lead, "LSCP-DEMO-003", "Child C", working_days_ago(2))
    # A rapid review under way: the hospital's information request waits for its answer.
    aware = working_days_ago(8)
    child_a = notify(leeds, hospital, lead, "LSCP-DEMO-001", "Child A", aware)
    record(child_a, criteria_reasons="Serious harm; neglect suspected (fictional).",
           la_became_aware=aware)
    reviews.incident_move(incident=child_a, move="meets_criteria", by=bm)
    record(child_a, panel_notified_on=working_days_ago(5), panel_reference="NP-DEMO-001")
    reviews.incident_move(incident=child_a, move="panel_notified", by=bm)
    reviews.request_create(incident=child_a, agency=hospital, by=bm,
                           due_on=calendar.add_working_days(today, 3))
    # Published: from notification to the public site.
    aware = today - timedelta(days=300)
    child_b = notify(leeds, community, users["leeds.agency.lead"], "LSCP-DEMO-002", "Child B",
                     aware, child_died=True, age_band="under_1")
    record(child_b, criteria_reasons="The child died; neglect suspected (fictional).",
           la_became_aware=aware)
    reviews.incident_move(incident=child_b, move="meets_criteria", by=bm)
    record(child_b, panel_notified_on=aware + timedelta(days=3), panel_reference="NP-DEMO-002")
    reviews.incident_move(incident=child_b, move="panel_notified", by=bm)
    record(child_b, rapid_review_facts="Fictional facts.", rapid_review_learning="Safe sleep "
           "advice was not repeated after the move to new housing (fictional).",
           recommended_route="practice_review", rapid_review_sent_on=aware + timedelta(days=18),
           route_reasons="Two agencies did not share what they knew (fictional).")
    reviews.incident_move(incident=child_b, move="send_rapid_review", by=bm)
    reviews.incident_move(incident=child_b, move="commission_review", by=dsp)
    record(child_b, reviewer="An independent reviewer (demo)",
           publication_planned_on=today - timedelta(days=10),
           final_report_sent_on=today - timedelta(days=30),
           published_title="Child B: a local child safeguarding practice review (demo)",
           published_text="Child B was a baby who died at home. This fictional review found "
                          "that safe sleep advice was not repeated when the family moved, and "
                          "that the health visitor and the housing provider did not share what "
                          "they knew.\n\nThe partnership has refreshed its safe sleep guidance "
                          "and added it to the multi-agency training.")
    _final_report_signed_off(child_b, bm, today - timedelta(days=35))
    reviews.incident_move(incident=child_b, move="send_final_report", by=bm)
    reviews.incident_publish(incident=child_b, by=bm, on=today - timedelta(days=10))
    brief = reviews.learning_product_save(
        incident=child_b, by=bm, kind="seven_minute",
        title="Safe sleep when families move: a 7-minute briefing (demo)",
        text="What happened: a baby died at home after the family moved (fictional).\n\n"
             "Why it matters: safe sleep advice given once is not enough when a family's "
             "circumstances change.\n\nWhat to do: repeat safe sleep advice at every house "
             "move, and tell the health visitor when a family with a baby moves.",
        training_title="Safe sleep and infant safety (multi-agency course)")
    reviews.learning_product_publish(product=brief, by=bm)
    reviews.recommendation_add(incident=child_b, text="Repeat safe sleep advice at every house "
                               "move (demo)", owner_agency=community,
                               due_on=today + timedelta(days=40), by=bm)
    # LLR: a rapid review already late.
    llr_bm = users["llr.business.manager"]
    uhl = agencies["University Hospitals of Leicester NHS Trust"]
    aware = calendar.working_days_before(today, 20)
    child_d = reviews.incident_draft_save(
        by=users["llr.agency.lead"], partnership=llr, notifying_agency=uhl,
        reference="LRSCP-DEMO-001", pseudonym="Child D", age_band="10_15", sex="male",
        ethnicity="Asian British", disability="not_known", legal_status="child_in_need",
        incident_date=aware, became_aware=aware, child_died=False,
        summary="Child D was found to have been exploited (fictional demo case).",
        immediate_actions="Police protection and a strategy meeting (fictional).")
    Incident.objects.filter(pk=child_d.pk).update(is_demo=True)
    child_d.members.add(llr_bm)
    reviews.incident_submit(incident=child_d, by=users["llr.agency.lead"])
    child_d.refresh_from_db()
    child_d = reviews.incident_record(incident=child_d, expected_version=child_d.version,
                                      by=llr_bm, la_became_aware=aware,
                                      criteria_reasons="Serious harm; abuse known (fictional).")
    reviews.incident_move(incident=child_d, move="meets_criteria", by=llr_bm)


def _child_deaths(partnerships, agencies, users, today):
    """Fictional child deaths for both CDOPs, every one marked as demo."""
    from safeguarding.child_deaths import demo as child_deaths

    child_deaths.load(partnerships, agencies, users, today)


def _escalations_and_engagement(partnerships, agencies, users, groups, today):
    """Fictional practitioner disagreements; the glossary, procedures, thresholds, a survey and
    a "you said, we did", and each partnership's public pages."""
    from safeguarding.engagement import demo as engagement
    from safeguarding.escalations import demo as escalations

    escalations.load(partnerships, agencies, users, today)
    engagement.load(partnerships, agencies, users, groups, today)
