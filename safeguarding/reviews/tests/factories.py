import datetime

import factory

from safeguarding.accounts.tests.factories import UserFactory
from safeguarding.partnership.tests.factories import AgencyFactory, PartnershipFactory
from safeguarding.reviews.models import Incident


class IncidentFactory(factory.django.DjangoModelFactory):
    """A partnership notification as an agency sends it (status: notified)."""

    class Meta:
        model = Incident
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"NSCP-2026-{n:03d}")
    pseudonym = "Child A"
    status = Incident.Status.NOTIFIED
    notifying_agency = factory.SubFactory(AgencyFactory)
    notified_by = factory.SubFactory(UserFactory)
    age_band = "1_4"
    sex = "female"
    ethnicity = "White British"
    disability = "no"
    legal_status = "child_protection"
    summary = "Child A was admitted to hospital with injuries (fictional)."
    became_aware = datetime.date(2026, 12, 21)
    immediate_actions = "A strategy meeting was held; the sibling was placed with a relative."

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


def final_report_signed_off(incident, by, *, partners=()):
    """Upload a final report (a real PDF) and record every safeguarding partner's sign-off of it.
    `partners` become the partnership's safeguarding partner agencies if it has none yet."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from safeguarding.core.documents import pdf_from_html
    from safeguarding.partnership.models import PartnershipAgency
    from safeguarding.partnership.selectors import partner_agencies
    from safeguarding.reviews import services

    for agency in partners:
        PartnershipAgency.objects.update_or_create(
            partnership=incident.partnership, agency=agency, defaults={"is_partner": True})
    upload = SimpleUploadedFile("final.pdf", pdf_from_html("<p>Final report</p>"),
                                content_type="application/pdf")
    services.report_add(incident=incident, upload=upload, title="Final report", by=by)
    for agency in partner_agencies(incident.partnership):
        services.sign_off_record(incident=incident, agency=agency, signatory="A partner",
                                 signed_on=timezone.localdate(), by=by)
