"""Each generated partnership's structure: its area, agencies (the three safeguarding partners,
relevant agencies and schools), its groups (the review group and the CDOP are panels), and the
people who hold roles there. Nobody generated can sign in, except the bench accounts."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts.models import RoleGrant, User
from safeguarding.accounts.roles import Role
from safeguarding.accounts.services import api_token_create
from safeguarding.partnership.models import Agency, Area, Group, Partnership, PartnershipAgency
from safeguarding.testing.generate import plan as sizes
from safeguarding.testing.generate.plan import Plan
from safeguarding.testing.generate.sink import Sink

DOMAIN = "generated.example"
BENCH_DOMAIN = "bench.generated.example"
PARTNER_NAMES = (("Council", Agency.Partner.LOCAL_AUTHORITY),
                 ("Integrated Care Board", Agency.Partner.HEALTH),
                 ("Police", Agency.Partner.POLICE))
RELEVANT_NAMES = ("Hospitals NHS Trust", "Community Health NHS Trust", "Probation Service",
                  "Cafcass", "Ambulance Service", "Fire and Rescue Service",
                  "Youth Justice Service", "Housing Association", "Children's Charity",
                  "Mental Health NHS Trust", "District Council", "Further Education College")


@dataclass
class Place:
    """One generated partnership and what the rest of the generator needs from it."""

    number: int
    partnership: Partnership
    partners: list[Agency]
    relevant: list[Agency]
    schools: list[Agency]
    review_group: Group
    cdop: Group
    education_group: Group
    manager: User
    leads: dict[int, User] = field(default_factory=dict)

    @property
    def agencies(self) -> list[Agency]:
        return [*self.partners, *self.relevant, *self.schools]

    @property
    def prefix(self) -> str:
        return f"G{self.number:03d}"


def user(email: str, full_name: str) -> User:
    # An unusable password costs nothing to make: generated people never sign in.
    return User(email=email, full_name=full_name, password=make_password(None))


def place_make(plan: Plan, sink: Sink, number: int) -> Place:
    name = f"Generated Safeguarding Children Partnership {number:03d}"
    partnership = sink.add([Partnership(name=name, short_name=f"G{number:03d}",
                                        slug=f"generated-{number:03d}")])[0]
    sink.add([Area(name=f"Generated Area {number:03d}", partnership=partnership)])
    label = f"Generated {number:03d}"
    partners = sink.add([Agency(name=f"{label} {title}", kind=Agency.Kind.SAFEGUARDING_PARTNER,
                                partner=partner) for title, partner in PARTNER_NAMES])
    relevant = sink.add([Agency(name=f"{label} {title}", kind=Agency.Kind.RELEVANT_AGENCY)
                         for title in RELEVANT_NAMES[:sizes.RELEVANT_AGENCIES]])
    schools = sink.add([Agency(name=f"{label} Primary School {n}", kind=Agency.Kind.EDUCATION)
                        for n in range(1, sizes.SCHOOLS + 1)])
    sink.add([PartnershipAgency(partnership=partnership, agency=agency,
                                is_partner=agency in partners, relevant=agency in relevant,
                                since=plan.starts_on)
              for agency in (*partners, *relevant, *schools)])
    since = plan.starts_on
    review, cdop, education, executive = sink.add([
        Group(name=f"{label} Case Review Group", short_name="CRG", kind=Group.Kind.PANEL,
              starts_on=since),
        Group(name=f"{label} Child Death Overview Panel", short_name="CDOP",
              kind=Group.Kind.PANEL, starts_on=since),
        Group(name=f"{label} Education Group", kind=Group.Kind.SUBGROUP, starts_on=since),
        Group(name=f"{label} Executive", kind=Group.Kind.EXECUTIVE, starts_on=since),
    ])
    sink.link(Group.partnerships.through,
              [(g.pk, partnership.pk) for g in (review, cdop, education, executive)],
              "group", "partnership")
    Partnership.objects.filter(pk=partnership.pk).update(review_group=review)
    partnership.review_group = review

    local = f"g{number:03d}"
    manager = sink.add([user(f"{local}.manager@{DOMAIN}", f"Business manager {label}")])[0]
    leads = sink.add([user(f"{local}.lead{n:02d}@{DOMAIN}", f"Safeguarding lead {n} {label}")
                      for n in range(len(partners) + len(relevant) + len(schools))])
    agencies = [*partners, *relevant, *schools]
    sink.add([RoleGrant(user=manager, role=Role.BUSINESS_MANAGER, partnership=partnership,
                        starts_on=since),
              *[RoleGrant(user=lead, role=Role.AGENCY_LEAD, agency=agency, starts_on=since)
                for lead, agency in zip(leads, agencies, strict=True)]])
    return Place(number=number, partnership=partnership, partners=partners, relevant=relevant,
                 schools=schools, review_group=review, cdop=cdop, education_group=education,
                 manager=manager,
                 leads={agency.pk: lead for agency, lead in zip(agencies, leads, strict=True)})


@dataclass(frozen=True)
class BenchAccount:
    email: str
    password: str
    totp_key: str
    api_token: str


def bench_accounts_make(place: Place, count: int, since: date) -> list[BenchAccount]:
    """People who sign in through the real sign-in form and two-factor step, as the business
    managers of the first partnership who also sit on its panels (so its cases are theirs to
    see). Their passwords, two-factor keys and API tokens are random, made now, and handed only
    to whoever ran the generator (the credentials file): no shared secret is in the code."""
    made = []
    for n in range(1, count + 1):
        password = secrets.token_urlsafe(18)
        account = User.objects.create_user(f"bench{n:02d}@{BENCH_DOMAIN}", password,
                                           full_name=f"Bench manager {n}")
        RoleGrant.objects.bulk_create([
            RoleGrant(user=account, role=Role.BUSINESS_MANAGER, partnership=place.partnership,
                      starts_on=since),
            RoleGrant(user=account, role=Role.PANEL_MEMBER, group=place.review_group,
                      starts_on=since),
            RoleGrant(user=account, role=Role.PANEL_MEMBER, group=place.cdop, starts_on=since),
        ])
        device = TOTPDevice.objects.create(user=account, name="Bench authenticator",
                                           confirmed=True)
        _, token = api_token_create(user=account, name="Bench", days=30)
        made.append(BenchAccount(email=account.email, password=password, totp_key=device.key,
                                 api_token=token))
    return made
