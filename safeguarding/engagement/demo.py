"""The demo's glossary, thresholds, public pages, procedures, a survey and a "you said, we did",
for the Leeds and LLR partnerships. Fictional content is marked as demo. Called at the end of
`manage.py load_demo`."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding.engagement import demo_data as data
from safeguarding.engagement import services
from safeguarding.engagement.models import (
    FrontDoor,
    Policy,
    Publication,
    PublicProfile,
    ThresholdLevel,
    ThresholdModel,
    YouSaidWeDid,
)


def load(partnerships: dict, agencies: dict, users: dict, groups: dict, today: date) -> None:
    _glossary(partnerships)
    _thresholds(partnerships)
    _public_pages(partnerships, today)
    if Policy.objects.filter(is_demo=True).exists():
        return
    _procedures(partnerships, groups, users, today)
    _voice(partnerships, agencies, users, today)


def _glossary(partnerships):
    for term, expansion, definition in data.GLOSSARY:
        services.glossary_term_save(term=term, expansion=expansion, definition=definition)
    for term, expansion, definition in data.LEEDS_GLOSSARY:
        services.glossary_term_save(term=term, expansion=expansion, definition=definition,
                                    partnership=partnerships["leeds"])


def _thresholds(partnerships):
    ThresholdModel.objects.update_or_create(partnership=partnerships["leeds"], defaults={
        "has_levels": False, "title": "A conversational approach, not thresholds",
        "approach": data.LEEDS_APPROACH, "monitoring": data.LEEDS_MONITORING,
        "source": "Leeds Safeguarding Children Partnership, Multi-Agency Safeguarding "
                  "Arrangements (2019), Thresholds"})
    for slug in ("leicestershire-rutland", "leicester"):
        model, _ = ThresholdModel.objects.update_or_create(
            partnership=partnerships[slug], defaults={
                "has_levels": True, "title": "Levels of need", "approach": data.LLR_APPROACH,
                "source": "Thresholds for access to services for children and families in "
                          "Leicester, Leicestershire and Rutland (LLR procedures manual)"})
        for number, name, descriptor, response in data.LLR_LEVELS:
            ThresholdLevel.objects.update_or_create(model=model, number=number, defaults={
                "name": name, "descriptor": descriptor, "response": response})


def _public_pages(partnerships, today):
    for slug, (introduction, phone, address) in data.PROFILES.items():
        PublicProfile.objects.update_or_create(partnership=partnerships[slug], defaults={
            "introduction": introduction, "phone": phone, "address": address,
            "email": f"business.unit@{slug}.demo.example",
            "concerns_resolution": data.CONCERNS_RESOLUTION})
    for order, (slug, area, service, phone, out_of_hours) in enumerate(data.FRONT_DOORS):
        FrontDoor.objects.update_or_create(partnership=partnerships[slug], area=area, defaults={
            "service": service, "phone": phone, "out_of_hours_phone": out_of_hours,
            "order": order})
    leeds = partnerships["leeds"]
    for kind, title, summary, body, published_on in (
        (Publication.Kind.ONE_MINUTE_GUIDE, "One minute guide: the LSCP (No. 34)",
         "What the Leeds Safeguarding Children Partnership is and how it works.",
         data.ONE_MINUTE_GUIDE, date(2024, 1, 15)),
        (Publication.Kind.YEARLY_REPORT, "LSCP Annual Report 2018/19",
         "How well children in Leeds were safeguarded in 2018/19, and what the partnership "
         "did.", "The last yearly report of the Leeds Safeguarding Children Partnership under "
         "the board that came before the new arrangements of 2019. It describes how the "
         "partnership's agencies worked together, what its reviews and audits found, and its "
         "priorities for the year ahead.\n\nThe platform keeps this entry so the list of "
         "yearly reports runs on from it; reports from 2019/20 are the safeguarding partners' "
         "own.", date(2019, 11, 1)),
        (Publication.Kind.NEWSLETTER, "Partnership newsletter (demo)",
         "News from the partnership: new briefings, training dates and what young people told "
         "us (fictional).", "New this month: a seven-minute briefing on the learning from our "
         "latest rapid review, new dates for the multi-agency neglect course, and what young "
         "people told us in the voice survey about feeling listened to.\n\nThis newsletter is "
         "part of the demo: its contents are fictional.", today - timedelta(days=20)),
    ):
        Publication.objects.update_or_create(partnership=leeds, title=title, defaults={
            "kind": kind, "summary": summary, "body": body, "published_on": published_on,
            "is_demo": kind == Publication.Kind.NEWSLETTER})


def _procedures(partnerships, groups, users, today):
    leeds, llr = partnerships["leeds"], partnerships["leicestershire-rutland"]
    leeds_bm, llr_bm = users["leeds.business.manager"], users["llr.business.manager"]
    # Published a year and a half ago, and now overdue for review: in "My work".
    overdue = services.policy_create(
        partnership=leeds, by=leeds_bm, title="Resolving professional differences (escalation)",
        summary="What practitioners do when they disagree with another agency about a child's "
                "safety: the four stages and their targets (demo).",
        review_due_on=today + timedelta(days=1), is_demo=True,
        text="1. Talk to the other practitioner, and agree a plan within two working days.\n\n"
             "2. If you cannot agree, your line managers talk within five working days.\n\n"
             "3. Then the designated or senior safeguarding leads, within five working days.\n\n"
             "4. Then the business manager and chair convene an independently chaired meeting "
             "(demo text).")
    overdue = services.policy_publish(policy=overdue, by=leeds_bm,
                                      review_due_on=today + timedelta(days=1))
    Policy.objects.filter(pk=overdue.pk).update(review_due_on=today - timedelta(days=30),
                                                published_on=today - timedelta(days=540))
    _move_review(overdue, today - timedelta(days=30))
    current = services.policy_create(
        partnership=leeds, by=leeds_bm, title="Safe sleep for babies",
        summary="What every practitioner tells families about safe sleep, and when (demo).",
        review_due_on=today + timedelta(days=300), is_demo=True,
        text="Repeat safe sleep advice at every contact with a family with a baby, and whenever "
             "the family moves home (demo text).")
    services.policy_publish(policy=current, by=leeds_bm, review_due_on=today + timedelta(days=300))
    draft = services.policy_create(
        partnership=llr, by=llr_bm, owner_group=groups.get("llr_pp"),
        title="Resolving Practitioner Disagreements and Escalation of Concerns",
        summary="How practitioners in LLR escalate a disagreement about a child (demo draft).",
        review_due_on=today + timedelta(days=365), is_demo=True,
        text="A draft for consultation (demo text).")
    services.policy_consult(policy=draft, by=llr_bm)


def _move_review(policy, due_on):
    """The demo's overdue review: its clock as if it had been set a year ago."""
    from django.contrib.contenttypes.models import ContentType

    from safeguarding.core.models import Deadline

    Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Policy),
                            object_id=policy.pk, met_on__isnull=True,
                            cancelled=False).update(started_on=due_on, due_on=due_on)


