"""Workflows as declared tables.

Each case type declares its states and moves in one `Workflow`: for each move, the states it may
start from, the state it leads to, the policy action a person needs to make it, what must be true
first (guards), and the clocks it starts and stops. `transition()` applies a move completely or
not at all; the buttons on a case and the diagrams in the docs come from the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from safeguarding.core.clocks import CLOCKS
from safeguarding.core.models import AccessEvent, WorkflowEvent
from safeguarding.core.services import access_log, deadline_meet, deadline_start


def lower_first(label: str) -> str:
    """'Record the National Panel notification' -> 'record the National Panel notification'."""
    return label[:1].lower() + label[1:]


class MoveRefused(Exception):
    """A move that cannot be made now. The message is shown to the person as it is."""


@dataclass(frozen=True)
class Guard:
    """Something that must be true before a move, and what to tell the person if it is not."""

    check: Callable[[object], bool]
    message: str


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    source: tuple[str, ...]
    to: str
    who: str
    requires: tuple[Guard, ...] = ()
    starts: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    needs_reason: bool = False


@dataclass(frozen=True)
class Workflow:
    name: str
    states: type  # a TextChoices class
    moves: tuple[Move, ...]
    field: str = "status"
    _by_name: dict = dataclass_field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        valid = set(self.states.values)
        for move in self.moves:
            if move.name in self._by_name:
                raise ValueError(f"{self.name}: the move {move.name!r} is declared twice")
            unknown = ({*move.source, move.to} - valid)
            if unknown:
                raise ValueError(f"{self.name}: {move.name!r} names unknown states {unknown}")
            self._by_name[move.name] = move

    def move(self, name: str) -> Move:
        try:
            return self._by_name[name]
        except KeyError:
            raise MoveRefused(f"“{name}” is not a step of the {self.name} process.") from None

    def moves_from(self, state: str) -> list[Move]:
        return [move for move in self.moves if state in move.source]

    def state_label(self, state: str) -> str:
        return str(self.states(state).label)

    def mermaid(self) -> str:
        """The state diagram for the docs, from the same table the code runs on."""
        lines = ["stateDiagram-v2"]
        for move in self.moves:
            for source in move.source:
                lines.append(f"    {source} --> {move.to}: {move.label}")
        return "\n".join(lines)


def available_moves(workflow: Workflow, record, user) -> list[Move]:
    """The moves to offer `user` on `record` now: from its state, and allowed by the policy."""
    state = getattr(record, workflow.field)
    return [move for move in workflow.moves_from(state) if user.has_perm(move.who, record)]


def transition(*, workflow: Workflow, record, move: str, by, reason: str = "",
               on: date | None = None):
    """Make `move` on `record` as `by`: all of it, or none of it.

    Asks the policy, then in one transaction locks the row, checks the state and the guards,
    changes the state, records the event and starts and stops the clocks. Returns the record.
    """
    step = workflow.move(move)
    on = on or timezone.localdate()
    # The policy first (it reads the stored record): someone who may not move the case learns
    # nothing about its state, and the refusal is logged outside the transaction that rolls back.
    if not by.has_perm(step.who, record):
        access_log(user=by, kind=AccessEvent.Kind.DENIED, record=record,
                   detail=f"Refused move: {step.name}")
        raise PermissionDenied(f"You do not have permission to {lower_first(step.label)}.")
    with transaction.atomic():
        locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
        state = getattr(locked, workflow.field)
        if state not in step.source:
            raise MoveRefused(
                f"You cannot {lower_first(step.label)} while the case is "
                f"“{workflow.state_label(state).lower()}”."
            )
        failed = [guard.message for guard in step.requires if not guard.check(locked)]
        if failed:
            raise MoveRefused(" ".join(failed))
        if step.needs_reason and not reason.strip():
            raise MoveRefused(f"Enter the reason to {lower_first(step.label)}.")
        setattr(locked, workflow.field, step.to)
        update = [workflow.field]
        if hasattr(locked, "version"):
            locked.version += 1
            update.append("version")
        locked._history_user = by
        locked.save(update_fields=update)
        WorkflowEvent.objects.create(
            record=locked, move=step.name, from_state=state, to_state=step.to, actor=by,
            reason=reason,
        )
        _set_clocks(locked, step, on)
    return locked


def _set_clocks(record, step: Move, on: date):
    """A clock runs from the record's date named by the rule (`since`), else from the move's day."""
    for key in step.stops:
        deadline_meet(record=record, key=key, on=on)
    for key in step.starts:
        started = getattr(record, CLOCKS[key].since, None) or on
        deadline_start(
            record=record, key=key, partnership=record.partnership, started_on=started,
            owner_agency=getattr(record, "owning_agency", None),
        )


def history(record) -> Iterable[WorkflowEvent]:
    return WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("actor")
