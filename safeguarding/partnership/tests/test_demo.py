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
    msp = Group.objects.get(name="LLR Meeting of Safeguarding Partners")
    assert msp.partnerships.count() == 2  # a shared LLR group exists once, not copied
    assert Group.objects.filter(name__contains="Meeting of Safeguarding Partners").count() == 1


def test_every_role_has_a_demo_user():
    call_command("load_demo")
    held = set(User.objects.filter(is_demo=True).values_list("role_grants__role", flat=True))
    assert held == set(Role.values)


def test_demo_actions_are_marked_fictional():
    call_command("load_demo")
    assert ActionItem.objects.exists()
    assert all("(demo)" in f"{a.title} {a.source_label} {a.description}"
               for a in ActionItem.objects.all())


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


def test_the_seeds_structures_are_reproduced():
    from safeguarding.core.business_year import BusinessYear
    from safeguarding.meetings.models import Meeting, MeetingRule
    from safeguarding.partnership.models import Office, PartnershipAgency
    from safeguarding.partnership.selectors import chair_rotation, chairs_on, partners_on

    call_command("load_demo")
    llr = Partnership.objects.get(slug="leicestershire-rutland")
    leicester = Partnership.objects.get(slug="leicester")
    leeds = Partnership.objects.get(slug="leeds")
    # Five LSPs and five DSPs across LLR; the rotation table from 2024/25 to 2029/30.
    from safeguarding.partnership.models import Appointment

    assert Appointment.objects.filter(office=Office.LEAD_PARTNER, partnerships__in=[
        llr, leicester]).distinct().count() == 5
    assert Appointment.objects.filter(office=Office.DELEGATED_PARTNER, partnerships__in=[
        llr, leicester]).distinct().count() == 5
    rotation = chair_rotation(llr)
    assert [row.year.label for row in rotation] == [
        "2024/25", "2025/26", "2026/27", "2027/28", "2028/29", "2029/30"]
    year_2026 = rotation[2]
    assert [(label, str(p)) for label, p in year_2026.chairs] == [("Police DSP", "Henry Henderson")]
    assert [(label, str(p)) for label, p in year_2026.deputies] == [
        ("Interim Leicestershire DSP", "Sharon Cooke")]
    assert len(rotation[1].chairs) == 2  # 2025/26: joint chairs
    chairs = chairs_on(llr, BusinessYear(2027).starts_on)
    assert {str(a.person) for a in chairs["chairs"]} == {"Kevin Quinn", "Laurence Jones"}
    # Rutland County Council: a partner of the LRSCP, a relevant agency of the LSCP.
    rutland = Agency.objects.get(name="Rutland County Council")
    assert PartnershipAgency.objects.get(partnership=llr, agency=rutland).is_partner
    assert PartnershipAgency.objects.get(partnership=leicester, agency=rutland).relevant
    assert [row["agency"].name for row in partners_on(leicester, BusinessYear(2026).starts_on)
            ] == ["Leicester City Council",
                  "Leicester, Leicestershire and Rutland Integrated Care Board",
                  "Leicestershire Police"]
    # Leeds: the Executive of three partners, the groups named in the arrangements.
    for name in ("LSCP Executive", "Review Advisory Group", "Education Reference Group",
                 "Third Sector Safeguarding Group", "Student LSCP",
                 "Leeds Child Death Overview Panel", "LSCP Business Unit"):
        assert Group.objects.filter(name=name, partnerships=leeds).exists(), name
    assert PartnershipAgency.objects.filter(partnership=leeds, relevant=True).count() == 15
    assert MeetingRule.objects.filter(partnerships=llr, kind="at_least", number=8).exists()
    assert Meeting.objects.filter(is_demo=True).exists()
    assert not Meeting.objects.filter(is_demo=False).exists()