def _voice(partnerships, agencies, users, today):
    leeds, llr = partnerships["leeds"], partnerships["leicestershire-rutland"]
    bm = users["leeds.business.manager"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Question", "School year", "Answer", "Count"])
    writer.writerows(data.SURVEY_ROWS)
    survey = services.survey_import(
        partnership=leeds, title="My School My Health (demo)", year="2025/26", by=bm,
        upload=SimpleUploadedFile("msmh-2025-26.csv", out.getvalue().encode()), is_demo=True)
    student = services.contribution_add(
        partnership=leeds, source="student_lscp", by=bm, received_on=today - timedelta(days=60),
        title="Student LSCP: staying safe online", is_demo=True,
        text="Young people want adults to understand the apps they use, not just tell them to "
             "stay off them (fictional).")
    from_survey = services.contribution_add(
        partnership=leeds, source="survey", by=bm, survey=survey, is_demo=True,
        received_on=today - timedelta(days=40), title="MSMH: feeling safe online",
        text="One in ten Year 9 pupils rarely or never feel safe online (fictional counts).")
    response = services.response_save(
        partnership=leeds, by=bm, theme="Feeling safe online", is_demo=True,
        contributions=[student, from_survey],
        you_said="Some of you don't feel safe online, and you want adults to understand the apps "
                 "you use instead of just telling you to stay off them.",
        we_did="We asked young people from the Student LSCP to help write a guide for parents "
               "and carers about the apps you use, and added online safety to the training for "
               "everyone who works with children.")
    services.response_action_add(
        response=response, by=bm, title="Publish a guide for parents on the apps young people "
                                        "use (demo)",
        owner_agency=agencies["Leeds City Council"], due_on=today + timedelta(days=60))
    services.response_publish(response=response, by=bm)
    services.contribution_add(
        partnership=llr, source="young_scrutineer", by=users["llr.business.manager"],
        received_on=today - timedelta(days=15), is_demo=True,
        title="Young Scrutineer: visiting a residential home",
        text="Young people in the home did not know who to tell if they were worried "
             "(fictional).")
    YouSaidWeDid.objects.filter(pk=response.pk).update(is_demo=True)
