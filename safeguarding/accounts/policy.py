"""The access policy: the one place that answers who may do what to which record.

Four questions and nothing else checks roles:
- `can(user, action, record=None)`: may this user do this (to this record)?
- `scope(user, action, queryset)`: which of these records may this user do it to?
- `actions_for(user, record)`: which of the record's actions to offer (the buttons to show)?
- `users_who_can(action, record)`: who may be assigned to do it?

A role grant gives a set of actions (`ROLE_ACTIONS`) within the grant's reach: a partnership,
an agency (and the partnerships it works in) or a group (a panel). Case records (serious
incidents, reviews, child deaths: models with `is_case_record = True`) are need-to-know on top:
the user must also be a member of the case or of its panel (`NEED_TO_KNOW_EXEMPT` lists the
declared exceptions, the independent scrutineer's logged read-only access).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from safeguarding.accounts.models import RoleGrant, User, current_grants
from safeguarding.accounts.roles import BUSINESS_UNIT, PARTNERS, Role


class Action(StrEnum):
    VIEW_MY_WORK = "view_my_work"
    VIEW_ACCESS_LOG = "view_access_log"
    VIEW_ACTION = "view_action"
    CREATE_ACTION = "create_action"
    UPDATE_ACTION = "update_action"
    VIEW_CASE = "view_case"
    EDIT_CASE = "edit_case"
    MOVE_CASE = "move_case"
    MANAGE_GRANTS = "manage_grants"
    VIEW_PARTNERSHIP = "view_partnership"
    MANAGE_PARTNERSHIP = "manage_partnership"
    VIEW_COMPLIANCE = "view_compliance"
    VIEW_MEETING = "view_meeting"
    MANAGE_MEETING = "manage_meeting"
    # Restricted papers and minutes: the group's members only, whatever their role.
    READ_RESTRICTED = "read_restricted"
    NOTIFY_INCIDENT = "notify_incident"
    DECIDE_REVIEW = "decide_review"
    PUBLISH_REVIEW = "publish_review"
    VIEW_REQUEST = "view_request"
    ANSWER_REQUEST = "answer_request"
    MANAGE_CASE_MEMBERS = "manage_case_members"
    NOTIFY_CHILD_DEATH = "notify_child_death"
    IMPORT_CHILD_DEATHS = "import_child_deaths"
    # The CDOP annual report: aggregates with small numbers suppressed, no case named.
    VIEW_CDOP_REPORT = "view_cdop_report"
    # Assurance: self-assessments, audits and scrutiny.
    VIEW_ASSURANCE = "view_assurance"
    MANAGE_ASSURANCE = "manage_assurance"
    ANSWER_RETURN = "answer_return"
    CHALLENGE_RATING = "challenge_rating"
    ANSWER_AUDIT = "answer_audit"
    SCRUTINISE = "scrutinise"
    RESPOND_SCRUTINY = "respond_to_scrutiny"
    # Resolving practitioner disagreements: raise one, see it, record each stage's outcome.
    RAISE_ESCALATION = "raise_escalation"
    VIEW_ESCALATION = "view_escalation"
    RESOLVE_ESCALATION = "resolve_escalation"
    # Aggregates only (numbers by agency pair, stage, time, theme): no child's case named.
    VIEW_ESCALATION_REPORT = "view_escalation_report"
    # Voice of children, "you said, we did", the glossary and the public site's texts.
    MANAGE_ENGAGEMENT = "manage_engagement"
    # The multi-agency policies and procedures library.
    VIEW_POLICY = "view_policy"
    COMMENT_POLICY = "comment_policy"
    MANAGE_POLICY = "manage_policy"
    # Multi-agency training: the catalogue, sessions, registers, imports, charges and reports.
    MANAGE_TRAINING = "manage_training"
    MARK_ATTENDANCE = "mark_attendance"
    # An agency's lead sees their own staff's training against the competency framework.
    VIEW_STAFF_TRAINING = "view_staff_training"
    # safeguarding data
    VIEW_INTELLIGENCE = "view_intelligence"
    MANAGE_INTELLIGENCE = "manage_intelligence"
    # Figures for the indicators an agency owns, sent by its own system (the JSON API).
    SUBMIT_INDICATOR_DATA = "submit_indicator_data"
    # Case records past their retention period: anonymise or delete them, or keep them longer.
    REVIEW_RETENTION = "review_retention"


EVERYONE_SIGNED_IN = frozenset({Action.VIEW_MY_WORK})

# Disagreements: raised and worked on by practitioners, agency leads and the business unit.
ESCALATION_WORK = frozenset({Action.RAISE_ESCALATION, Action.VIEW_ESCALATION,
                             Action.RESOLVE_ESCALATION})
# The procedures: read and commented on in consultation by everyone who works with children.
POLICY_READERS = frozenset({Action.VIEW_POLICY, Action.COMMENT_POLICY})
# Training is run by the business unit; a trainer named on a session takes its register
# (`session_filter`), whatever their roles.
TRAINING_WORK = frozenset({Action.MANAGE_TRAINING, Action.MARK_ATTENDANCE,
                           Action.VIEW_STAFF_TRAINING})

GOVERNANCE = frozenset({Action.VIEW_PARTNERSHIP, Action.VIEW_COMPLIANCE, Action.VIEW_MEETING,
                        Action.VIEW_CDOP_REPORT, Action.VIEW_ASSURANCE,
                        Action.VIEW_INTELLIGENCE})
RUNS_THE_PARTNERSHIP = GOVERNANCE | {Action.MANAGE_PARTNERSHIP, Action.MANAGE_MEETING,
                                     Action.MANAGE_ASSURANCE, Action.CHALLENGE_RATING,
                                     Action.MANAGE_INTELLIGENCE, Action.SUBMIT_INDICATOR_DATA}

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.BUSINESS_MANAGER: frozenset({
        Action.VIEW_ACCESS_LOG, Action.VIEW_ACTION, Action.CREATE_ACTION, Action.UPDATE_ACTION,
        Action.VIEW_CASE, Action.EDIT_CASE, Action.MOVE_CASE, Action.MANAGE_GRANTS,
        Action.NOTIFY_INCIDENT, Action.PUBLISH_REVIEW, Action.VIEW_REQUEST,
        Action.MANAGE_CASE_MEMBERS, Action.NOTIFY_CHILD_DEATH, Action.IMPORT_CHILD_DEATHS,
        *RUNS_THE_PARTNERSHIP, *ESCALATION_WORK, *POLICY_READERS, Action.VIEW_ESCALATION_REPORT,
        Action.MANAGE_ENGAGEMENT, Action.MANAGE_POLICY, *TRAINING_WORK,
        Action.REVIEW_RETENTION,
    }),
    Role.BUSINESS_OFFICER: frozenset({
        Action.VIEW_ACTION, Action.CREATE_ACTION, Action.UPDATE_ACTION,
        Action.VIEW_CASE, Action.EDIT_CASE, Action.MOVE_CASE, Action.NOTIFY_INCIDENT,
        Action.VIEW_REQUEST, Action.MANAGE_CASE_MEMBERS, Action.NOTIFY_CHILD_DEATH,
        Action.IMPORT_CHILD_DEATHS, *RUNS_THE_PARTNERSHIP, *ESCALATION_WORK, *POLICY_READERS,
        Action.VIEW_ESCALATION_REPORT, Action.MANAGE_ENGAGEMENT, Action.MANAGE_POLICY,
        *TRAINING_WORK,
    }),
    Role.LEAD_PARTNER: frozenset({
        Action.VIEW_ACTION, Action.VIEW_CASE, Action.MOVE_CASE, Action.DECIDE_REVIEW,
        Action.VIEW_REQUEST, Action.RESPOND_SCRUTINY, *GOVERNANCE, *POLICY_READERS,
        Action.VIEW_ESCALATION_REPORT,
    }),
    Role.DELEGATED_PARTNER: frozenset({
        Action.VIEW_ACTION, Action.CREATE_ACTION, Action.VIEW_CASE, Action.MOVE_CASE,
        Action.DECIDE_REVIEW, Action.VIEW_REQUEST, Action.RESPOND_SCRUTINY, *GOVERNANCE,
        *POLICY_READERS, Action.VIEW_ESCALATION_REPORT,
    }),
    Role.INDEPENDENT_SCRUTINEER: frozenset({
        Action.VIEW_ACTION, Action.VIEW_CASE, Action.SCRUTINISE, *GOVERNANCE,
        Action.VIEW_POLICY, Action.VIEW_ESCALATION_REPORT,
    }),
    Role.YOUNG_SCRUTINEER: frozenset({Action.VIEW_PARTNERSHIP, Action.SCRUTINISE,
                                      Action.VIEW_POLICY}),
    Role.AGENCY_LEAD: frozenset({
        Action.VIEW_ACTION, Action.UPDATE_ACTION, Action.VIEW_CASE, Action.EDIT_CASE,
        Action.VIEW_PARTNERSHIP, Action.NOTIFY_INCIDENT, Action.VIEW_REQUEST,
        Action.ANSWER_REQUEST, Action.NOTIFY_CHILD_DEATH, Action.VIEW_ASSURANCE,
        Action.ANSWER_RETURN, Action.CHALLENGE_RATING, Action.ANSWER_AUDIT,
        *ESCALATION_WORK, *POLICY_READERS, Action.VIEW_STAFF_TRAINING,
        Action.SUBMIT_INDICATOR_DATA,
    }),
    Role.PANEL_MEMBER: frozenset({
        Action.VIEW_CASE, Action.EDIT_CASE, Action.MOVE_CASE, Action.VIEW_PARTNERSHIP,
        Action.VIEW_REQUEST, Action.NOTIFY_CHILD_DEATH, Action.IMPORT_CHILD_DEATHS,
        Action.VIEW_CDOP_REPORT, Action.VIEW_ASSURANCE,
    }),
    Role.PRACTITIONER: frozenset({*ESCALATION_WORK, *POLICY_READERS}),
}

# Roles whose grant reaches every record of their partnership for these actions, without being a
# member of the case. Each exception is deliberate and every use is in the access log.
NEED_TO_KNOW_EXEMPT: dict[Role, frozenset[Action]] = {
    Role.INDEPENDENT_SCRUTINEER: frozenset({Action.VIEW_CASE}),
}

# Agency-held roles reach a partnership-wide record only where it belongs to their agency.
AGENCY_ROLES = frozenset({Role.AGENCY_LEAD, Role.PRACTITIONER})


@dataclass
class Standing:
    """What a user holds today, worked out once per request."""

    user: User
    by_partnership: dict[int, set[Role]] = field(default_factory=lambda: defaultdict(set))
    by_agency: dict[int, set[Role]] = field(default_factory=lambda: defaultdict(set))
    by_group: dict[int, set[Role]] = field(default_factory=lambda: defaultdict(set))
    reached: dict[Action, set[int]] = field(default_factory=dict)
    anywhere: set[int] | None = None  # every partnership held in: `held_partnerships`

    @property
    def roles(self) -> set[Role]:
        held = set()
        for roles in (*self.by_partnership.values(), *self.by_agency.values(),
                      *self.by_group.values()):
            held |= roles
        return held

    def partnerships_for(self, action: Action) -> set[int]:
        return {pid for pid, roles in self.by_partnership.items() if _allows(roles, action)}

    def agencies_for(self, action: Action) -> set[int]:
        return {aid for aid, roles in self.by_agency.items() if _allows(roles, action)}

    def groups_for(self, action: Action) -> set[int]:
        return {gid for gid, roles in self.by_group.items() if _allows(roles, action)}

    def exempt_partnerships(self, action: Action) -> set[int]:
        return {
            pid for pid, roles in self.by_partnership.items()
            if any(action in NEED_TO_KNOW_EXEMPT.get(role, ()) for role in roles)
        }


def _allows(roles, action) -> bool:
    return any(action in ROLE_ACTIONS[role] for role in roles)


def standing(user) -> Standing:
    cached = getattr(user, "_standing", None)
    if cached is not None:
        return cached
    held = Standing(user=user)
    for grant in current_grants(user):
        if grant.partnership_id:
            held.by_partnership[grant.partnership_id].add(Role(grant.role))
        if grant.agency_id:
            held.by_agency[grant.agency_id].add(Role(grant.role))
        if grant.group_id:
            held.by_group[grant.group_id].add(Role(grant.role))
    user._standing = held
    return held


def roles_of(user) -> set[Role]:
    if not user.is_authenticated:
        return set()
    return standing(user).roles


def is_business_unit(user) -> bool:
    return bool(roles_of(user) & BUSINESS_UNIT)


def is_partner(user) -> bool:
    return bool(roles_of(user) & PARTNERS)


# -- the four questions ---------------------------------------------------------------------------


def can(user, action: Action | str, record=None) -> bool:
    """May `user` do `action` (to `record`, when one is given)?"""
    action = Action(action)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if record is None:
        if action in EVERYONE_SIGNED_IN:
            return True
        held = standing(user)
        return bool(held.partnerships_for(action) or held.agencies_for(action)
                    or held.groups_for(action))
    if record.pk is None:
        return False
    return scope(user, action, type(record)._default_manager.filter(pk=record.pk)).exists()


def scope(user, action: Action | str, queryset):
    """The records of `queryset` that `user` may do `action` to. Every list goes through here."""
    action = Action(action)
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    rule = RECORD_RULES.get(queryset.model._meta.label_lower)
    if rule is None and getattr(queryset.model, "is_case_record", False):
        rule = case_record_filter
    if rule is None:
        raise LookupError(
            f"The access policy has no rule for {queryset.model._meta.label}: add one to "
            "RECORD_RULES before listing or showing these records."
        )
    return queryset.filter(rule(standing(user), action, queryset.model))


def actions_for(user, record) -> set[Action]:
    """The actions `user` may take on `record`, to decide which buttons to show. The same answer
    as asking `can` of each action, in one query (an EXISTS a question) however many there are."""
    if user is None or not user.is_authenticated or not user.is_active or record.pk is None:
        return set()
    one = type(record)._default_manager.filter(pk=record.pk)
    asked = {f"may_{n}": Exists(scope(user, action, one)) for n, action in enumerate(Action)}
    answers = one.annotate(**asked).values(*asked).first() or {}
    return {action for n, action in enumerate(Action) if answers.get(f"may_{n}")}


def users_who_can(action: Action | str, record) -> list[User]:
    """The people who may be assigned `action` on `record`."""
    candidates = (
        User.objects.filter(is_active=True)
        .filter(Exists(RoleGrant.objects.filter(user=OuterRef("pk"))))
        .order_by("full_name")
    )
    return [user for user in candidates if can(user, action, record)]


# -- how each kind of record is reached ------------------------------------------------------------


def partnership_record_filter(held: Standing, action: Action, model) -> Q:
    """Records that belong to one partnership (a `partnership` field)."""
    return Q(partnership_id__in=held.partnerships_for(action))


def action_item_filter(held: Standing, action: Action, model) -> Q:
    """An action is seen partnership-wide by the business unit, partners and scrutineers; by its
    owning agency's leads; and by the person who owns it."""
    reach = Q(partnership_id__in=held.partnerships_for(action))
    reach |= Q(owner_agency_id__in=held.agencies_for(action))
    if action in (Action.VIEW_ACTION, Action.UPDATE_ACTION):
        reach |= Q(owner_id=held.user.pk)
    return reach


