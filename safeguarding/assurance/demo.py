"""Demo assurance: Leeds's Section 11 and Section 175/157 cycles, LLR's shared Section 11 cycle,
audits, and the scrutineers' year. Every rating and finding here is fictional."""

from __future__ import annotations

from datetime import date, timedelta

from safeguarding.assurance import services
from safeguarding.assurance.models import Answer, Challenge, Framework, Return

# The common eight (Pan-London tool, from the 2007 statutory guidance on section 11).
COMMON_EIGHT = [
    ("Senior management commitment to safeguarding",
     "Senior managers lead on safeguarding and it is part of the agency's plans.", "", False,
     ""),
    ("A clear statement of the agency's responsibilities towards children",
     "Staff and the public can find what the agency does to safeguard children.", "", False, ""),
    ("A clear line of accountability for safeguarding", "A named lead at board level; a "
     "designated safeguarding lead staff know how to reach.", "", False, ""),
    ("Service development informed by children's views", "Children's views are sought and "
     "change services.", "Examples of changes made after listening to children.", True, ""),
    ("Training on safeguarding for staff", "Staff have the training their role needs, in time.",
     "Training records against the competency framework.", False, "training"),
    ("Safer recruitment", "Checks before appointment; allegations handled with the LADO.", "",
     False, ""),
    ("Effective inter-agency working", "The agency works with others and completes the "
     "actions it agrees.", "", False, "actions"),
    ("Information sharing", "Staff share information safely, in time, as the agreements say.",
     "", False, "audits"),
]
SCHOOL_STANDARDS = [
    ("A designated safeguarding lead and deputy", "Named, trained, with time for the role.", "",
     False, ""),
    ("Safer recruitment and the single central record", "Checks complete and recorded.", "",
     False, ""),
    ("Staff training and Keeping Children Safe in Education", "Every member of staff has read "
     "Part one and had training this year.", "", False, "training"),
    ("Online safety", "Filtering, monitoring and teaching about staying safe online.", "", False,
     ""),
    ("Pupils' voice", "Pupils know who to talk to and their views shape the school's approach.",
     "", True, ""),
]


