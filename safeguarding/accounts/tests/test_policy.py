"""The access policy: who may do what, and need-to-know for case records."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from safeguarding.accounts import policy
from safeguarding.accounts.policy import Action, can, scope
from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import GrantFactory, UserFactory
from safeguarding.core.models import ActionItem
from safeguarding.core.tests.casework import SampleCaseFactory
from safeguarding.core.tests.factories import ActionItemFactory
from safeguarding.partnership.tests.factories import AgencyFactory
from safeguarding.testing.casework.models import SampleCase

pytestmark = pytest.mark.django_db

# The specification, written out: what each role may do at all (before need-to-know).
Y, N = True, False
MATRIX = {
    #                              access log, create action, view case, move case, view partnership
    Role.BUSINESS_MANAGER:        (Y, Y, Y, Y, Y),
    Role.BUSINESS_OFFICER:        (N, Y, Y, Y, Y),
    Role.LEAD_PARTNER:            (N, N, Y, Y, Y),
    Role.DELEGATED_PARTNER:       (N, Y, Y, Y, Y),
    Role.INDEPENDENT_SCRUTINEER:  (N, N, Y, N, Y),
    Role.YOUNG_SCRUTINEER:        (N, N, N, N, Y),
    Role.AGENCY_LEAD:             (N, N, Y, N, Y),
    Role.PANEL_MEMBER:            (N, N, Y, Y, Y),
    Role.PRACTITIONER:            (N, N, N, N, N),
}
COLUMNS = (Action.VIEW_ACCESS_LOG, Action.CREATE_ACTION, Action.VIEW_CASE, Action.MOVE_CASE,
           Action.VIEW_PARTNERSHIP)


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [(role, action, row[i]) for role, row in MATRIX.items() for i, action in enumerate(COLUMNS)],
)
def test_role_by_action_matrix(make_person, role, action, expected):
    assert can(make_person(role), action) is expected


def test_every_role_is_in_the_matrix():
    assert set(MATRIX) == set(Role)


def test_anonymous_and_inactive_people_may_do_nothing(make_person):
    assert not can(AnonymousUser(), Action.VIEW_MY_WORK)
    manager = make_person(Role.BUSINESS_MANAGER)
    manager.is_active = False
    assert not can(manager, Action.VIEW_ACCESS_LOG)


def test_a_grant_counts_only_between_its_dates(make_person):
    today = datetime.date.today()
    ended = make_person(Role.BUSINESS_MANAGER, starts_on=datetime.date(2020, 1, 1),
                        ends_on=today - datetime.timedelta(days=1))
    future = make_person(Role.BUSINESS_MANAGER, starts_on=today + datetime.timedelta(days=1))
    assert not can(ended, Action.VIEW_ACCESS_LOG)
    assert not can(future, Action.VIEW_ACCESS_LOG)


def test_a_superuser_gets_no_way_round_need_to_know(partnership):
    admin = UserFactory(is_superuser=True, is_staff=True)
    case = SampleCaseFactory(partnership=partnership)
    assert not admin.has_perm(Action.VIEW_CASE, case)
    assert not can(admin, Action.VIEW_CASE, case)


class TestNeedToKnow:
    """A role alone does not open a case record: membership of the case or its panel does."""

    def test_business_manager_sees_only_cases_they_are_a_member_of(self, make_person, partnership):
        manager = make_person(Role.BUSINESS_MANAGER)
        theirs = SampleCaseFactory(partnership=partnership, members=[manager])
        not_theirs = SampleCaseFactory(partnership=partnership)
        assert can(manager, Action.VIEW_CASE, theirs)
        assert not can(manager, Action.VIEW_CASE, not_theirs)
        assert list(scope(manager, Action.VIEW_CASE, SampleCase.objects.all())) == [theirs]

    def test_membership_without_a_role_in_the_partnership_is_not_enough(self, partnership,
                                                                         other_partnership):
        outsider = UserFactory()
        GrantFactory(user=outsider, role=Role.BUSINESS_MANAGER, partnership=other_partnership)
        case = SampleCaseFactory(partnership=partnership, members=[outsider])
        assert not can(outsider, Action.VIEW_CASE, case)

    def test_panel_members_see_their_panels_cases(self, make_person, partnership, panel):
        member = make_person(Role.PANEL_MEMBER)
        on_panel = SampleCaseFactory(partnership=partnership, panel=panel)
        elsewhere = SampleCaseFactory(partnership=partnership)
        assert can(member, Action.VIEW_CASE, on_panel)
        assert can(member, Action.MOVE_CASE, on_panel)
        assert not can(member, Action.VIEW_CASE, elsewhere)

    def test_agency_lead_sees_a_case_once_named_on_it(self, make_person, partnership):
        lead = make_person(Role.AGENCY_LEAD)
        case = SampleCaseFactory(partnership=partnership)
        assert not can(lead, Action.VIEW_CASE, case)
        case.members.add(lead)
        del lead._standing
        assert can(lead, Action.VIEW_CASE, case)
        assert not can(lead, Action.MOVE_CASE, case)

    def test_scrutineer_reads_every_case_of_their_partnership_only(self, make_person, partnership,
                                                                   other_partnership):
        scrutineer = make_person(Role.INDEPENDENT_SCRUTINEER)
        ours = SampleCaseFactory(partnership=partnership)
        theirs = SampleCaseFactory(partnership=other_partnership)
        assert can(scrutineer, Action.VIEW_CASE, ours)
        assert not can(scrutineer, Action.EDIT_CASE, ours)
        assert not can(scrutineer, Action.VIEW_CASE, theirs)

    def test_young_scrutineer_never_opens_a_case(self, make_person, partnership):
        young = make_person(Role.YOUNG_SCRUTINEER)
        case = SampleCaseFactory(partnership=partnership, members=[young])
        assert not can(young, Action.VIEW_CASE, case)

    def test_list_and_detail_agree(self, make_person, partnership, panel):
        people = [make_person(role) for role in Role]
        cases = [SampleCaseFactory(partnership=partnership, members=people[:3]),
                 SampleCaseFactory(partnership=partnership, panel=panel),
                 SampleCaseFactory(partnership=partnership)]
        for person in people:
            listed = set(scope(person, Action.VIEW_CASE, SampleCase.objects.all()))
            assert listed == {case for case in cases if can(person, Action.VIEW_CASE, case)}


class TestActions:
    def test_agency_lead_sees_and_updates_only_their_agencys_actions(self, make_person,
                                                                      partnership, agency):
        lead = make_person(Role.AGENCY_LEAD)
        ours = ActionItemFactory(partnership=partnership, owner_agency=agency)
        other = ActionItemFactory(partnership=partnership,
                                  owner_agency=AgencyFactory(partnerships=[partnership]))
        assert set(scope(lead, Action.VIEW_ACTION, ActionItem.objects.all())) == {ours}
        assert can(lead, Action.UPDATE_ACTION, ours)
        assert not can(lead, Action.UPDATE_ACTION, other)

    def test_business_unit_sees_the_partnerships_actions_not_anothers(
        self, make_person, partnership, other_partnership
    ):
        officer = make_person(Role.BUSINESS_OFFICER)
        ours = ActionItemFactory(partnership=partnership)
        ActionItemFactory(partnership=other_partnership)
        assert set(scope(officer, Action.VIEW_ACTION, ActionItem.objects.all())) == {ours}

    def test_owner_sees_their_own_action(self, make_person, partnership):
        practitioner = make_person(Role.PRACTITIONER, two_factor=False)
        mine = ActionItemFactory(partnership=partnership, owner=practitioner)
        assert can(practitioner, Action.VIEW_ACTION, mine)
        assert can(practitioner, Action.UPDATE_ACTION, mine)


def test_a_model_without_a_rule_is_refused_loudly(make_person):
    from safeguarding.partnership.models import Area

    with pytest.raises(LookupError, match="no rule"):
        scope(make_person(Role.BUSINESS_MANAGER), Action.VIEW_PARTNERSHIP, Area.objects.all())


def test_users_who_can_lists_the_people_who_may_be_assigned(make_person, partnership, panel):
    member = make_person(Role.PANEL_MEMBER)
    make_person(Role.PRACTITIONER)
    case = SampleCaseFactory(partnership=partnership, panel=panel)
    assert policy.users_who_can(Action.MOVE_CASE, case) == [member]


def test_actions_for_offers_only_what_is_allowed(make_person, partnership):
    scrutineer = make_person(Role.INDEPENDENT_SCRUTINEER)
    case = SampleCaseFactory(partnership=partnership)
    assert policy.actions_for(scrutineer, case) == {Action.VIEW_CASE}