def case_record_filter(held: Standing, action: Action, model) -> Q:
    """Need-to-know: a role that allows the action, and membership of the case or its panel."""
    members = model.members.through
    member_field = model._meta.get_field("members").m2m_field_name()
    user_field = model._meta.get_field("members").m2m_reverse_field_name()
    is_member = Exists(members.objects.filter(
        **{member_field: OuterRef("pk"), user_field: held.user.pk}
    ))
    role_here = Q(partnership_id__in=held.partnerships_for(action))
    if agencies := held.agencies_for(action):
        # A subquery, not a join: a join through the partnership's agencies would repeat each
        # case once per agency, and the list would need de-duplicating over the whole table.
        partnerships = model._meta.get_field("partnership").related_model._default_manager
        role_here |= Q(partnership_id__in=partnerships.filter(agencies__in=agencies)
                       .values("pk"))
    via_member = role_here & is_member
    via_panel = Q(panel_id__in=held.groups_for(action))
    # A partnership role (the business manager's, say) reaches the cases of a panel on which the
    # person also holds a seat: what they may do there comes from the partnership role.
    via_role_on_panel = Q(partnership_id__in=held.partnerships_for(action)) & Q(
        panel_id__in=list(held.by_group))
    exempt = Q(partnership_id__in=held.exempt_partnerships(action))
    # No join in any of these: the database filters the table's own rows, with its indexes.
    return via_member | via_panel | via_role_on_panel | exempt


