"""The state table of a serious incident, from notification to publication."""

from safeguarding.core.clocks import (
    NATIONAL_PANEL_NOTIFICATION_DUE,
    PRACTICE_REVIEW_DUE,
    PRE_PUBLICATION_DUE,
    RAPID_REVIEW_DUE,
)
from safeguarding.core.workflow import Guard, Move, Workflow
from safeguarding.reviews import selectors
from safeguarding.reviews.models import Incident

S = Incident.Status

reasons_recorded = Guard(lambda i: bool(i.criteria_reasons.strip()),
                         "Enter the review group's reasons first.")
la_aware_recorded = Guard(lambda i: i.la_became_aware is not None,
                          "Enter the date the local authority became aware first.")
panel_notification_recorded = Guard(
    lambda i: bool(i.panel_notified_on and i.panel_reference.strip()),
    "Enter the date the National Panel was notified and its reference first.")
ofsted_if_looked_after = Guard(
    lambda i: not i.looked_after or i.ofsted_notified_on is not None,
    "The child is looked after: enter the date Ofsted and the Secretary of State were notified.")
rapid_review_written = Guard(
    lambda i: bool(i.rapid_review_facts.strip() and i.rapid_review_learning.strip()
                   and i.recommended_route and i.rapid_review_sent_on),
    "Complete the rapid review (facts, learning, recommendation, date sent) first.")
requests_answered = Guard(
    lambda i: not i.requests.filter(submitted_on__isnull=True).exists(),
    "Every involved agency must answer its information request first.")
route_reasons = Guard(lambda i: bool(i.route_reasons.strip()),
                      "Enter the partners' reasons for their decision first.")
final_report_sent = Guard(
    lambda i: bool(i.final_report_sent_on and i.publication_planned_on),
    "Enter the date the final report was sent and the planned publication date first.")
partners_signed_off = Guard(
    selectors.all_partners_signed,
    "Every safeguarding partner must sign off the latest version of the final report first.")
not_published_reasons = Guard(lambda i: bool(i.not_published_reasons.strip()),
                              "Enter the reasons for not publishing first.")

INCIDENT_WORKFLOW = Workflow(
    name="serious incident",
    states=S,
    moves=(
        Move("submit", "Send the notification", source=(S.DRAFT,), to=S.NOTIFIED,
             who="notify_incident"),
        Move("meets_criteria", "Record that it meets the criteria", source=(S.NOTIFIED,),
             to=S.MEETS, who="move_case", requires=(reasons_recorded, la_aware_recorded),
             starts=(NATIONAL_PANEL_NOTIFICATION_DUE.key, RAPID_REVIEW_DUE.key)),
        Move("does_not_meet", "Record that it does not meet the criteria", source=(S.NOTIFIED,),
             to=S.NOT_MET, who="move_case", requires=(reasons_recorded,)),
        Move("panel_notified", "Record the National Panel notification", source=(S.MEETS,),
             to=S.PANEL_NOTIFIED, who="move_case",
             requires=(panel_notification_recorded, ofsted_if_looked_after),
             stops=(NATIONAL_PANEL_NOTIFICATION_DUE.key,)),
        Move("send_rapid_review", "Send the rapid review to the National Panel",
             source=(S.PANEL_NOTIFIED,), to=S.RAPID_REVIEW_SENT, who="move_case",
             requires=(requests_answered, rapid_review_written),
             stops=(RAPID_REVIEW_DUE.key,)),
        Move("commission_review", "Commission a local practice review",
             source=(S.RAPID_REVIEW_SENT,), to=S.PRACTICE_REVIEW, who="decide_review",
             requires=(route_reasons,), starts=(PRACTICE_REVIEW_DUE.key,)),
        Move("no_further_review", "Decide no further review", source=(S.RAPID_REVIEW_SENT,),
             to=S.NO_FURTHER_REVIEW, who="decide_review", requires=(route_reasons,)),
        Move("other_learning", "Decide another learning route", source=(S.RAPID_REVIEW_SENT,),
             to=S.OTHER_LEARNING, who="decide_review", requires=(route_reasons,)),
        Move("send_final_report", "Send the final report before publication",
             source=(S.PRACTICE_REVIEW,), to=S.FINAL_REPORT_SENT, who="move_case",
             requires=(final_report_sent, partners_signed_off), stops=(PRE_PUBLICATION_DUE.key,)),
        Move("publish", "Publish the report", source=(S.FINAL_REPORT_SENT,), to=S.PUBLISHED,
             who="publish_review", stops=(PRACTICE_REVIEW_DUE.key,)),
        Move("not_publish", "Record the decision not to publish",
             source=(S.FINAL_REPORT_SENT,), to=S.NOT_PUBLISHED, who="publish_review",
             requires=(not_published_reasons,), stops=(PRACTICE_REVIEW_DUE.key,)),
    ),
)
