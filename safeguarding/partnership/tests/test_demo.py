"""`manage.py load_demo` builds both partnerships, a demo user for every role, fictional work."""

import pytest
from django.core.management import call_command

from safeguarding.accounts.models import User
from safeguarding.accounts.roles import Role
from safeguarding.core.models import ActionItem
from safeguarding.partnership.models import Agency, Group, Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_mode(settings):
    settings.DEMO_MODE = True


def test_load_demo_refuses_outside_demo_mode(settings):
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE=true"):
        call_command("load_demo")
    assert not Partnership.objects.exists()


def test_load_demo_builds_the_two_partnerships_and_is_idempotent(capsys):
    call_command("load_demo")
    counts = (Partnership.objects.count(), Agency.objects.count(), Group.objects.count(),
              User.objects.count(), ActionItem.objects.count())
    call_command("load_demo")
    assert counts == (Partnership.objects.count(), Agency.objects.count(),
                      Group.objects.count(), User.objects.count(), ActionItem.objects.count())
    assert set(Partnership.objects.values_list("slug", flat=True)) == {
        "leeds", "leicestershire-rutland", "leicester"}
    llr_shared = Agency.objects.get(name="Leicestershire Police")
    assert llr_shared.partnerships.count() == 2  # one agency serving both LLR partnerships
    assert Group.objects.get(name="Meeting of Safeguarding Partners").partnerships.count() == 2


def test_every_role_has_a_demo_user():
    call_command("load_demo")
    held = set(User.objects.filter(is_demo=True).values_list("role_grants__role", flat=True))
    assert held == set(Role.values)


def test_demo_actions_are_marked_fictional():
    call_command("load_demo")
    assert all("(demo)" in a.source_label for a in ActionItem.objects.all())


def test_if_empty_leaves_an_existing_database_alone(capsys):
    Partnership.objects.create(name="Existing", short_name="EX", slug="existing")
    call_command("load_demo", "--if-empty")
    assert "already holds data" in capsys.readouterr().out
    assert Partnership.objects.count() == 1


def test_demo_accounts_are_listed_on_the_sign_in_page_only_in_demo_mode(client, settings):
    call_command("load_demo")
    settings.DEMO_MODE = False
    assert "leeds.business.manager@demo.example" not in client.get(
        "/account/sign-in/").content.decode()
    settings.DEMO_MODE = True
    page = client.get("/account/sign-in/").content.decode()
    assert "leeds.business.manager@demo.example" in page
    assert settings.DEMO_PASSWORD in page