def access_event_filter(held: Standing, action: Action, model) -> Q:
    """A partnership's business manager reads the events about its own records, and the events
    about no record (sign-in failures, refused pages) of the people who hold a role there now.
    Events about another partnership's records are never shown, whoever caused them."""
    partnerships = held.partnerships_for(action)
    if not partnerships:
        return Q(pk__in=[])
    today = timezone.localdate()
    people = RoleGrant.objects.filter(
        Q(partnership_id__in=partnerships)
        | Q(agency__partnerships__in=partnerships)
        | Q(group__partnerships__in=partnerships),
        Q(starts_on__lte=today), Q(ends_on__isnull=True) | Q(ends_on__gte=today),
    ).values("user_id")
    return Q(partnership_id__in=partnerships) | Q(partnership__isnull=True, user_id__in=people)


def deadline_filter(held: Standing, action: Action, model) -> Q:
    """A deadline is seen by whoever may see the record it belongs to (one subquery per kind of
    record, however many deadlines there are). On records that are not case records its owner
    and its owning agency's leads see it too; on case records need-to-know alone decides."""
    reach, owned = Q(pk__in=[]), []
    for kind in _kinds_held(model):
        content_type = ContentType.objects.get_for_id(kind)  # cached: no query after the first
        record_model = content_type.model_class()
        if record_model is None:
            continue
        # A record may name the action its work needs ("answer_request"), else the one asked.
        acts = Action(getattr(record_model, "work_action", action))
        visible = Q(object_id__in=scope(held.user, acts, record_model._default_manager.all())
                    .values("pk"))
        if not getattr(record_model, "is_case_record", False):
            visible |= Q(owner_agency_id__in=held.agencies_for(acts))
            owned.append(kind)
        reach |= Q(content_type=content_type) & visible
    # A deadline is in its record's partnership, and nobody reaches a record of a partnership in
    # which they hold nothing: said outright, the database reads those partnerships' deadlines
    # only, not the whole country's. The owner of a deadline sees it wherever it is.
    return (Q(partnership_id__in=held_partnerships(held)) & reach) | (
        Q(owner_id=held.user.pk) & Q(content_type_id__in=owned))


