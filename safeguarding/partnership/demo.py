"""The demo data: the Leeds and the Leicester, Leicestershire and Rutland partnerships as their
published arrangements describe them (`shared/seeds/000_...` and `001_...`), with demo users for
every role and fictional work, all marked as demo. Loading twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import RoleGrant, User
from safeguarding.accounts.roles import CASE_RECORD_ROLES, Role
from safeguarding.accounts.services import grant_role, recovery_codes_replace
from safeguarding.core.models import ActionItem
from safeguarding.core.services import action_create
from safeguarding.partnership.models import Agency, Area, Group, Partnership

DEMO_DOMAIN = "demo.example"

PARTNERSHIPS = [
    ("leeds", "Leeds Safeguarding Children Partnership", "LSCP", ["Leeds"]),
    ("leicestershire-rutland", "Leicestershire and Rutland Safeguarding Children Partnership",
     "LRSCP", ["Leicestershire", "Rutland"]),
    ("leicester", "Leicester Safeguarding Children Partnership", "LSCP", ["Leicester"]),
]

LLR = ["leicestershire-rutland", "leicester"]

# (name, kind, partnership slugs)
AGENCIES = [
    ("Leeds City Council", "safeguarding_partner", ["leeds"]),
    ("Leeds Clinical Commissioning Group", "safeguarding_partner", ["leeds"]),
    ("West Yorkshire Police", "safeguarding_partner", ["leeds"]),
    ("Leeds Teaching Hospitals NHS Trust", "relevant_agency", ["leeds"]),
    ("Leeds Community Healthcare NHS Trust", "relevant_agency", ["leeds"]),
    ("National Probation Service (Leeds)", "relevant_agency", ["leeds"]),
    ("Cafcass (Leeds)", "relevant_agency", ["leeds"]),
    ("Wetherby Young Offender Institution", "secure_setting", ["leeds"]),
    ("Adel Beck Secure Children's Home", "secure_setting", ["leeds"]),
    ("Leeds Safeguarding Children Partnership Business Unit", "business_unit", ["leeds"]),
    ("Leicestershire County Council", "safeguarding_partner", ["leicestershire-rutland"]),
    ("Rutland County Council", "safeguarding_partner", ["leicestershire-rutland", "leicester"]),
    ("Leicester City Council", "safeguarding_partner", ["leicester"]),
    ("Leicestershire Police", "safeguarding_partner", LLR),
    ("Leicester, Leicestershire and Rutland Integrated Care Board", "safeguarding_partner", LLR),
    ("Cafcass", "relevant_agency", LLR),
    ("East Midlands Ambulance Service", "relevant_agency", LLR),
    ("Leicestershire Fire and Rescue Service", "relevant_agency", LLR),
    ("Leicestershire Partnership NHS Trust", "relevant_agency", LLR),
    ("Probation Service", "relevant_agency", LLR),
    ("University Hospitals of Leicester NHS Trust", "relevant_agency", LLR),
    ("Leicestershire and Rutland Safeguarding Children Partnership Business Office",
     "business_unit", LLR),
]

# (name, kind, partnership slugs, parent name)
GROUPS = [
    ("LSCP Executive", "executive", ["leeds"], None),
    ("Leeds Children and Young People Partnership", "partnership_meeting", ["leeds"], None),
    ("Review Advisory Group", "panel", ["leeds"], "LSCP Executive"),
    ("Leeds Child Death Overview Panel", "panel", ["leeds"], "LSCP Executive"),
    ("Meeting of Safeguarding Partners", "executive", LLR, None),
    ("LRSCP Case Review Group", "panel", ["leicestershire-rutland"],
     "Meeting of Safeguarding Partners"),
    ("LSCP Case Review Group", "panel", ["leicester"], "Meeting of Safeguarding Partners"),
    ("LLR Child Death Overview Panel", "panel", LLR, "Meeting of Safeguarding Partners"),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    title: str
    role: Role
    partnerships: tuple[str, ...] = ()
    agency: str | None = None
    group: str | None = None


DEMO_USERS = [
    DemoUser("leeds.business.manager", "Bola Adeyemi (demo)", "Business Manager",
             Role.BUSINESS_MANAGER, ("leeds",)),
    DemoUser("leeds.officer", "Chris Doyle (demo)", "Partnership Officer",
             Role.BUSINESS_OFFICER, ("leeds",)),
    DemoUser("leeds.dsp.council", "Dana Evans (demo)", "Delegated safeguarding partner",
             Role.DELEGATED_PARTNER, ("leeds",)),
    DemoUser("leeds.lsp.police", "Ellis Fraser (demo)", "Lead safeguarding partner",
             Role.LEAD_PARTNER, ("leeds",)),
    DemoUser("leeds.scrutineer", "Frankie Grant (demo)", "Independent Chair and Scrutineer",
             Role.INDEPENDENT_SCRUTINEER, ("leeds",)),
    DemoUser("leeds.agency.lead", "Gita Hussain (demo)", "Named nurse for safeguarding",
             Role.AGENCY_LEAD, agency="Leeds Teaching Hospitals NHS Trust"),
    DemoUser("leeds.rag.member", "Harper Iqbal (demo)", "Review Advisory Group member",
             Role.PANEL_MEMBER, group="Review Advisory Group"),
    DemoUser("leeds.practitioner", "Ira Jones (demo)", "Health visitor",
             Role.PRACTITIONER, agency="Leeds Community Healthcare NHS Trust"),
    DemoUser("llr.business.manager", "Jordan Khan (demo)", "Business Manager",
             Role.BUSINESS_MANAGER, tuple(LLR)),
    DemoUser("llr.dsp.police", "Kai Lewis (demo)", "Delegated safeguarding partner",
             Role.DELEGATED_PARTNER, tuple(LLR)),
    DemoUser("llr.young.scrutineer", "Lee Morgan (demo)", "Young Scrutineer",
             Role.YOUNG_SCRUTINEER, tuple(LLR)),
    DemoUser("llr.agency.lead", "Morgan Nash (demo)", "Head of safeguarding",
             Role.AGENCY_LEAD, agency="University Hospitals of Leicester NHS Trust"),
    DemoUser("llr.crg.member", "Noor Owen (demo)", "Case Review Group member",
             Role.PANEL_MEMBER, group="LRSCP Case Review Group"),
]

# Fictional actions, relative to the day the demo is loaded so "My work" always has something.
# (partnership slug, title, owning agency, owner email or None, days from today, source)
DEMO_ACTIONS = [
    ("leeds", "Refresh the escalation policy and tell practitioners what changed",
     "Leeds Safeguarding Children Partnership Business Unit", "leeds.business.manager", -3,
     "LSCP Executive decision (demo)"),
    ("leeds", "Audit the use of interpreters in child protection medicals",
     "Leeds Teaching Hospitals NHS Trust", "leeds.agency.lead", 5,
     "Review Advisory Group recommendation (demo)"),
    ("leeds", "Publish a 7-minute briefing on safe sleep",
     "Leeds Safeguarding Children Partnership Business Unit", "leeds.officer", 20,
     "Learning from a rapid review (demo)"),
    ("leicestershire-rutland",
     "Report Section 11 completion to the Meeting of Safeguarding Partners",
     "Leicestershire and Rutland Safeguarding Children Partnership Business Office",
     "llr.business.manager", 9, "Meeting of Safeguarding Partners decision (demo)"),
    ("leicester", "Check that discharge planning includes the child's GP",
     "University Hospitals of Leicester NHS Trust", "llr.agency.lead", -10,
     "Case Review Group recommendation (demo)"),
]


def email_of(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


@transaction.atomic
def load_demo() -> dict:
    partnerships = _partnerships()
    agencies = _agencies(partnerships)
    groups = _groups(partnerships)
    users = {demo.email: _demo_user(demo, partnerships, agencies, groups) for demo in DEMO_USERS}
    _actions(partnerships, agencies, users)
    return {"partnerships": len(partnerships), "users": len(users)}


def _partnerships() -> dict[str, Partnership]:
    partnerships = {}
    for slug, name, short, areas in PARTNERSHIPS:
        partnership, _ = Partnership.objects.update_or_create(
            slug=slug, defaults={"name": name, "short_name": short}
        )
        partnerships[slug] = partnership
        for area in areas:
            Area.objects.update_or_create(name=area, defaults={"partnership": partnership})
    return partnerships


def _agencies(partnerships) -> dict[str, Agency]:
    agencies = {}
    for name, kind, slugs in AGENCIES:
        agency, _ = Agency.objects.update_or_create(name=name, defaults={"kind": kind})
        agency.partnerships.set([partnerships[s] for s in slugs])
        agencies[name] = agency
    return agencies


def _groups(partnerships) -> dict[str, Group]:
    groups = {}
    for name, kind, slugs, parent in GROUPS:
        group, _ = Group.objects.update_or_create(
            name=name, defaults={"kind": kind, "parent": groups.get(parent)}
        )
        group.partnerships.set([partnerships[s] for s in slugs])
        groups[name] = group
    return groups


def _business_year_start():
    today = timezone.localdate()
    start = today.replace(month=4, day=1)
    return start if start <= today else start.replace(year=start.year - 1)


def _demo_user(demo: DemoUser, partnerships, agencies, groups) -> User:
    user, created = User.objects.get_or_create(
        email=email_of(demo.email),
        defaults={"full_name": demo.name, "job_title": demo.title, "is_demo": True},
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    scopes = [{"partnership": partnerships[s]} for s in demo.partnerships]
    if demo.agency:
        scopes.append({"agency": agencies[demo.agency]})
    if demo.group:
        scopes.append({"group": groups[demo.group]})
    for scope in scopes:
        if not RoleGrant.objects.filter(user=user, role=demo.role, **scope).exists():
            grant_role(user=user, role=demo.role, starts_on=_business_year_start(), **scope)
    if demo.role in CASE_RECORD_ROLES:
        _demo_two_factor(user)
    return user


def _actions(partnerships, agencies, users):
    today = timezone.localdate()
    for slug, title, agency, owner, days, source in DEMO_ACTIONS:
        if ActionItem.objects.filter(title=title).exists():
            continue
        owner = users.get(owner)
        action_create(
            partnership=partnerships[slug], title=title, owner_agency=agencies[agency],
            owner=owner, due_on=today + timedelta(days=days), source_label=source, by=owner,
            description="Fictional demo action.",
        )


def _demo_two_factor(user: User):
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
        recovery_codes_replace(user)
