"""Fixtures shared by every app's tests."""

import datetime

import pytest
from django.test import Client

from safeguarding.accounts.roles import Role
from safeguarding.accounts.tests.factories import GrantFactory, TOTPDeviceFactory, UserFactory
from safeguarding.partnership.tests.factories import (
    AgencyFactory,
    GroupFactory,
    PartnershipFactory,
)


@pytest.fixture
def partnership(db):
    return PartnershipFactory(name="Northshire Safeguarding Children Partnership", slug="north",
                              short_name="NSCP")


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(name="Southshire Safeguarding Children Partnership", slug="south",
                              short_name="SSCP")


@pytest.fixture
def agency(partnership):
    return AgencyFactory(name="Northshire Hospitals NHS Trust", partnerships=[partnership])


@pytest.fixture
def panel(partnership):
    return GroupFactory(name="Case Review Group", partnerships=[partnership])


@pytest.fixture
def make_person(db, partnership, agency, panel):
    """A person holding `role` where that role is held: the partnership, the agency or the panel."""

    def make(role: Role, *, where=None, email=None, two_factor=True, **grant):
        user = UserFactory(**({"email": email} if email else {}))
        scope_field = {
            Role.AGENCY_LEAD: "agency", Role.PRACTITIONER: "agency", Role.PANEL_MEMBER: "group",
        }.get(role, "partnership")
        default = {"agency": agency, "group": panel, "partnership": partnership}[scope_field]
        GrantFactory(user=user, role=role, **{scope_field: where or default},
                     starts_on=grant.pop("starts_on", datetime.date(2020, 4, 1)), **grant)
        if two_factor:
            TOTPDeviceFactory(user=user)
        return user

    return make


def verified_client(user, password=None) -> Client:
    """A browser session signed in with password and two-factor code, as the person would."""
    from django.conf import settings
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from safeguarding.accounts.tests.factories import PASSWORD, totp_code

    password = password or (settings.DEMO_PASSWORD if user.is_demo else PASSWORD)
    client = Client()
    response = client.post("/account/sign-in/", {"username": user.email, "password": password})
    assert response.status_code == 302, response.content[:2000]
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        response = client.post("/account/two-factor/", {"code": totp_code(device)})
        assert response.status_code == 302, response.content[:2000]
    return client


@pytest.fixture
def signed_in():
    return verified_client


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo's two partnerships, loaded once for a test module (each test's changes are
    rolled back) and removed after it."""
    from django.core.management import call_command

    from safeguarding.partnership.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()
        yield
        call_command("flush", interactive=False, verbosity=0)