def held_partnerships(held: Standing) -> set[int]:
    """Every partnership in which the person holds any role: directly, or through an agency or a
    group of it. Worked out once per request."""
    if held.anywhere is None:
        held.anywhere = set(held.by_partnership)
        if held.by_agency or held.by_group:
            through = RoleGrant.objects.filter(
                Q(agency_id__in=list(held.by_agency)) | Q(group_id__in=list(held.by_group)),
                user_id=held.user.pk,
            ).values_list("agency__partnerships", "group__partnerships")
            held.anywhere |= {pk for pair in through for pk in pair if pk is not None}
    return held.anywhere


def _kinds_held(model) -> list[int]:
    """The kinds of record (content types) a table of generic rows holds, found by hopping down
    its content type index, one probe a kind, instead of reading every row: the deadline table
    grows with every case in the country, the kinds do not."""
    database = connections[model._default_manager.db]
    table = database.ops.quote_name(model._meta.db_table)
    column = database.ops.quote_name(model._meta.get_field("content_type").column)
    # Names from the model's own metadata, never from input.
    hops = (f"WITH RECURSIVE kinds(id) AS (SELECT MIN({column}) FROM {table} UNION ALL "  # noqa: S608
            f"SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > kinds.id) FROM kinds "
            "WHERE kinds.id IS NOT NULL) SELECT id FROM kinds WHERE id IS NOT NULL")
    with database.cursor() as cursor:
        cursor.execute(hops)
        return [row[0] for row in cursor.fetchall()]


