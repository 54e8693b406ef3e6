"""Plain language, survey imports, procedures and their reviews, "you said, we did", and the
public site's pages, feed, sitemap and cache headers."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Deadline
from safeguarding.engagement import rules, selectors, services
from safeguarding.engagement.models import Policy, Publication, Survey, SurveyResult
from safeguarding.engagement.tests.factories import PolicyFactory
from safeguarding.reviews.models import Incident
from safeguarding.reviews.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def term(word, expansion, partnership=None):
    return services.glossary_term_save(term=word, expansion=expansion, partnership=partnership,
                                       definition=f"{expansion}, in plain words.")


# -- plain language --------------------------------------------------------------------------------


def test_acronyms_are_found_once_in_order_and_plurals_folded():
    text = "The DSPs and the LSP met; the DSP chaired. S11 and A&E, but not I or Child A."
    assert rules.acronyms_in(text) == ["DSP", "LSP", "A&E"]


def test_the_first_use_on_a_page_is_written_out_and_later_ones_marked_up(partnership):
    glossary = {"LCSPR": term("LCSPR", "local child safeguarding practice review")}
    seen = set()
    first = rules.expand_first("An LCSPR <script> found it.", glossary, seen)
    assert first == ('An local child safeguarding practice review (<abbr title="local child '
                     'safeguarding practice review">LCSPR</abbr>) &lt;script&gt; found it.')
    again = rules.expand_first("The LCSPR was published.", glossary, seen)
    assert again == ('The <abbr title="local child safeguarding practice review">LCSPR</abbr> '
                     'was published.')
    written = rules.expand_first("A local child safeguarding practice review (LCSPR).",
                                 glossary, set())
    assert written.count("local child safeguarding practice review") == 2  # not three


def test_a_partnerships_own_term_overrides_the_site_wide_one(partnership, other_partnership):
    term("RAG", "red, amber, green")
    term("RAG", "Review Advisory Group", partnership)
    assert selectors.glossary_for(partnership)["RAG"].expansion == "Review Advisory Group"
    assert selectors.glossary_for(other_partnership)["RAG"].expansion == "red, amber, green"


# -- survey files ---------------------------------------------------------------------------------


def csv_upload(rows, name="results.csv"):
    text = "\n".join(",".join(str(c) for c in row) for row in rows)
    return SimpleUploadedFile(name, text.encode())


def import_survey(partnership, upload, by=None):
    return services.survey_import(partnership=partnership, title="My School My Health",
                                  year="2025/26", upload=upload, by=by)


def test_a_survey_file_with_wrong_columns_is_refused_and_nothing_saved(partnership):
    with pytest.raises(ValidationError) as refused:
        import_survey(partnership, csv_upload([["Question", "Year", "Answer"],
                                               ["Q", "Year 7", "Yes"]]))
    messages = refused.value.message_dict["file"]
    assert messages[0].endswith("“School year” and “Count” are missing")
    assert messages[1] == "The file has columns the import does not use: “Year”"
    assert not Survey.objects.exists()


def test_every_bad_row_is_reported_and_nothing_saved(partnership):
    with pytest.raises(ValidationError) as refused:
        import_survey(partnership, csv_upload([
            ["question", "school year", "answer", "count"],
            ["Q1", "Year 7", "Yes", "10"],
            ["", "Year 14", "", "-3"],
            ["Q1", "Y7", "Yes", "4"]]))
    assert refused.value.message_dict["file"] == [
        rules.ENTER_QUESTION.format(row=3), rules.BAD_YEAR.format(row=3, value="Year 14"),
        rules.ENTER_ANSWER.format(row=3), rules.BAD_COUNT.format(row=3, value="-3"),
        rules.DUPLICATE_ROW.format(row=4, first=2)]
    assert not SurveyResult.objects.exists()


def test_an_excel_file_is_imported_and_years_normalised(partnership):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Question", "School year", "Answer", "Count"])
    book.active.append(["Do you feel safe?", "Y9", "Yes", 12])
    out = io.BytesIO()
    book.save(out)
    survey = import_survey(partnership, SimpleUploadedFile("results.xlsx", out.getvalue()))
    result = survey.results.get()
    assert (result.school_year, result.count) == ("Year 9", 12)


def test_a_file_that_is_not_a_spreadsheet_is_refused(partnership):
    with pytest.raises(ValidationError) as refused:
        import_survey(partnership, SimpleUploadedFile("results.csv", b"%PDF-1.4 x"))
    assert refused.value.message_dict["file"] == ["The selected file must be a CSV file or "
                                                  "Excel spreadsheet"]


# -- procedures ------------------------------------------------------------------------------------


def test_an_overdue_review_is_in_my_work_until_the_procedure_is_published_again(
        signed_in, partnership, make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    policy = services.policy_create(partnership=partnership, by=manager, title="Escalation",
                                    summary="What to do.", text="Talk first.",
                                    review_due_on=timezone.localdate() - datetime.timedelta(3))
    page = signed_in(manager).get("/my-work/")
    assert "Review the multi-agency policy or procedure" in page.content.decode()
    assert "Escalation" in page.content.decode()
    services.policy_version_add(policy=policy, text="Talk first, then escalate.",
                                change_summary="Stages", by=manager)
    services.policy_publish(policy=Policy.objects.get(), by=manager,
                            review_due_on=timezone.localdate() + datetime.timedelta(365))
    open_clocks = Deadline.objects.filter(object_id=policy.pk, rule__key="policy_review",
                                          met_on__isnull=True)
    assert [d.due_on for d in open_clocks] == [timezone.localdate() + datetime.timedelta(365)]
    assert selectors.published_version(policy).number == 2


def test_comments_are_taken_only_in_consultation(partnership, make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    policy = PolicyFactory(partnership=partnership)
    with pytest.raises(ValidationError, match="out for consultation"):
        services.policy_comment(policy=policy, text="Good.", by=manager)
    policy = services.policy_consult(policy=policy, by=manager)
    comment = services.policy_comment(policy=policy, text="Add the LADO.", by=manager)
    assert comment.version.number == 1


def test_a_review_date_in_the_past_is_refused_on_publishing(partnership, make_person):
    policy = PolicyFactory(partnership=partnership)
    with pytest.raises(ValidationError, match="must be in the future"):
        services.policy_publish(policy=policy, by=make_person(Role.BUSINESS_MANAGER),
                                review_due_on=timezone.localdate())
    assert not policy.versions.filter(published_on__isnull=False).exists()


def test_the_editor_is_warned_of_an_undefined_acronym(signed_in, partnership, make_person):
    term("LSCP", "local safeguarding children partnership")
    manager = make_person(Role.BUSINESS_MANAGER)
    day = timezone.localdate() + datetime.timedelta(30)
    page = signed_in(manager).post("/procedures/new/", {
        "partnership": partnership.pk, "title": "Escalation",
        "summary": "What the LSCP expects of a DSL.", "text": "Talk first.",
        "review_due_on_0": day.day, "review_due_on_1": day.month, "review_due_on_2": day.year},
        follow=True)
    content = page.content.decode()
    assert "These acronyms are not in the glossary" in content and "DSL" in content
    assert "LSCP," not in content.split("not in the glossary")[1][:200]


# -- "you said, we did" ---------------------------------------------------------------------------


def test_publishing_needs_what_we_did(partnership, make_person, agency):
    manager = make_person(Role.BUSINESS_MANAGER)
    response = services.response_save(partnership=partnership, theme="Safe online",
                                      you_said="Not always.", we_did="", by=manager)
    with pytest.raises(ValidationError, match="what the partnership did"):
        services.response_publish(response=response, by=manager)
    with pytest.raises(ValidationError, match="today or later"):
        services.response_action_add(response=response, title="Guide", owner_agency=agency,
                                     due_on=timezone.localdate() - datetime.timedelta(1),
                                     by=manager)


# -- the public site -------------------------------------------------------------------------------


@pytest.fixture
def published(partnership, agency):
    today = timezone.localdate()
    term("LCSPR", "local child safeguarding practice review")
    review = IncidentFactory(partnership=partnership, notifying_agency=agency,
                             status=Incident.Status.PUBLISHED, published_title="Child R",
                             published_text="The LCSPR found…", published_on=today)
    Publication.objects.create(partnership=partnership, kind="newsletter", title="Spring news",
                               summary="News.", published_on=today)
    Publication.objects.create(partnership=partnership, kind="newsletter", title="Next news",
                               summary="Not yet.", published_on=None)
    return review


def test_public_pages_are_cacheable_and_link_everything(client, partnership, published):
    page = client.get(f"/p/{partnership.slug}/")
    assert page.status_code == 200
    assert "public" in page["Cache-Control"] and "max-age=300" in page["Cache-Control"]
    content = page.content.decode()
    for link in ("/reviews/", "/learning-from-reviews/", "/glossary/", "/thresholds/",
                 "/procedures/", "/you-said-we-did/", "/report-a-concern/", "/contact/",
                 "/feed/", "/training/"):
        assert f"/p/{partnership.slug}{link}" in content, link
    assert "Child R" in content and "Spring news" in content and "Next news" not in content


def test_the_public_home_query_count_does_not_grow(client, partnership, published, agency):
    client.get(f"/p/{partnership.slug}/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/p/{partnership.slug}/")
    for n in range(5):
        Publication.objects.create(partnership=partnership, kind="newsletter", title=f"N{n}",
                                   summary="News.", published_on=timezone.localdate())
        PolicyFactory(partnership=partnership, status="published")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/p/{partnership.slug}/")
    assert len(many) == len(few)


def test_what_is_not_published_is_not_found(client, partnership, agency):
    draft = PolicyFactory(partnership=partnership)
    hidden = IncidentFactory(partnership=partnership, notifying_agency=agency,
                             status=Incident.Status.PRACTICE_REVIEW)
    assert client.get(f"/p/{partnership.slug}/procedures/{draft.pk}/").status_code == 404
    assert client.get(f"/p/{partnership.slug}/reviews/{hidden.pk}/").status_code == 404
    assert client.get("/p/nowhere/").status_code == 404


def test_the_atom_feed_lists_the_publications(client, partnership, published):
    feed = client.get(f"/p/{partnership.slug}/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "<title>Child R</title>" in body and "<title>Spring news</title>" in body
    assert "Next news" not in body


def test_the_sitemap_lists_the_public_pages(client, partnership, published):
    sitemap = client.get("/sitemap.xml")
    assert sitemap["Content-Type"] == "application/xml"
    body = sitemap.content.decode()
    assert f"http://testserver/p/{partnership.slug}/glossary/</loc>" in body
    assert f"/p/{partnership.slug}/reviews/{published.pk}/</loc>" in body


def test_a_public_text_expands_its_acronym_once(client, partnership, published):
    page = client.get(f"/p/{partnership.slug}/reviews/{published.pk}/")
    assert page.status_code == 200
    PolicyFactory(partnership=partnership, status="published",
                  summary="How an LCSPR starts. Each LCSPR is published.")
    listing = client.get(f"/p/{partnership.slug}/procedures/").content.decode()
    assert listing.count("local child safeguarding practice review (<abbr") == 1
    assert listing.count("<abbr") == 2
