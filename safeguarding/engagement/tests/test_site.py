"""The business unit's pages for the public site: the glossary, publications, the public profile
and contact details, front doors and thresholds. Each bad input is refused by the service with a
clear message and nothing saved; strangers, another partnership's business manager and
practitioners cannot reach the pages."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Attachment
from safeguarding.engagement import rules, selectors, services
from safeguarding.engagement.models import (
    FrontDoor,
    GlossaryTerm,
    Publication,
    PublicProfile,
    ThresholdLevel,
    ThresholdModel,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a yearly report"


def refused(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    error = caught.value
    return ({field: [str(m) for m in messages] for field, messages in
             error.message_dict.items()} if hasattr(error, "error_dict")
            else {None: error.messages})


# -- the glossary ----------------------------------------------------------------------------------


def test_a_term_is_added_to_the_partnerships_glossary_at_once(partnership):
    services.glossary_term_add(partnership=partnership, term=" MASH ",
                               expansion="multi-agency safeguarding hub",
                               definition="Where agencies share what they know.")
    assert selectors.glossary_for(partnership)["MASH"].expansion == \
        "multi-agency safeguarding hub"
    assert "MASH" not in selectors.glossary_for(None)


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"term": " "}, "term", rules.ENTER_TERM),
    ({"term": "X" * 61}, "term", rules.TERM_TOO_LONG),
    ({"definition": "  "}, "definition", rules.ENTER_DEFINITION),
])
def test_a_term_needs_its_name_and_meaning(partnership, values, field, message):
    good = {"term": "MASH", "definition": "Where concerns go.", "expansion": ""}
    assert refused(services.glossary_term_add, partnership=partnership,
                   **{**good, **values}) == {field: [message]}
    assert not GlossaryTerm.objects.exists()


def test_a_duplicate_term_is_refused_whatever_its_case(partnership):
    services.glossary_term_add(partnership=partnership, term="MASH", definition="One.")
    problems = refused(services.glossary_term_add, partnership=partnership, term="mash",
                       definition="Two.")
    assert problems == {"term": [rules.DUPLICATE_TERM.format(term="mash",
                                                             partnership=partnership)]}
    assert GlossaryTerm.objects.get().definition == "One."


def test_a_term_changed_to_anothers_name_is_refused(partnership):
    services.glossary_term_add(partnership=partnership, term="MASH", definition="One.")
    other = services.glossary_term_add(partnership=partnership, term="LADO", definition="Two.")
    assert "term" in refused(services.glossary_term_change, glossary_term=other, term="MASH",
                             definition="Two.")
    other.refresh_from_db()
    assert other.term == "LADO"
    services.glossary_term_change(glossary_term=other, term="LADO", definition="Changed.")
    assert GlossaryTerm.objects.get(term="LADO").definition == "Changed."


def test_the_same_term_in_another_partnership_or_site_wide_is_not_a_duplicate(
        partnership, other_partnership):
    services.glossary_term_save(term="RAG", definition="Red, amber, green.")
    services.glossary_term_add(partnership=other_partnership, term="RAG", definition="Other.")
    services.glossary_term_add(partnership=partnership, term="RAG",
                               definition="Review Advisory Group.")
    assert selectors.glossary_for(partnership)["RAG"].definition == "Review Advisory Group."


def test_a_site_wide_term_is_not_changed_or_removed_by_a_partnership(partnership):
    site_wide = services.glossary_term_save(term="LCSPR", definition="A review.")
    assert refused(services.glossary_term_change, glossary_term=site_wide, term="LCSPR",
                   definition="Changed.") == {None: [rules.SITE_WIDE_TERM]}
    assert refused(services.glossary_term_remove, glossary_term=site_wide) == {
        None: [rules.SITE_WIDE_TERM]}
    assert GlossaryTerm.objects.get().definition == "A review."


# -- publications ---------------------------------------------------------------------------------


def newsletter(partnership, **values):
    return services.publication_save(**{
        "partnership": partnership, "kind": Publication.Kind.NEWSLETTER,
        "title": "Spring newsletter", "summary": "What is new.", "body": "Text.", "by": None,
        **values})


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"kind": "leaflet"}, "kind", rules.SELECT_KIND),
    ({"title": " "}, "title", rules.ENTER_PUBLICATION_TITLE),
    ({"summary": ""}, "summary", rules.ENTER_PUBLICATION_SUMMARY),
    ({"body": "", "link": ""}, "body", rules.ENTER_TEXT_OR_FILE),
])
def test_a_publication_needs_its_kind_title_summary_and_text(partnership, values, field,
                                                             message):
    assert refused(newsletter, partnership=partnership, **values) == {field: [message]}
    assert not Publication.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused_and_nothing_saved(partnership):
    upload = SimpleUploadedFile("report.exe", b"MZ\x00\x00binary")
    problems = refused(newsletter, partnership=partnership, body="", file=upload)
    assert list(problems) == ["file"]
    assert problems["file"][0].startswith("The selected file must be a PDF")
    assert not Publication.objects.exists() and not Attachment.objects.exists()


def test_a_yearly_report_may_be_a_file_alone_and_a_new_file_replaces_it(partnership):
    report = newsletter(partnership, kind=Publication.Kind.YEARLY_REPORT, body="",
                        file=SimpleUploadedFile("Yearly report.pdf", PDF))
    first = selectors.publication_file(report)
    assert first.original_name == "Yearly report.pdf" and first.kind == "pdf"
    services.publication_save(publication=report, kind=report.kind, title="Yearly report",
                              summary="The year.", by=None)  # no body: the file is enough
    newsletter_file = SimpleUploadedFile("v2.pdf", PDF + b" v2")
    services.publication_save(publication=report, kind=report.kind, title="Yearly report",
                              summary="The year.", file=newsletter_file, by=None)
    latest = selectors.publication_file(report)
    assert latest.original_name == "v2.pdf" and latest.supersedes == first


def test_publishing_and_unpublishing(partnership):
    today = timezone.localdate()
    item = newsletter(partnership)
    assert item.published_on is None
    assert refused(services.publication_unpublish, publication=item, by=None) == {
        None: [rules.NOT_PUBLISHED]}
    services.publication_publish(publication=item, by=None)
    assert Publication.objects.get().published_on == today
    assert refused(services.publication_publish, publication=item, by=None) == {
        None: [rules.ALREADY_PUBLISHED]}
    services.publication_unpublish(publication=item, by=None)
    assert Publication.objects.get().published_on is None


# -- profile, front doors and thresholds -----------------------------------------------------------


def test_the_profile_needs_its_introduction_and_a_real_email(partnership):
    assert refused(services.profile_save, partnership=partnership, introduction=" ") == {
        "introduction": [rules.ENTER_INTRODUCTION]}
    assert "email" in refused(services.profile_save, partnership=partnership,
                              introduction="We are.", email="not an email")
    assert not PublicProfile.objects.exists()
    services.profile_save(partnership=partnership, introduction="We are.", phone="0100")
    services.profile_save(partnership=partnership, introduction="We are, still.")
    assert PublicProfile.objects.get().introduction == "We are, still."


def test_a_front_door_needs_its_area_service_and_phone_once_per_area(partnership):
    door = {"partnership": partnership, "area": "Leicester City",
            "service": "Duty and Advice Team", "phone": "0116 454 1004"}
    assert refused(services.front_door_save, **{**door, "area": "", "service": "",
                                                "phone": ""}) == {
        "area": [rules.ENTER_AREA], "service": [rules.ENTER_SERVICE],
        "phone": [rules.ENTER_PHONE]}
    first = services.front_door_save(**door)
    assert refused(services.front_door_save, **{**door, "area": "leicester city"}) == {
        "area": [rules.DUPLICATE_AREA.format(area="leicester city")]}
    assert "website" in refused(services.front_door_save,
                                **{**door, "area": "Rutland", "website": "nowhere"})
    services.front_door_save(front_door=first, **{**door, "phone": "0116 000"})
    assert FrontDoor.objects.get().phone == "0116 000"
    services.front_door_remove(front_door=first)
    assert not FrontDoor.objects.exists()


def test_thresholds_need_a_title_and_the_approach(partnership):
    assert refused(services.thresholds_save, partnership=partnership, has_levels=False,
                   title="", approach="") == {"title": [rules.ENTER_THRESHOLDS_TITLE],
                                              "approach": [rules.ENTER_APPROACH]}
    assert not ThresholdModel.objects.exists()


def test_levels_of_need_are_refused_without_thresholds_or_with_none(partnership):
    level = {"partnership": partnership, "number": 1, "name": "Universal",
             "descriptor": "Needs met by universal services."}
    assert refused(services.threshold_level_save, **level) == {
        None: [rules.NO_THRESHOLDS_YET]}
    services.thresholds_save(partnership=partnership, has_levels=False, title="No thresholds",
                             approach="Practitioners talk it through.")
    assert refused(services.threshold_level_save, **level) == {None: [rules.NO_LEVELS]}
    assert not ThresholdLevel.objects.exists()


def test_a_level_needs_a_free_number_a_name_and_a_descriptor(partnership):
    services.thresholds_save(partnership=partnership, has_levels=True, title="Thresholds",
                             approach="Four levels.")
    level = {"partnership": partnership, "number": 1, "name": "Universal",
             "descriptor": "Needs met by universal services."}
    assert refused(services.threshold_level_save, **{**level, "number": 0, "name": "",
                                                     "descriptor": ""}) == {
        "number": [rules.LEVEL_NUMBER], "name": [rules.ENTER_LEVEL_NAME],
        "descriptor": [rules.ENTER_DESCRIPTOR]}
    first = services.threshold_level_save(**level)
    assert refused(services.threshold_level_save, **{**level, "name": "Again"}) == {
        "number": [rules.DUPLICATE_LEVEL.format(number=1)]}
    services.threshold_level_save(level=first, **{**level, "name": "Universal services"})
    assert ThresholdLevel.objects.get().name == "Universal services"


# -- the pages -------------------------------------------------------------------------------------


@pytest.fixture
def manager(make_person):
    return make_person(Role.BUSINESS_MANAGER)


@pytest.fixture
def records(partnership):
    services.thresholds_save(partnership=partnership, has_levels=True, title="Thresholds",
                             approach="Four levels.")
    services.threshold_level_save(partnership=partnership, number=1, name="Universal",
                                  descriptor="Universal services.")
    return {
        "term": services.glossary_term_add(partnership=partnership, term="MASH",
                                           definition="Where concerns go."),
        "publication": newsletter(partnership, file=SimpleUploadedFile("n.pdf", PDF)),
        "door": services.front_door_save(partnership=partnership, area="North",
                                         service="Duty team", phone="0100"),
    }


def page_urls(partnership, records) -> list[str]:
    slug = partnership.slug
    pk = records["publication"].pk
    return [
        reverse("engagement:site-detail", args=[slug]),
        reverse("engagement:site-glossary", args=[slug]),
        reverse("engagement:site-term-add", args=[slug]),
        reverse("engagement:site-term-edit", args=[records["term"].pk]),
        reverse("engagement:site-term-remove", args=[records["term"].pk]),
        reverse("engagement:site-publication-add", args=[slug]),
        reverse("engagement:site-publication", args=[pk]),
        reverse("engagement:site-publication-edit", args=[pk]),
        reverse("engagement:site-publication-file", args=[pk]),
        reverse("engagement:site-profile", args=[slug]),
        reverse("engagement:site-front-door-add", args=[slug]),
        reverse("engagement:site-front-door-edit", args=[records["door"].pk]),
        reverse("engagement:site-front-door-remove", args=[records["door"].pk]),
        reverse("engagement:site-thresholds", args=[slug]),
        reverse("engagement:site-level-add", args=[slug]),
        reverse("engagement:site-level-edit", args=[slug, 1]),
        reverse("engagement:site-level-remove", args=[slug, 1]),
    ]


def test_the_business_manager_reaches_every_page(signed_in, manager, partnership, records):
    client = signed_in(manager)
    for url in page_urls(partnership, records):
        assert client.get(url).status_code == 200, url
    # With one partnership, the list of sites goes straight to it.
    response = client.get(reverse("engagement:site-manage"))
    assert response.url == reverse("engagement:site-detail", args=[partnership.slug])
    assert reverse("engagement:site-manage") in client.get(
        reverse("engagement:voice")).content.decode()
    # Removing asks first, then goes back to where the thing was listed.
    response = client.post(reverse("engagement:site-term-remove", args=[records["term"].pk]))
    assert response.url == reverse("engagement:site-glossary", args=[partnership.slug])
    response = client.post(reverse("engagement:site-front-door-remove",
                                   args=[records["door"].pk]))
    assert response.url == reverse("engagement:site-detail", args=[partnership.slug])
    assert not GlossaryTerm.objects.exists() and not FrontDoor.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "other_manager", "practitioner"])
def test_others_are_refused_every_page(signed_in, make_person, partnership, other_partnership,
                                       records, who):
    from safeguarding.accounts.tests.factories import UserFactory

    person = {"stranger": lambda: UserFactory(),
              "other_manager": lambda: make_person(Role.BUSINESS_MANAGER,
                                                   where=other_partnership),
              "practitioner": lambda: make_person(Role.PRACTITIONER)}[who]()
    client = signed_in(person)
    for url in page_urls(partnership, records):
        assert client.get(url).status_code == 403, url
    pk = records["publication"].pk
    for name in ("site-publication-publish", "site-publication-unpublish"):
        assert client.post(reverse(f"engagement:{name}", args=[pk])).status_code == 403
    assert client.post(reverse("engagement:site-term-remove", args=[records["term"].pk]),
                       {}).status_code == 403
    assert GlossaryTerm.objects.filter(term="MASH").exists()
    if who != "other_manager":
        assert client.get(reverse("engagement:site-manage")).status_code == 403


def test_a_duplicate_term_is_shown_in_the_error_summary(signed_in, manager, partnership,
                                                        records):
    response = signed_in(manager).post(
        reverse("engagement:site-term-add", args=[partnership.slug]),
        {"term": "MASH", "definition": "Again."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "is already in the glossary of" in page
    assert GlossaryTerm.objects.filter(partnership=partnership).count() == 1


def test_the_acronym_check_applies_to_these_texts(signed_in, manager, partnership):
    client = signed_in(manager)
    response = client.post(reverse("engagement:site-profile", args=[partnership.slug]),
                           {"introduction": "We work with the MASH and the LADO."},
                           follow=True)
    page = response.content.decode()
    assert "Public profile saved" in page
    assert "These acronyms are not in the glossary" in page and "MASH, LADO" in page
    response = client.post(reverse("engagement:site-term-add", args=[partnership.slug]),
                           {"term": "MASH", "expansion": "multi-agency safeguarding hub",
                            "definition": "Where agencies share what they know."}, follow=True)
    assert "These acronyms are not in the glossary" not in response.content.decode()


def test_a_publication_is_public_only_while_published(client, signed_in, manager,
                                                      partnership, records):
    publication = records["publication"]
    public_url = reverse("engagement:public-publication", args=[partnership.slug,
                                                                publication.pk])
    file_url = reverse("engagement:public-publication-file", args=[partnership.slug,
                                                                   publication.pk])
    feed_url = reverse("engagement:public-feed", args=[partnership.slug])
    assert client.get(public_url).status_code == 404
    assert client.get(file_url).status_code == 404
    assert "Spring newsletter" not in client.get(feed_url).content.decode()

    manager_client = signed_in(manager)
    manager_client.post(reverse("engagement:site-publication-publish", args=[publication.pk]))
    assert client.get(public_url).status_code == 200
    download = client.get(file_url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF
    assert "Spring newsletter" in client.get(feed_url).content.decode()

    manager_client.post(reverse("engagement:site-publication-unpublish",
                                args=[publication.pk]))
    assert client.get(public_url).status_code == 404
    assert client.get(file_url).status_code == 404


def test_a_publication_is_added_with_its_file_on_the_page(signed_in, manager, partnership):
    response = signed_in(manager).post(
        reverse("engagement:site-publication-add", args=[partnership.slug]),
        {"kind": "one_minute_guide", "title": "Neglect in one minute", "summary": "Neglect.",
         "file": SimpleUploadedFile("guide.pdf", PDF)})
    publication = Publication.objects.get()
    assert response.url == reverse("engagement:site-publication", args=[publication.pk])
    assert publication.published_on is None
    assert selectors.publication_file(publication).original_name == "guide.pdf"


def test_thresholds_and_levels_are_changed_on_the_pages(signed_in, manager, partnership):
    client = signed_in(manager)
    client.post(reverse("engagement:site-thresholds", args=[partnership.slug]),
                {"has_levels": "no", "title": "Conversations",
                 "approach": "Practitioners talk about what the child needs."})
    model = ThresholdModel.objects.get()
    assert not model.has_levels and model.title == "Conversations"
    response = client.post(reverse("engagement:site-level-add", args=[partnership.slug]),
                           {"number": "1", "name": "Universal", "descriptor": "All children."})
    assert response.status_code == 200 and rules.NO_LEVELS in response.content.decode()
    client.post(reverse("engagement:site-thresholds", args=[partnership.slug]),
                {"has_levels": "yes", "title": "Levels", "approach": "Four levels."})
    client.post(reverse("engagement:site-level-add", args=[partnership.slug]),
                {"number": "1", "name": "Universal", "descriptor": "All children."})
    client.post(reverse("engagement:site-level-edit", args=[partnership.slug, 1]),
                {"number": "2", "name": "Early help", "descriptor": "Some help."})
    assert list(ThresholdLevel.objects.values_list("number", "name")) == [(2, "Early help")]
    assert client.get(reverse("engagement:site-level-edit",
                              args=[partnership.slug, 1])).status_code == 404
    public = client.get(reverse("engagement:public-thresholds", args=[partnership.slug]))
    assert "Level 2: Early help" in public.content.decode()
    client.post(reverse("engagement:site-level-remove", args=[partnership.slug, 2]))
    assert not ThresholdLevel.objects.exists()


def test_front_doors_show_on_report_a_concern(signed_in, manager, partnership, client):
    signed_in(manager).post(reverse("engagement:site-front-door-add", args=[partnership.slug]),
                            {"area": "Rutland", "service": "Children's duty team",
                             "phone": "01572 758 407", "website": "www.rutland.gov.uk"})
    page = client.get(reverse("engagement:public-report-concern", args=[partnership.slug]))
    assert "Rutland" in page.content.decode() and "01572 758 407" in page.content.decode()
    assert FrontDoor.objects.get().website == "https://www.rutland.gov.uk"

