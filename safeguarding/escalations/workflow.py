"""The state table of a disagreement: it stays open while it escalates stage by stage, and ends
resolved. Which stage it is at is the partnership's configuration, so the stage is data on the
record; the moves and their clocks are declared here."""

from safeguarding.core.clocks import ESCALATION_STAGE_DUE
from safeguarding.core.workflow import Guard, Move, Workflow
from safeguarding.escalations.models import Escalation

S = Escalation.Status

# The stage being left has its outcome (the new stage, when escalating, has none yet).
earlier_stages_recorded = Guard(
    lambda e: not e.steps.filter(outcome_on__isnull=True).exclude(stage_id=e.stage_id).exists(),
    "Record the outcome of the stage first.")
every_stage_recorded = Guard(
    lambda e: not e.steps.filter(outcome_on__isnull=True).exists(),
    "Record the outcome of the stage first.")

ESCALATION_WORKFLOW = Workflow(
    name="practitioner disagreement",
    states=S,
    moves=(
        Move("escalate", "Escalate to the next stage", source=(S.OPEN,), to=S.OPEN,
             who="resolve_escalation", requires=(earlier_stages_recorded,),
             stops=(ESCALATION_STAGE_DUE.key,), starts=(ESCALATION_STAGE_DUE.key,)),
        Move("resolve", "Record that it is resolved", source=(S.OPEN,), to=S.RESOLVED,
             who="resolve_escalation", requires=(every_stage_recorded,),
             stops=(ESCALATION_STAGE_DUE.key,)),
    ),
)