def reachable_partnerships(held: Standing, action: Action) -> set[int]:
    """Partnerships reached directly, or through an agency or group grant that allows `action`.
    Worked out once per action and request (a page asks it of many records)."""
    if action not in held.reached:
        held.reached[action] = _reachable_partnerships(held, action)
    return held.reached[action]


def _reachable_partnerships(held: Standing, action: Action) -> set[int]:
    direct = held.partnerships_for(action)
    via = RoleGrant.objects.filter(
        user_id=held.user.pk, agency_id__in=held.agencies_for(action)
    ).values_list("agency__partnerships", flat=True)
    via_groups = RoleGrant.objects.filter(
        user_id=held.user.pk, group_id__in=held.groups_for(action)
    ).values_list("group__partnerships", flat=True)
    return direct | {pk for pk in (*via, *via_groups) if pk is not None}


def _seated(prefix: str, held: Standing) -> Q:
    """Holds a seat today on the group at `prefix` (for example "group__")."""
    today = timezone.localdate()
    return Q(**{
        f"{prefix}members__person__user": held.user.pk,
        f"{prefix}members__starts_on__lte": today,
    }) & (Q(**{f"{prefix}members__ends_on__isnull": True})
          | Q(**{f"{prefix}members__ends_on__gte": today}))


def _distinct(model, reach: Q) -> Q:
    return Q(pk__in=model._default_manager.filter(reach).values("pk"))


