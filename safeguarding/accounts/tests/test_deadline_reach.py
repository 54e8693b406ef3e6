"""Who sees which deadline ("My work", reminders): the policy's one query, which reads only the
partnerships the person holds a role in, against the rule said record by record — everyone in
the demo (two partnerships, every role) sees exactly the deadlines of the records they may act on,
the ones they own, and those their agency owns."""

import pytest

from safeguarding.accounts.models import User
from safeguarding.accounts.policy import Action, can, scope, standing
from safeguarding.core.models import Deadline

pytestmark = pytest.mark.django_db


def reached_one_by_one(user, deadline) -> bool:
    """The rule, asked of one deadline's record at a time."""
    record_model = deadline.content_type.model_class()
    acts = Action(getattr(record_model, "work_action", Action.MOVE_CASE))
    if can(user, acts, deadline.record):
        return True
    if getattr(record_model, "is_case_record", False):
        return False
    return (deadline.owner_id == user.pk
            or deadline.owner_agency_id in standing(user).agencies_for(acts))


def test_everyone_sees_the_deadlines_of_the_records_they_act_on_and_no_others(demo):
    deadlines = list(Deadline.objects.select_related("content_type"))
    people = list(User.objects.filter(is_active=True, role_grants__isnull=False).distinct())
    assert len(deadlines) > 20 and len(people) > 10
    seeing_some = 0
    for person in people:
        seen = set(scope(person, Action.MOVE_CASE, Deadline.objects.all())
                   .values_list("pk", flat=True))
        fresh = User.objects.get(pk=person.pk)  # a request of its own: nothing remembered
        assert seen == {d.pk for d in deadlines if reached_one_by_one(fresh, d)}, person.email
        seeing_some += bool(seen)
    assert seeing_some >= 5


def test_the_owner_of_a_deadline_sees_it_in_a_partnership_where_they_hold_no_role(demo):
    deadline = Deadline.objects.exclude(owner_agency=None).filter(
        met_on=None, cancelled=False).select_related("partnership").first()
    elsewhere = User.objects.filter(is_active=True, role_grants__isnull=False).exclude(
        role_grants__partnership=deadline.partnership).exclude(
        role_grants__agency__partnerships=deadline.partnership).exclude(
        role_grants__group__partnerships=deadline.partnership).first()
    def seen_by(person):
        return scope(person, Action.MOVE_CASE, Deadline.objects.all()).values_list("pk", flat=True)

    assert deadline.pk not in seen_by(elsewhere)
    Deadline.objects.filter(pk=deadline.pk).update(owner=elsewhere)
    assert deadline.pk in seen_by(User.objects.get(pk=elsewhere.pk))