def load(partnerships, agencies, users, groups, today: date):
    if Framework.objects.filter(name__startswith="Leeds Section 11").exists():
        return
    leeds = partnerships["leeds"]
    llr = [partnerships["leicestershire-rutland"], partnerships["leicester"]]
    bm, lead = users["leeds.business.manager"], users["leeds.agency.lead"]
    scale = [("Met", True), ("Partially met", False), ("Not met", False)]

    section_11 = _framework("Leeds Section 11 self-assessment", "section_11", [leeds], scale,
                            COMMON_EIGHT)
    hospital = agencies["Leeds Teaching Hospitals NHS Trust"]
    community = agencies["Leeds Community Healthcare NHS Trust"]
    police = agencies["West Yorkshire Police"]
    mental_health = agencies["Leeds and York Partnership NHS Foundation Trust"]
    invited = [hospital, community, police, mental_health]

    last_year = services.cycle_open(framework=section_11, name="Section 11, 2025/26",
                                    opens_on=today - timedelta(days=400),
                                    due_on=today - timedelta(days=330), agencies=invited, by=bm)
    for return_form in last_year.returns.all():
        _answer_all(return_form, bm, ratings={7: "Partially met"}
                    if return_form.agency == police else {})
    this_year = services.cycle_open(framework=section_11, name="Section 11, 2026/27",
                                    opens_on=today - timedelta(days=30),
                                    due_on=today + timedelta(days=30), agencies=invited, by=bm)
    returns = {r.agency_id: r for r in this_year.returns.all()}
    # The hospital's lead has started (the demo agency lead carries on from here).
    _answer(returns[hospital.pk], 1, "Met", lead)
    _answer(returns[hospital.pk], 2, "Met", lead)
    # Community healthcare: training partly met, with its action plan.
    _answer_all(returns[community.pk], bm, ratings={5: "Partially met"},
                actions={5: "Bring safeguarding training for health visitors up to date (demo)"},
                today=today)
    # Police: submitted; information sharing challenged by the business unit, agreed lower.
    police_return = _answer_all(returns[police.pk], bm, today=today)
    answer = Answer.objects.get(return_form=police_return, standard__number=8)
    challenge = services.challenge_raise(
        answer=answer, by=bm, comment="Two audited cases this year found information shared "
        "late at the front door (fictional). What makes this 'met'?")
    services.challenge_respond(challenge=challenge, by=bm, response="We accept it: the new "
                               "referral process is not yet embedded (fictional).")
    services.rating_agree(challenge=Challenge.objects.get(pk=challenge.pk),
                          agreed_rating=section_11.levels.get(label="Partially met"), by=bm)

    schools = [agencies[name] for name in ("Beckside Primary School (fictional)",
                                            "Moorfield Academy (fictional)",
                                            "Riverbank Nursery (fictional)")]
    section_175 = _framework("Leeds Section 175/157 self-assessment", "section_175", [leeds],
                             [("Fully met", True), ("Partly met", False), ("Not met", False)],
                             SCHOOL_STANDARDS)
    erg = groups.get("leeds_erg")
    schools_cycle = services.cycle_open(
        framework=section_175, name="Section 175/157, 2026/27", reporting_group=erg,
        opens_on=today - timedelta(days=60), due_on=today + timedelta(days=20), agencies=schools,
        by=bm)
    for return_form in schools_cycle.returns.exclude(agency=schools[2]):
        _answer_all(return_form, bm, ratings={4: "Partly met"}
                    if return_form.agency == schools[1] else {},
                    actions={4: "Review the web filtering with the trust's IT team (demo)"},
                    today=today)

    llr_scale = [("1 Outstanding", True), ("2 Good", True), ("3 Requires improvement", False),
                 ("4 Inadequate", False)]
    shared = _framework("LLR Section 11 self-assessment", "section_11", llr, llr_scale,
                        COMMON_EIGHT)
    uhl = agencies["University Hospitals of Leicester NHS Trust"]
    llr_cycle = services.cycle_open(framework=shared, name="LLR Section 11, 2026/27",
                                    opens_on=today - timedelta(days=90),
                                    due_on=today - timedelta(days=10),
                                    agencies=[uhl, agencies["Leicestershire Police"]],
                                    by=users["llr.business.manager"])
    # One return, answered once, seen by both LLR partnerships.
    _answer_all(llr_cycle.returns.get(agency=uhl), users["llr.business.manager"],
                default="2 Good", today=today)

    _audits(leeds, llr, agencies, users, today)
    _scrutiny(leeds, llr, agencies, users, today)


def _framework(name, kind, partnerships, scale, standards):
    framework = services.framework_create(name=name, kind=kind, partnerships=partnerships,
                                          scale=scale)
    for title, descriptors, evidence, child_voice, cross_check in standards:
        services.standard_add(framework=framework, title=title, descriptors=descriptors,
                              evidence_expected=evidence, asks_child_voice=child_voice,
                              cross_check=cross_check)
    return framework


def _answer(return_form, number, label, by):
    standard = return_form.cycle.framework.standards.get(number=number)
    existing = Answer.objects.filter(return_form=return_form, standard=standard).first()
    return services.answer_save(
        return_form=return_form, standard=standard, by=by,
        expected_version=existing.version if existing else 0,
        rating=standard.framework.levels.get(label=label),
        narrative="Fictional demo narrative: what the agency does, and how it knows.",
        child_voice="Fictional: children's feedback changed how appointments are offered."
        if standard.asks_child_voice else "")


def _answer_all(return_form, by, *, ratings=None, actions=None, default=None, today=None):
    levels = return_form.cycle.framework.levels
    default = default or levels.filter(meets=True).first().label
    for standard in return_form.cycle.framework.standards.all():
        label = (ratings or {}).get(standard.number, default)
        answer = _answer(return_form, standard.number, label, by)
        if not levels.get(label=label).meets:
            services.action_plan_add(
                answer=answer, by=by, due_on=(today or date.today()) + timedelta(days=90),
                title=(actions or {}).get(standard.number, "Improve this standard (demo)"))
    return services.return_submit(return_form=Return.objects.get(pk=return_form.pk), by=by)