def partnership_filter(held: Standing, action: Action, model) -> Q:
    return Q(pk__in=reachable_partnerships(held, action))


def in_partnerships_filter(held: Standing, action: Action, model) -> Q:
    """Structure records (agencies, groups, people's offices, arrangements) of the partnerships
    the person's grants reach."""
    return _distinct(model, Q(partnerships__in=reachable_partnerships(held, action)))


def person_filter(held: Standing, action: Action, model) -> Q:
    partnerships = reachable_partnerships(held, action)
    return _distinct(model, Q(agency__partnerships__in=partnerships)
                     | Q(appointments__partnerships__in=partnerships)
                     | Q(seats__group__partnerships__in=partnerships))


def meeting_filter(held: Standing, action: Action, model) -> Q:
    """The partnership's meetings for those whose role reaches them; a group's own meetings for
    anyone who holds a seat on it. Restricted papers and minutes: the seat holders only."""
    reach = Q(group__partnerships__in=held.partnerships_for(action))
    if action in (Action.VIEW_MEETING, Action.READ_RESTRICTED):
        reach |= _seated("group__", held)
    return _distinct(model, reach)


def agency_request_filter(case_model: str, case_field: str):
    """The rule for a case's request to one agency (a rapid review's information request, a
    child death reporting form): an agency's lead sees and answers its own agency's request
    only; those who may see the case see every request on it (they do not answer for an
    agency)."""

    def rule(held: Standing, action: Action, model) -> Q:
        own = Q(agency_id__in=held.agencies_for(action))
        if action == Action.ANSWER_REQUEST:
            return own
        from django.apps import apps

        cases = apps.get_model(case_model)._default_manager.all()
        return own | Q(**{f"{case_field}__in": scope(held.user, Action.VIEW_CASE, cases)
                          .values("pk")})

    return rule


