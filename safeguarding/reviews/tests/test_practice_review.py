"""The end of a practice review: a draft notification changed before it is sent, the partners'
sign-off of each version of the final report, the pre-publication clock moving with the planned
date, learning products behind the redaction check, the NSPCC repository package, and the
public pages of learning."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.core.clocks import PRE_PUBLICATION_DUE
from safeguarding.core.documents import pdf_from_html
from safeguarding.core.models import AccessEvent, Deadline
from safeguarding.core.versioning import EditConflict
from safeguarding.core.workflow import MoveRefused
from safeguarding.partnership.models import PartnershipAgency
from safeguarding.partnership.tests.factories import AgencyFactory
from safeguarding.reviews import rules, services
from safeguarding.reviews.models import Incident, LearningProduct, SignOff
from safeguarding.reviews.tests.factories import IncidentFactory, final_report_signed_off

pytestmark = pytest.mark.django_db
S = Incident.Status
TODAY = timezone.localdate


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def partners(partnership, agency):
    """The council (the fixture's agency) and the police are the safeguarding partners."""
    police = AgencyFactory(name="Northshire Police", partnerships=[partnership])
    PartnershipAgency.objects.filter(partnership=partnership, agency__in=[agency, police]).update(
        is_partner=True)
    return [agency, police]


def under_review(partnership, agency, member, **extra):
    return IncidentFactory(partnership=partnership, notifying_agency=agency, members=[member],
                           status=S.PRACTICE_REVIEW, **extra)


def upload(incident, by, title="Final report"):
    pdf = pdf_from_html(f"<p>{title}</p>")
    return services.report_add(incident=incident, by=by, title=title,
                               upload=SimpleUploadedFile("r.pdf", pdf))


def sign(incident, agency, by, on=None):
    return services.sign_off_record(incident=incident, agency=agency, signatory="A Partner",
                                    signed_on=on or TODAY(), by=by)


class TestDraft:
    def values(self, agency, **extra):
        return {"reference": "NSCP-2026-201", "pseudonym": "Child A", "age_band": "1_4",
                "sex": "male", "ethnicity": "Mixed", "disability": "no",
                "legal_status": "child_protection", "incident_date": None,
                "summary": "First words", "child_died": False, "became_aware": TODAY(),
                "immediate_actions": "Strategy meeting", "notifying_agency": agency, **extra}

    def draft(self, partnership, agency, lead):
        values = self.values(agency)
        return services.incident_draft_save(by=lead, partnership=partnership,
                                            notifying_agency=values.pop("notifying_agency"),
                                            **values)

    def test_the_notifier_changes_and_sends_the_draft_from_its_page(
            self, partnership, agency, make_person, signed_in):
        lead = make_person(Role.AGENCY_LEAD)
        draft = self.draft(partnership, agency, lead)
        client = signed_in(lead)
        page = client.get(f"/incidents/{draft.pk}/edit/")
        assert page.status_code == 200 and "First words" in page.content.decode()
        form = {**{k: v for k, v in self.values(agency).items() if v is not None},
                "partnership": partnership.pk, "notifying_agency": agency.pk,
                "summary": "Second words", "version": draft.version,
                "became_aware_0": TODAY().day, "became_aware_1": TODAY().month,
                "became_aware_2": TODAY().year, "send": "yes"}
        form.pop("became_aware")
        response = client.post(f"/incidents/{draft.pk}/edit/", form)
        assert response.status_code == 302, response.content.decode()[:2000]
        draft.refresh_from_db()
        assert draft.summary == "Second words" and draft.status == S.NOTIFIED

    def test_a_stale_draft_is_refused_and_nothing_lost(self, partnership, agency, make_person):
        lead = make_person(Role.AGENCY_LEAD)
        draft = self.draft(partnership, agency, lead)
        opened = draft.version  # both tabs opened this version
        services.incident_draft_change(incident=draft, by=lead, expected_version=opened,
                                       **self.values(agency, summary="From the first tab"))
        with pytest.raises(EditConflict):
            services.incident_draft_change(
                incident=Incident.objects.get(pk=draft.pk), by=lead, expected_version=opened,
                **self.values(agency, summary="From the second tab"))
        assert Incident.objects.get(pk=draft.pk).summary == "From the first tab"

    def test_a_draft_changed_to_a_reference_already_notified_is_refused(
            self, partnership, agency, make_person):
        lead = make_person(Role.AGENCY_LEAD)
        draft = self.draft(partnership, agency, lead)
        IncidentFactory(partnership=partnership, reference="NSCP-2026-999")
        with pytest.raises(ValidationError) as refused:
            services.incident_draft_change(incident=draft, by=lead,
                                           expected_version=draft.version,
                                           **self.values(agency, reference="NSCP-2026-999"))
        assert refused.value.message_dict["reference"] == [
            rules.DUPLICATE_REFERENCE.format(reference="NSCP-2026-999")]
        assert Incident.objects.get(pk=draft.pk).reference == "NSCP-2026-201"

    def test_only_its_notifier_changes_a_draft_and_only_while_it_is_one(
            self, partnership, agency, make_person):
        lead, other = make_person(Role.AGENCY_LEAD), make_person(Role.AGENCY_LEAD)
        draft = self.draft(partnership, agency, lead)
        with pytest.raises(ValidationError, match=rules.NOT_YOUR_DRAFT):
            services.incident_draft_change(incident=draft, by=other,
                                           expected_version=draft.version,
                                           **self.values(agency))
        services.incident_submit(incident=draft, by=lead)
        draft.refresh_from_db()
        with pytest.raises(ValidationError, match="no longer be changed"):
            services.incident_draft_change(incident=draft, by=lead,
                                           expected_version=draft.version,
                                           **self.values(agency, summary="Too late"))
        assert Incident.objects.get(pk=draft.pk).summary == "First words"


class TestSignOff:
    def test_every_partner_signs_the_latest_version_before_it_goes_to_the_panel(
            self, partnership, agency, manager, partners):
        incident = under_review(partnership, agency, manager,
                                final_report_sent_on=TODAY(), publication_planned_on=TODAY())
        upload(incident, manager, "Version 1")
        sign(incident, partners[0], manager)
        with pytest.raises(MoveRefused, match="Every safeguarding partner must sign off"):
            services.incident_move(incident=incident, move="send_final_report", by=manager)
        sign(incident, partners[1], manager)
        # A new version after both signed: it needs signing again.
        upload(incident, manager, "Version 2")
        with pytest.raises(MoveRefused, match="latest version"):
            services.incident_move(incident=incident, move="send_final_report", by=manager)
        for partner in partners:
            sign(incident, partner, manager)
        moved = services.incident_move(incident=incident, move="send_final_report", by=manager)
        assert moved.status == S.FINAL_REPORT_SENT
        assert SignOff.objects.filter(incident=incident).count() == 4

    @pytest.mark.parametrize(("case", "field", "message"), [
        ("future", "signed_on", rules.SIGNED_IN_FUTURE),
        ("before_upload", "signed_on", "on or after"),
        ("not_partner", "agency", "is not a safeguarding partner"),
        ("twice", "agency", "has already signed off this version"),
    ])
    def test_bad_sign_offs_are_refused_and_nothing_saved(
            self, partnership, agency, manager, partners, case, field, message):
        incident = under_review(partnership, agency, manager)
        upload(incident, manager)
        agency_of = {"not_partner": AgencyFactory(partnerships=[partnership])}.get(
            case, partners[0])
        on = {"future": TODAY() + datetime.timedelta(days=1),
              "before_upload": TODAY() - datetime.timedelta(days=1)}.get(case, TODAY())
        if case == "twice":
            sign(incident, partners[0], manager)
        before = SignOff.objects.count()
        with pytest.raises(ValidationError) as refused:
            sign(incident, agency_of, manager, on)
        assert message in " ".join(refused.value.message_dict[field])
        assert SignOff.objects.count() == before

    def test_no_report_no_sign_off(self, partnership, agency, manager, partners):
        incident = under_review(partnership, agency, manager)
        with pytest.raises(ValidationError, match=rules.SIGN_OFF_NEEDS_REPORT):
            sign(incident, partners[0], manager)

    def test_a_partner_signs_through_the_page_and_a_stranger_cannot(
            self, partnership, agency, manager, partners, make_person, signed_in):
        incident = under_review(partnership, agency, manager)
        upload(incident, manager)
        partner = make_person(Role.DELEGATED_PARTNER)
        incident.members.add(partner)
        client = signed_in(partner)
        response = client.post(f"/incidents/{incident.pk}/sign-offs/new/", {
            "agency": partners[1].pk, "signatory": "Chief Superintendent",
            "signed_on_0": TODAY().day, "signed_on_1": TODAY().month,
            "signed_on_2": TODAY().year})
        assert response.status_code == 302
        assert SignOff.objects.get(incident=incident).agency == partners[1]
        # An agency lead on the case may see it, not sign for a partner.
        lead = make_person(Role.AGENCY_LEAD)
        incident.members.add(lead)
        assert signed_in(lead).get(f"/incidents/{incident.pk}/sign-offs/new/").status_code == 403


def test_a_publication_date_put_back_moves_the_pre_publication_clock(partnership, agency,
                                                                      manager):
    incident = under_review(partnership, agency, manager)
    first, later = TODAY() + datetime.timedelta(days=30), TODAY() + datetime.timedelta(days=60)
    incident = services.incident_record(incident=incident, expected_version=incident.version,
                                        by=manager, publication_planned_on=first)
    incident = services.incident_record(incident=incident, expected_version=incident.version,
                                        by=manager, publication_planned_on=later)
    clocks = Deadline.objects.filter(object_id=incident.pk, rule__key=PRE_PUBLICATION_DUE.key)
    assert clocks.filter(cancelled=True).get().started_on == first
    running = clocks.get(cancelled=False)
    assert running.started_on == later and running.due_on < later
    # Saving the same date again changes nothing.
    services.incident_record(incident=incident, expected_version=incident.version, by=manager,
                             publication_planned_on=later)
    assert clocks.count() == 2


def published_case(partnership, agency, manager, partners):
    incident = under_review(partnership, agency, manager,
                            final_report_sent_on=TODAY() - datetime.timedelta(days=30),
                            publication_planned_on=TODAY(), reviewer="Dr Reviewer",
                            published_title="Child Q: a review",
                            published_text="Child Q was a baby. Agencies did not share.")
    services.identifying_detail_add(incident=incident, kind="name", value="Jayden", by=manager)
    final_report_signed_off(incident, manager)
    services.incident_move(incident=incident, move="send_final_report", by=manager)
    return services.incident_publish(incident=incident, by=manager)


class TestLearningProducts:
    def test_publication_is_refused_while_it_names_the_child(self, partnership, agency, manager):
        incident = under_review(partnership, agency, manager)
        services.identifying_detail_add(incident=incident, kind="name", value="Jayden",
                                        by=manager)
        product = services.learning_product_save(
            incident=incident, by=manager, kind="learning_brief", title="Moving home",
            text="Jayden moved twice.")
        with pytest.raises(ValidationError, match="Jayden"):
            services.learning_product_publish(product=product, by=manager)
        product.refresh_from_db()
        assert product.published_on is None
        product = services.learning_product_save(incident=incident, product=product, by=manager,
                                                 text="Child Q moved twice.")
        assert services.learning_product_publish(product=product, by=manager).published_on
        # Once published, a change that names the child is refused and the page keeps the old.
        with pytest.raises(ValidationError, match="Jayden"):
            services.learning_product_save(incident=incident, product=product, by=manager,
                                           text="Jayden, again.")
        assert LearningProduct.objects.get(pk=product.pk).text == "Child Q moved twice."

    def test_not_before_the_rapid_review(self, partnership, agency, manager):
        incident = IncidentFactory(partnership=partnership, notifying_agency=agency,
                                   members=[manager])
        with pytest.raises(ValidationError, match=rules.LEARNING_TOO_EARLY):
            services.learning_product_save(incident=incident, by=manager, kind="learning_brief",
                                           title="Too soon", text="Text")
        assert not LearningProduct.objects.exists()

    def test_the_public_reads_published_products_only(self, partnership, agency, manager, client):
        incident = under_review(partnership, agency, manager)
        draft = services.learning_product_save(incident=incident, by=manager,
                                               kind="learning_brief", title="Not yet",
                                               text="Draft text")
        shown = services.learning_product_save(
            incident=incident, by=manager, kind="seven_minute", title="Seven minutes",
            text="Briefing text", training_title="Safe sleep course",
            training_url="https://training.example/course")
        services.learning_product_publish(product=shown, by=manager)
        listing = client.get(f"/p/{partnership.slug}/learning-from-reviews/").content.decode()
        assert "Seven minutes" in listing and "Not yet" not in listing
        page = client.get(f"/p/{partnership.slug}/learning-from-reviews/{shown.pk}/")
        assert 'href="https://training.example/course"' in page.content.decode()
        assert client.get(f"/p/{partnership.slug}/learning-from-reviews/{draft.pk}/"
                          ).status_code == 404
        assert incident.reference not in page.content.decode()


class TestRepositoryPackage:
    def test_the_package_holds_what_was_published_and_is_logged(
            self, partnership, agency, manager, partners, signed_in):
        incident = published_case(partnership, agency, manager, partners)
        brief = services.learning_product_save(incident=incident, by=manager,
                                               kind="learning_brief", title="The brief",
                                               text="Learning")
        services.learning_product_publish(product=brief, by=manager)
        response = signed_in(manager).get(f"/incidents/{incident.pk}/repository-package.zip")
        assert response.status_code == 200 and response["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = set(archive.namelist())
        assert {"report.pdf", "metadata.json", "README.txt"} <= names
        assert archive.read("report.pdf").startswith(b"%PDF")
        metadata = json.loads(archive.read("metadata.json"))
        assert metadata["title"] == "Child Q: a review"
        assert metadata["author"] == "Dr Reviewer"
        assert metadata["partnership"] == partnership.name
        assert [p["title"] for p in metadata["learning_products"]] == ["The brief"]
        everything = b"".join(archive.read(name) for name in names)
        for secret in (incident.reference.encode(), b"Jayden", incident.summary.encode()):
            assert secret not in everything
        assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT, user=manager,
                                          object_id=str(incident.pk)).exists()

    def test_not_before_publication(self, partnership, agency, manager, signed_in):
        incident = under_review(partnership, agency, manager)
        response = signed_in(manager).get(f"/incidents/{incident.pk}/repository-package.zip")
        assert response.status_code == 302
        assert not AccessEvent.objects.filter(kind=AccessEvent.Kind.EXPORT).exists()


def test_a_case_list_filter_that_is_not_an_agency_is_ignored(partnership, agency, manager,
                                                            signed_in):
    incident = IncidentFactory(partnership=partnership, notifying_agency=agency,
                               members=[manager])
    client = signed_in(manager)
    response = client.get("/incidents/?agency=abc")
    assert response.status_code == 200
    assert incident.reference in response.content.decode()