def _audits(leeds, llr, agencies, users, today):
    llr_bm = users["llr.business.manager"]
    audit = services.audit_create(
        partnership=llr[0], kind="spotlight", title="Neglect: a spotlight audit (demo)",
        theme="Neglect", due_on=today, by=llr_bm,
        agencies=[agencies["University Hospitals of Leicester NHS Trust"],
                  agencies["Leicestershire Police"]],
        questions=["Was neglect recognised early?", "Was the child's lived experience recorded?"],
        references=["LRSCP-AUD-001", "LRSCP-AUD-002", "LRSCP-AUD-003"])
    for case in audit.cases.all():
        for agency in audit.agencies.all():
            services.audit_answer(case=case, agency=agency, by=llr_bm, answers={
                q: f"Fictional answer from {agency.name}." for q in audit.questions.all()})
    services.audit_to_moderation(audit=audit, moderation_on=today, by=llr_bm)
    grades = dict(zip(audit.cases.all(), ["good", "requires_improvement", "good"], strict=True))
    services.audit_findings(audit=audit, by=llr_bm, grades=grades, findings=(
        "Neglect was recognised early in two of three cases; in one, the child's lived "
        "experience was not recorded by either agency (fictional)."))
    services.audit_action_add(audit=audit, by=llr_bm, title="Record the child's lived "
                              "experience in every neglect referral (demo)",
                              owner_agency=agencies["Leicestershire Police"],
                              due_on=today + timedelta(days=60))
    services.audit_create(
        partnership=leeds, kind="case_file", title="Children missing education (demo)",
        theme="Children missing education", due_on=today + timedelta(days=21),
        by=users["leeds.business.manager"],
        agencies=[agencies["Leeds Teaching Hospitals NHS Trust"],
                  agencies["West Yorkshire Police"]],
        questions=["Who knew the child was missing education?", "What was done, and when?"],
        references=["LSCP-AUD-101", "LSCP-AUD-102"])


def _scrutiny(leeds, llr, agencies, users, today):
    scrutineer = users["leeds.scrutineer"]
    visit = services.scrutiny_plan(partnership=leeds, kind="visit", by=scrutineer,
                                   title="Visit to the front door (demo)",
                                   planned_for=today - timedelta(days=40))
    services.scrutiny_record(activity=visit, done_on=today - timedelta(days=38), by=scrutineer,
                             notes="Practitioners knew the escalation route; waits at peak "
                                   "times were long (fictional).")
    services.scrutiny_plan(partnership=leeds, kind="observation", by=scrutineer,
                           title="Observe a Review Advisory Group meeting (demo)",
                           planned_for=today + timedelta(days=25))
    challenge = services.scrutiny_challenge(
        partnership=leeds, to_agency=agencies["West Yorkshire Police"], by=scrutineer,
        question="How does the police know its referrals reach the front door in time? "
                 "(fictional)", due_on=today + timedelta(days=14))
    services.scrutiny_respond(challenge=challenge, by=users["leeds.lsp.police"],
                              response="A weekly check of referral times since September, "
                                       "reported to the Executive (fictional).")
    services.scrutiny_plan(partnership=llr[1], kind="engagement",
                           by=users["llr.young.scrutineer"],
                           title="Young people's panel on feeling safe online (demo)",
                           planned_for=today + timedelta(days=10))
    year = f"{today.year - 1}/{str(today.year)[2:]}" if today.month < 4 else \
        f"{today.year}/{str(today.year + 1)[2:]}"
    for name, received in (("Wetherby Young Offender Institution", True),
                           ("Adel Beck Secure Children's Home", False)):
        report = services.setting_report_expect(
            partnership=leeds, setting=agencies[name], year_label=year,
            due_on=today - timedelta(days=5) if received else today + timedelta(days=45))
        if received:
            services.setting_report_receive(
                report=report, received_on=today - timedelta(days=3), by=scrutineer,
                summary="Safeguarding in Secure Settings report received; no concerns "
                        "escalated (fictional).")