information_request_filter = agency_request_filter("reviews.Incident", "incident")


def incident_part_filter(held: Standing, action: Action, model) -> Q:
    """A part of a case (its learning products): reached exactly as the case is."""
    from django.apps import apps

    incidents = apps.get_model("reviews", "Incident")._default_manager.all()
    return Q(incident__in=scope(held.user, action, incidents).values("pk"))


def assurance_return_filter(held: Standing, action: Action, model) -> Q:
    """A self-assessment is its agency's alone until submitted: then the partnerships that use
    the framework (and the group the cycle reports to) see it, peers included. Only the agency
    answers its own."""
    own = Q(agency_id__in=held.agencies_for(action))
    if action == Action.ANSWER_RETURN:
        return own
    submitted = Q(status="submitted") & (
        Q(cycle__framework__partnerships__in=reachable_partnerships(held, action))
        | Q(cycle__reporting_group_id__in=held.groups_for(action)))
    return _distinct(model, own | submitted)


def assurance_part_filter(prefix: str):
    """A part of a self-assessment (an answer, a challenge): reached as its return is."""

    def rule(held: Standing, action: Action, model) -> Q:
        from django.apps import apps

        returns = apps.get_model("assurance", "Return")._default_manager.all()
        return Q(**{f"{prefix}__in": scope(held.user, action, returns).values("pk")})

    return rule


def cycle_filter(held: Standing, action: Action, model) -> Q:
    return _distinct(model, Q(framework__partnerships__in=reachable_partnerships(held, action))
                     | Q(reporting_group_id__in=held.groups_for(action))
                     | Q(returns__agency_id__in=held.agencies_for(action)))


def framework_filter(held: Standing, action: Action, model) -> Q:
    return _distinct(model, Q(partnerships__in=reachable_partnerships(held, action)))


def audit_filter(held: Standing, action: Action, model) -> Q:
    """The partnership's audits; an agency taking part sees the audit (and answers for itself)."""
    return _distinct(model, Q(partnership_id__in=held.partnerships_for(action))
                     | Q(agencies__in=held.agencies_for(action)))


def reached_partnership_filter(held: Standing, action: Action, model) -> Q:
    """Records of one partnership, reached directly or through an agency or group grant."""
    return Q(partnership_id__in=reachable_partnerships(held, action))


def escalation_filter(held: Standing, action: Action, model) -> Q:
    """A practitioner disagreement about a child: the business unit of its partnership sees
    every one; each of the two agencies' safeguarding leads sees it; the practitioner who raised
    it sees their own. Nobody else, whatever their role (the partners read the aggregates)."""
    leads = {aid for aid, roles in held.by_agency.items()
             if Role.AGENCY_LEAD in roles and action in ROLE_ACTIONS[Role.AGENCY_LEAD]}
    reach = (Q(partnership_id__in=held.partnerships_for(action))
             | Q(raising_agency_id__in=leads) | Q(other_agency_id__in=leads))
    if held.agencies_for(action) or held.partnerships_for(action):
        reach |= Q(raised_by_id=held.user.pk)
    return reach


def escalation_part_filter(held: Standing, action: Action, model) -> Q:
    """A step of a disagreement: reached exactly as the disagreement is."""
    from django.apps import apps

    escalations = apps.get_model("escalations", "Escalation")._default_manager.all()
    return Q(escalation__in=scope(held.user, action, escalations).values("pk"))


def reachable_record_filter(held: Standing, action: Action, model) -> Q:
    """A partnership's record that people reach through any grant there (the procedures are
    read by practitioners, whose grants are held in their agency)."""
    return Q(partnership_id__in=reachable_partnerships(held, action))


