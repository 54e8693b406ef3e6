from safeguarding.core.clocks import NATIONAL_PANEL_NOTIFICATION_DUE, RAPID_REVIEW_DUE
from safeguarding.core.workflow import Guard, Move, Workflow
from safeguarding.testing.casework.models import SampleCase

S = SampleCase.Status

decision_recorded = Guard(lambda case: bool(case.decision.strip()),
                          "Record the review group's decision first.")

SAMPLE_WORKFLOW = Workflow(
    name="sample case",
    states=S,
    moves=(
        Move("decide", "Record the decision", source=(S.NOTIFIED,), to=S.DECIDED,
             who="move_case", requires=(decision_recorded,),
             starts=(NATIONAL_PANEL_NOTIFICATION_DUE.key,)),
        Move("start_review", "Start the rapid review", source=(S.DECIDED,), to=S.REVIEWING,
             who="move_case", starts=(RAPID_REVIEW_DUE.key,),
             stops=(NATIONAL_PANEL_NOTIFICATION_DUE.key,)),
        Move("close", "Close the case", source=(S.DECIDED, S.REVIEWING), to=S.CLOSED,
             who="move_case", needs_reason=True, stops=(RAPID_REVIEW_DUE.key,)),
    ),
)
