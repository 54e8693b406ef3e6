"""Every page goes through the access policy: a walk over every URL pattern."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.views import APIView

from safeguarding.accounts.access import ACCESS_MARK
from safeguarding.accounts.roles import Role

# Django's own admin has its own staff check (and operators need two-factor, see the middleware).
SKIP_NAMESPACES = {"admin"}


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def access_rule(callback) -> str | None:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return getattr(view_class, "access_rule", None)
    return getattr(callback, ACCESS_MARK, None)


def is_api(pattern) -> bool:
    """The JSON API signs in by API token: it answers 401 in JSON, never a redirect to sign in."""
    view_class = getattr(pattern.callback, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


ALL = list(walk(get_resolver().url_patterns))


def test_the_walk_finds_the_pages():
    names = {pattern.name for _, pattern in ALL}
    assert {"sign-in", "my-work", "access-log", "action-detail", "case-detail"} <= names


@pytest.mark.parametrize(("route", "pattern"), ALL, ids=[route for route, _ in ALL])
def test_every_view_declares_how_it_is_reached(route, pattern):
    rule = access_rule(pattern.callback)
    assert rule in {"public", "signed_in"} or (rule or "").startswith("policy"), (
        f"{route} ({pattern.lookup_str}) does not go through the access policy: use "
        "PolicyRequiredMixin with an action, @policy_required, or mark it public/signed-in."
    )
    view_class = getattr(pattern.callback, "view_class", None)
    if rule == "policy" and view_class is not None:
        assert getattr(view_class, "action", None), f"{route} has no policy action"


EXAMPLE_VALUES = {"<int:pk>": "1", "<uidb64>": "MQ", "<token>": "x-y", "<slug:slug>": "north",
                  "<str:year>": "2026-27", "<int:item>": "1", "<int:agency>": "1",
                  "<int:number>": "1", "<int:case>": "1"}


def example_url(route: str, values=EXAMPLE_VALUES) -> str:
    url = route
    for token, value in values.items():
        url = url.replace(token, str(value))
    return "/" + url


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), ALL, ids=[route for route, _ in ALL])
def test_anonymous_visitors_reach_only_public_pages(client, route, pattern):
    response = client.get(example_url(route))
    if access_rule(pattern.callback) == "public":
        # A public page about a record that does not exist is simply not found.
        assert response.status_code in (200, 302, 404, 405), route
        if response.status_code == 302:
            assert "sign-in" not in response.url, route
    elif is_api(pattern):
        assert response.status_code == 401, route
        assert response["Content-Type"] == "application/problem+json", route
    else:
        assert response.status_code == 302, route
        assert response.url.startswith("/account/sign-in/?next="), route


RECORD_ROUTES = [(route, p) for route, p in ALL if ("<int:pk>" in route or "<slug:slug>" in route)
                 and access_rule(p.callback) not in ("public", "signed_in")]


@pytest.fixture
def one_of_everything(partnership, agency, panel, make_person):
    """A real record behind every detail URL of the platform, all in one partnership."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from safeguarding.child_deaths.tests.factories import (
        AgencyReportFactory,
        ChildDeathFactory,
    )
    from safeguarding.core.services import attachment_add
    from safeguarding.core.tests.casework import SampleCaseFactory
    from safeguarding.core.tests.factories import ActionItemFactory
    from safeguarding.meetings.tests.factories import MeetingFactory
    from safeguarding.partnership.tests.factories import ArrangementsFactory, GroupFactory
    from safeguarding.reviews.tests.factories import IncidentFactory

    meeting = MeetingFactory(group=panel)
    incident = IncidentFactory(partnership=partnership, notifying_agency=agency)
    request = incident.requests.create(agency=agency, due_on=incident.became_aware)
    item = meeting.agenda.create(order=1, title="Item")
    paper = attachment_add(record=item, upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4 x"),
                           title="Paper", by=make_person(Role.BUSINESS_MANAGER))
    child_death = ChildDeathFactory(partnership=partnership, notifying_agency=agency)
    cdop = GroupFactory(name="Child Death Overview Panel", short_name="CDOP",
                        partnerships=[partnership])
    from safeguarding.engagement.tests.factories import (
        PolicyFactory,
        ResponseFactory,
        SurveyFactory,
    )
    from safeguarding.escalations.tests.factories import EscalationFactory

    records = {
        "escalation": EscalationFactory(partnership=partnership, raising_agency=agency),
        "policy": PolicyFactory(partnership=partnership),
        "survey": SurveyFactory(partnership=partnership),
        "response": ResponseFactory(partnership=partnership),
        **engagement_site_records(partnership),
    }
    from safeguarding.learning.tests import factories as learning

    course = learning.CourseFactory(partnership=partnership)
    records.update(course=course, session=learning.SessionFactory(course=course),
                   learner=learning.LearnerFactory(partnership=partnership, agency=agency),
                   lms_import=learning.LmsImportFactory(partnership=partnership))
    records.update(assurance_records(partnership, agency, make_person(Role.BUSINESS_MANAGER)))
    records.update(intelligence_records(partnership))
    return {
        **records,
        "child_death": child_death, "cdop": cdop,
        "agency_report": AgencyReportFactory(child_death=child_death, agency=agency),
        "action": ActionItemFactory(partnership=partnership, owner_agency=agency),
        "case": SampleCaseFactory(partnership=partnership),
        "meeting": meeting, "item": item, "paper": paper, "agency": agency, "group": panel,
        "arrangements": ArrangementsFactory(partnerships=[partnership]),
        "partnership": partnership, "incident": incident, "request": request,
        "report": attachment_add(record=incident, title="Draft", by=incident.notified_by,
                                 upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4 x")),
        "learning_product": incident.learning_products.create(kind="learning_brief",
                                                              title="Brief", text="Text"),
        "retention_review": retention_review_of(incident),
    }


def retention_review_of(record):
    from django.contrib.contenttypes.models import ContentType

    from safeguarding.core.models import RetentionReview

    return RetentionReview.objects.create(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        partnership_id=record.partnership_id, rule="incident", record_label="R",
        counted_from=record.became_aware, due_on=record.became_aware,
        found_on=record.became_aware)


def engagement_site_records(partnership) -> dict:
    """The public site's configuration the business unit manages (engagement)."""
    from safeguarding.engagement.models import FrontDoor, GlossaryTerm, Publication

    return {
        "glossary_term": GlossaryTerm.objects.create(partnership=partnership, term="MASH",
                                                     definition="Where concerns go."),
        "publication": Publication.objects.create(partnership=partnership, kind="newsletter",
                                                  title="News", summary="S", body="B"),
        "front_door": FrontDoor.objects.create(partnership=partnership, area="North",
                                               service="Duty team", phone="0100"),
    }


def intelligence_records(partnership) -> dict:
    from safeguarding.intelligence.models import (
        BudgetLine,
        DataImport,
        Indicator,
        IndicatorSet,
        Priority,
        Risk,
    )

    indicator_set = IndicatorSet.objects.create(partnership=partnership, name="Data")
    return {
        "indicator_set": indicator_set,
        "indicator": Indicator.objects.create(
            partnership=partnership, indicator_set=indicator_set, code="i", name="I",
            definition="x", polarity="lower"),
        "data_import": DataImport.objects.create(partnership=partnership,
                                                 indicator_set=indicator_set, kind="csv"),
        "priority": Priority.objects.create(partnership=partnership, year="2026/27", number=1,
                                            title="P"),
        "budget_line": BudgetLine.objects.create(partnership=partnership, year="2026/27",
                                                 name="L", budget=1),
        "risk": Risk.objects.create(partnership=partnership, title="R", likelihood=1, impact=1),
        **yearly_report_records(partnership),
    }


def yearly_report_records(partnership) -> dict:
    from safeguarding.intelligence.models import YearlyReport

    report = YearlyReport.objects.create(partnership=partnership, year="2025/26", title="Y")
    return {"yearly_report": report,
            "report_section": report.sections.create(key="data", order=1, title="Data")}


def assurance_records(partnership, agency, manager) -> dict:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from safeguarding.assurance import services

    today = timezone.localdate()
    framework = services.framework_create(name="S11", kind="section_11",
                                          partnerships=[partnership], scale=[("Met", True)])
    standard = services.standard_add(framework=framework, title="One", descriptors="x")
    cycle = services.cycle_open(framework=framework, name="C", opens_on=today,
                                due_on=today + datetime.timedelta(days=9), agencies=[agency],
                                by=manager)
    return_form = cycle.returns.get()
    answer = services.answer_save(return_form=return_form, standard=standard, by=manager,
                                  expected_version=0, rating=framework.levels.get())
    services.return_submit(return_form=return_form, by=manager)
    audit = services.audit_create(partnership=partnership, kind="spotlight", title="A",
                                  theme="", due_on=today, agencies=[agency], questions=["Q"],
                                  references=["R-1"], by=manager)
    return {
        "framework": framework, "cycle": cycle, "return": return_form, "answer": answer,
        "challenge": services.challenge_raise(answer=answer, comment="Why?", by=manager),
        "evidence": services.evidence_add(answer=answer, title="E", by=manager,
                                          upload=SimpleUploadedFile("e.pdf", b"%PDF-1.4 x")),
        "audit": audit, "audit_case": audit.cases.get(),
        "activity": services.scrutiny_plan(partnership=partnership, kind="visit", title="V",
                                           planned_for=today, by=manager),
        "scrutiny_challenge": services.scrutiny_challenge(
            partnership=partnership, to_agency=agency, question="Q", due_on=today, by=manager),
        "setting_report": services.setting_report_expect(
            partnership=partnership, setting=agency, year_label="2026/27", due_on=today),
    }


WHICH_RECORD = {  # the view -> the record its <int:pk> names
    "FrameworkDetail": "framework", "StandardAdd": "framework",
    "FrameworkNewVersion": "framework", "CycleCreate": "framework", "CycleDetail": "cycle",
    "CycleResults": "cycle", "CycleResultsExcel": "cycle", "CycleResultsPdf": "cycle",
    "ReturnDetail": "return", "ReturnSubmit": "return", "AnswerEdit": "return",
    "ActionPlanAdd": "answer", "ChallengeAdd": "answer", "ChallengeRespond": "challenge",
    "ChallengeAgree": "challenge", "EvidenceDownload": "evidence", "AuditDetail": "audit",
    "AuditCaseAnswer": "audit", "AuditModeration": "audit", "AuditFindings": "audit",
    "AuditActionAdd": "audit", "ActivityDone": "activity",
    "ScrutinyChallengeDetail": "scrutiny_challenge", "SettingReportReceive": "setting_report",
    "ActionDetail": "action", "ActionUpdate": "action", "CaseDetail": "case",
    "AgencyDetail": "agency", "GroupDetail": "group", "SeatAdd": "group",
    "ArrangementsDetail": "arrangements", "ArrangementsPublish": "arrangements",
    "ArrangementsReview": "arrangements", "PaperDownload": "paper",
    "IncidentDetail": "incident", "IncidentSent": "incident", "IncidentMove": "incident",
    "StageEdit": "incident", "RequestCreate": "incident", "RecommendationAdd": "incident",
    "IdentifyingDetailAdd": "incident", "ReportAdd": "incident", "RequestAnswer": "request",
    "ReportDownload": "report", "MemberAdd": "incident", "IncidentEdit": "incident",
    "SignOffAdd": "incident", "LearningProductAdd": "incident", "RepositoryPackage": "incident",
    "LearningProductEdit": "learning_product", "LearningProductPublish": "learning_product",
    "NotificationDetail": "incident", "NotificationSend": "incident",
    "InformationRequestDetail": "request", "InformationRequestAnswer": "request",
    "ChildDeathNotificationDetail": "child_death",
    "ChildDeathDetail": "child_death", "ChildDeathMove": "child_death",
    "ChildDeathStage": "child_death", "ReportRequestCreate": "child_death",
    "FactorAdd": "child_death", "CdopActionAdd": "child_death", "ChildDeathMerge": "child_death",
    "ChildDeathMemberAdd": "child_death", "ChildDeathExport": "child_death",
    "AgencyReportDetail": "agency_report", "CdopAnnualReport": "cdop",
    "CdopAnnualReportPdf": "cdop", "CdopAnnualReportWord": "cdop",
    "EscalationDetail": "escalation", "StageOutcome": "escalation",
    "SurveyDetail": "survey", "ResponseDetail": "response", "ResponseEdit": "response",
    "ResponseActionAdd": "response", "ResponsePublish": "response", "PolicyDetail": "policy",
    "PolicyVersionAdd": "policy", "PolicyConsult": "policy", "PolicyCommentAdd": "policy",
    "PolicyPublish": "policy",
    "CourseManage": "course", "CourseEdit": "course", "SessionCreate": "course",
    "EvaluationResults": "course", "SessionDetail": "session", "SessionEdit": "session",
    "SessionCancel": "session", "AttendanceRegister": "session", "StaffRecord": "learner",
    "LmsImportDetail": "lms_import",
    "GlossaryTermEdit": "glossary_term", "GlossaryTermRemove": "glossary_term",
    "PublicationDetail": "publication", "PublicationEdit": "publication",
    "PublicationPublish": "publication", "PublicationUnpublish": "publication",
    "PublicationFile": "publication", "FrontDoorEdit": "front_door",
    "FrontDoorRemove": "front_door",
    "IndicatorSetDetail": "indicator_set", "IndicatorCreate": "indicator_set",
    "TemplateCsv": "indicator_set", "TemplateExcel": "indicator_set",
    "DataImportCreate": "indicator_set", "DataImportDetail": "data_import",
    "IndicatorDetail": "indicator", "PriorityActionAdd": "priority",
    "SpendRecord": "budget_line", "RiskEdit": "risk", "IndicatorEdit": "indicator",
    "YearlyReportDetail": "yearly_report", "YearlyReportRefresh": "yearly_report",
    "YearlyReportPublish": "yearly_report", "YearlyReportSent": "yearly_report",
    "YearlyReportPdf": "yearly_report", "YearlyReportWord": "yearly_report",
    "ReportSectionEdit": "report_section",
    "FiguresSubmit": "indicator_set", "RetentionDecide": "retention_review",
}


def url_for(route, pattern, records):
    view = pattern.lookup_str.rsplit(".", 1)[-1]
    pk = records[WHICH_RECORD.get(view, "meeting")].pk
    return example_url(route, {**EXAMPLE_VALUES, "<int:pk>": pk, "<str:stage>": "criteria",
                               "<slug:slug>": records["partnership"].slug,
                               "<int:item>": records["item"].pk,
                               "<int:number>": 1, "<int:case>": records["audit_case"].pk,
                               "<int:agency>": records["agency"].pk})


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "pattern"), RECORD_ROUTES,
                         ids=[route for route, _ in RECORD_ROUTES])
def test_a_signed_in_stranger_is_refused_every_record_and_logged(route, pattern, signed_in,
                                                                 one_of_everything):
    from safeguarding.accounts.tests.api_clients import token_client
    from safeguarding.accounts.tests.factories import UserFactory
    from safeguarding.core.models import AccessEvent

    stranger = UserFactory()
    client = token_client(stranger) if is_api(pattern) else signed_in(stranger)
    url = url_for(route, pattern, one_of_everything)
    view_class = getattr(pattern.callback, "view_class", None)
    response = client.get(url) if hasattr(view_class, "get") else client.post(url)
    assert response.status_code == 403, route
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.DENIED, user=stranger).exists()


def test_every_record_view_knows_its_record():
    views = {p.lookup_str.rsplit(".", 1)[-1] for _, p in RECORD_ROUTES if "<int:pk>" in _}
    meeting_views = {v for v in views if v not in WHICH_RECORD}
    assert all(v.startswith(("Meeting", "Agenda", "Paper", "Attendance", "Minutes", "Decision",
                             "Invitations")) for v in meeting_views), meeting_views