def session_filter(held: Standing, action: Action, model) -> Q:
    """A training session: the business unit of its course's partnership; for its register,
    also the trainer named on it."""
    reach = Q(course__partnership_id__in=held.partnerships_for(action))
    if action == Action.MARK_ATTENDANCE:
        reach |= Q(trainer_id=held.user.pk)
    return reach


def learner_filter(held: Standing, action: Action, model) -> Q:
    """A practitioner's training record: the business unit of their partnership, and the leads
    of the agency they work for."""
    return (Q(partnership_id__in=held.partnerships_for(action))
            | Q(agency_id__in=held.agencies_for(action)))


def indicator_filter(held: Standing, action: Action, model) -> Q:
    """An indicator: its partnership's roles; for sending its figures, also the leads of the
    agency that owns it (their own indicators only)."""
    reach = Q(partnership_id__in=held.partnerships_for(action))
    if action == Action.SUBMIT_INDICATOR_DATA:
        reach |= Q(owner_agency_id__in=held.agencies_for(action))
    return reach


def indicator_set_filter(held: Standing, action: Action, model) -> Q:
    """A set of indicators: its partnership's roles; for sending figures, also the leads of an
    agency that owns one of its indicators."""
    reach = Q(partnership_id__in=held.partnerships_for(action))
    if action == Action.SUBMIT_INDICATOR_DATA:
        reach |= Q(indicators__owner_agency_id__in=held.agencies_for(action))
    return _distinct(model, reach)


def yearly_report_part_filter(held: Standing, action: Action, model) -> Q:
    """A section of the partners' yearly report: reached as its report is."""
    return Q(report__partnership_id__in=held.partnerships_for(action))


RECORD_RULES = {
    "intelligence.indicatorset": indicator_set_filter,
    "intelligence.indicator": indicator_filter,
    "intelligence.dataimport": partnership_record_filter,
    "intelligence.priority": partnership_record_filter,
    "intelligence.contribution": partnership_record_filter,
    "intelligence.budgetline": partnership_record_filter,
    "intelligence.risk": partnership_record_filter,
    "intelligence.yearlyreport": partnership_record_filter,
    "intelligence.reportsection": yearly_report_part_filter,
    "assurance.framework": framework_filter,
    "assurance.cycle": cycle_filter,
    "assurance.return": assurance_return_filter,
    "assurance.answer": assurance_part_filter("return_form"),
    "assurance.challenge": assurance_part_filter("answer__return_form"),
    "assurance.audit": audit_filter,
    "assurance.scrutinyactivity": reached_partnership_filter,
    "assurance.scrutinychallenge": reached_partnership_filter,
    "assurance.settingreport": reached_partnership_filter,
    "reviews.informationrequest": information_request_filter,
    "child_deaths.agencyreport": agency_request_filter("child_deaths.ChildDeath", "child_death"),
    "reviews.learningproduct": incident_part_filter,
    "core.actionitem": action_item_filter,
    "core.deadline": deadline_filter,
    "core.accessevent": access_event_filter,
    "core.retentionreview": partnership_record_filter,
    "partnership.partnership": partnership_filter,
    "partnership.agency": in_partnerships_filter,
    "partnership.group": in_partnerships_filter,
    "partnership.arrangements": in_partnerships_filter,
    "partnership.person": person_filter,
    "meetings.meeting": meeting_filter,
    "escalations.escalation": escalation_filter,
    "escalations.escalationstep": escalation_part_filter,
    "engagement.policy": reachable_record_filter,
    "engagement.survey": partnership_record_filter,
    "engagement.contribution": partnership_record_filter,
    "engagement.yousaidwedid": partnership_record_filter,
    "engagement.publication": partnership_record_filter,
    "engagement.glossaryterm": partnership_record_filter,
    "engagement.frontdoor": partnership_record_filter,
    "learning.course": partnership_record_filter,
    "learning.session": session_filter,
    "learning.learner": learner_filter,
    "learning.lmsimport": partnership_record_filter,
}
