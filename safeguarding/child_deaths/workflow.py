"""The state table of a child death review, from notification to the closed CDOP review."""

from safeguarding.child_deaths.models import ChildDeath
from safeguarding.core.clocks import CDOP_REVIEW_DUE, JAR_MEETING_DUE
from safeguarding.core.workflow import Guard, Move, Workflow

S = ChildDeath.Status
OPEN = (S.NOTIFIED, S.JOINT_AGENCY_RESPONSE, S.AGENCY_REPORTING, S.CDRM_HELD, S.READY)

is_unexpected = Guard(lambda d: d.unexpected,
                      "Only an unexpected death needs a Joint Agency Response.")
is_expected = Guard(lambda d: not d.unexpected,
                    "An unexpected death needs a Joint Agency Response first.")
jar_recorded = Guard(lambda d: bool(d.jar_meeting_on and d.jar_timeline.strip()),
                     "Enter the date of the information-sharing meeting and the timeline of "
                     "the response first.")
reports_asked = Guard(lambda d: d.agency_reports.exists(),
                      "Ask at least one agency for its reporting form first.")
reports_sent = Guard(lambda d: not d.agency_reports.filter(submitted_on__isnull=True).exists(),
                     "Every agency asked must send its reporting form first.")
cdrm_recorded = Guard(lambda d: bool(d.cdrm_on and d.cdrm_summary.strip()),
                      "Enter the date of the Child Death Review Meeting and what it found first.")
post_mortem_in = Guard(
    lambda d: not d.post_mortem or (d.post_mortem_report_on is not None and d.cdrm_on is not None
                                    and d.post_mortem_report_on <= d.cdrm_on),
    "The meeting must follow the post-mortem report: enter the date the report was received.")
analysis_complete = Guard(
    lambda d: bool(d.cdop_meeting_on and d.category and d.modifiable and d.learning.strip()),
    "Complete the analysis first: the date of the CDOP meeting, the category of death, whether "
    "there were modifiable factors, and the learning.")
merged_recorded = Guard(lambda d: d.merged_into_id is not None,
                        "Choose the notification to merge this one into first.")

CHILD_DEATH_WORKFLOW = Workflow(
    name="child death review",
    states=S,
    moves=(
        Move("start_jar", "Start the Joint Agency Response", source=(S.NOTIFIED,),
             to=S.JOINT_AGENCY_RESPONSE, who="move_case", requires=(is_unexpected,),
             starts=(JAR_MEETING_DUE.key,)),
        Move("jar_recorded", "Record the Joint Agency Response",
             source=(S.JOINT_AGENCY_RESPONSE,), to=S.AGENCY_REPORTING, who="move_case",
             requires=(jar_recorded,), stops=(JAR_MEETING_DUE.key,)),
        Move("start_reporting", "Start agency reporting", source=(S.NOTIFIED,),
             to=S.AGENCY_REPORTING, who="move_case", requires=(is_expected,)),
        Move("cdrm_held", "Record the Child Death Review Meeting", source=(S.AGENCY_REPORTING,),
             to=S.CDRM_HELD, who="move_case",
             requires=(reports_asked, reports_sent, cdrm_recorded, post_mortem_in)),
        Move("ready", "Put the case on the CDOP's list for review", source=(S.CDRM_HELD,),
             to=S.READY, who="move_case"),
        Move("close", "Close the CDOP review", source=(S.READY,), to=S.CLOSED,
             who="move_case", requires=(analysis_complete,), stops=(CDOP_REVIEW_DUE.key,)),
        Move("merge", "Merge into the first notification of this child", source=OPEN,
             to=S.MERGED, who="move_case", requires=(merged_recorded,)),
    ),
)
