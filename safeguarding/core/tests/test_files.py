"""Uploads are checked by content and size; downloads and exports are logged; no formulas."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from safeguarding.accounts.roles import Role
from safeguarding.core import files
from safeguarding.core.models import AccessEvent
from safeguarding.core.services import attachment_add
from safeguarding.core.tests.casework import SampleCaseFactory

PDF_BYTES = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<x/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("minutes.pdf", PDF_BYTES, files.PDF),
    ("report.docx", office_file("word/"), files.WORD),
    ("data.xlsx", office_file("xl/"), files.EXCEL),
    ("no-extension", PDF_BYTES, files.PDF),
])
def test_the_kind_comes_from_the_content(name, content, kind):
    assert files.validate_upload(upload(name, content)) == kind


@pytest.mark.parametrize(("name", "content"), [
    ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),  # a Windows program named .pdf
    ("report.pdf", b"<html><script>alert(1)</script></html>"),  # text is not a document
    ("report.docx", b"PK\x03\x04 not really a zip"),
    ("archive.docx", office_file("other/")),
])
def test_a_file_that_is_not_what_it_claims_is_refused(name, content):
    with pytest.raises(ValidationError) as refused:
        files.validate_upload(upload(name, content, "application/pdf"))
    assert refused.value.messages == [
        "The selected file must be a PDF, Word document, OpenDocument text, Excel spreadsheet "
        "or PowerPoint presentation"]


def test_empty_and_oversized_files_are_refused(settings):
    with pytest.raises(ValidationError, match="The selected file is empty"):
        files.validate_upload(upload("a.pdf", b""))
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="smaller than 1MB"):
        files.validate_upload(upload("a.pdf", PDF_BYTES + b"0" * 1024 * 1024))


@given(st.text())
def test_no_exported_text_can_run_as_a_formula(text):
    cell = files.safe_cell(text)
    assert not cell.startswith(files.FORMULA_STARTS)
    assert cell in (text, "'" + text)  # nothing lost: the text is kept whole


def test_numbers_and_dates_pass_unchanged():
    import datetime

    assert files.safe_row([-5, 3.2, datetime.date(2026, 1, 1), "=SUM(A1)"]) == [
        -5, 3.2, datetime.date(2026, 1, 1), "'=SUM(A1)"]


@pytest.mark.django_db
def test_an_attachment_is_stored_under_a_random_name_and_downloaded_with_a_log(
    partnership, make_person, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    manager = make_person(Role.BUSINESS_MANAGER)
    case = SampleCaseFactory(partnership=partnership)
    attachment = attachment_add(record=case, upload=upload("Child Jane Doe chronology.pdf",
                                                             PDF_BYTES),
                                title="Chronology", by=manager)
    assert "Jane" not in attachment.file.name
    assert attachment.original_name == "Child Jane Doe chronology.pdf"
    request = RequestFactory().get("/download/")
    request.user = manager
    response = files.download_response(request, record=case, stored_file=attachment.file,
                                       filename=attachment.original_name,
                                       content_type=attachment.content_type_header)
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.DOWNLOAD)
    assert event.user == manager
    assert event.object_id == str(case.pk)


@pytest.mark.django_db
def test_an_export_is_logged(make_person):
    manager = make_person(Role.BUSINESS_MANAGER)
    request = RequestFactory().get("/export/")
    request.user = manager
    response = files.export_response(request, content=b"a,b\n", filename="actions.csv",
                                     content_type="text/csv", what="Actions, 2026/27")
    assert response["Content-Disposition"] == 'attachment; filename="actions.csv"'
    assert AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT).detail == "Actions, 2026/27"

