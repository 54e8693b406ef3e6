"""Every write of safeguarding data: indicator sets and indicators, imports of figures, the
business plan, budget and risk register, and the partners' yearly report."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safeguarding.core.services import action_create
from safeguarding.intelligence import reporting, rules
from safeguarding.intelligence.models import (
    BudgetLine,
    Contribution,
    DataImport,
    Indicator,
    IndicatorSet,
    Priority,
    ReportSection,
    Risk,
    Value,
    YearlyReport,
)

# Files up to this size are checked and imported while the person waits; bigger ones run in
# the background and the person watches the progress page.
INLINE_LIMIT_BYTES = 100_000
PROGRESS_EVERY = 500  # rows between progress updates

NAME_TAKEN = "The partnership already has an indicator set of this name"
CODE_TAKEN = "The partnership already has an indicator with this code"


def indicator_set_create(*, partnership, name: str, description: str = "", by=None
                         ) -> IndicatorSet:
    if IndicatorSet.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise ValidationError({"name": NAME_TAKEN})
    return IndicatorSet.objects.create(partnership=partnership, name=name,
                                       description=description)


def indicator_create(*, indicator_set, by=None, **fields) -> Indicator:
    partnership = indicator_set.partnership
    if Indicator.objects.filter(partnership=partnership, code=fields["code"]).exists():
        raise ValidationError({"code": CODE_TAKEN})
    order = fields.pop("order", None)
    if order is None:
        order = indicator_set.indicators.count() + 1
    return Indicator.objects.create(partnership=partnership, indicator_set=indicator_set,
                                    order=order, **fields)


def indicator_update(*, indicator: Indicator, by=None, **fields) -> Indicator:
    """Change an indicator's definition (its history keeps what it was)."""
    code = fields.get("code", indicator.code)
    if Indicator.objects.filter(partnership=indicator.partnership, code=code).exclude(
            pk=indicator.pk).exists():
        raise ValidationError({"code": CODE_TAKEN})
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.save()
    return indicator


# -- the business plan ---------------------------------------------------------------------------


def priority_add(*, partnership, year: str, title: str, description: str = "",
                 lead_agency=None, by=None) -> Priority:
    """A priority of the business plan, numbered after the year's others."""
    number = Priority.objects.filter(partnership=partnership, year=year).count() + 1
    return Priority.objects.create(partnership=partnership, year=year, number=number,
                                   title=title, description=description,
                                   lead_agency=lead_agency)


def priority_action_add(*, priority: Priority, title: str, owner_agency, due_on: date, by,
                        description: str = ""):
    """An action of the business plan, in the shared tracker with the priority as its source."""
    return action_create(
        partnership=priority.partnership, title=title, description=description,
        owner_agency=owner_agency, due_on=due_on, by=by, source=priority,
        source_label=f"Business plan {priority.year}, priority {priority.number}")


# -- the budget and the risk register -------------------------------------------------------------

LINE_TAKEN = "The budget already has a line of this name for that year"


def contribution_set(*, partnership, year: str, agency, amount, by=None) -> Contribution:
    """A partner's contribution for the year: set, or changed if already set (history kept)."""
    found = Contribution.objects.filter(partnership=partnership, year=year,
                                        agency=agency).first()
    if found is None:
        return Contribution.objects.create(partnership=partnership, year=year, agency=agency,
                                           amount=amount)
    found.amount = amount
    found.save(update_fields=["amount"])
    return found


def budget_line_add(*, partnership, year: str, name: str, budget, by=None) -> BudgetLine:
    if BudgetLine.objects.filter(partnership=partnership, year=year, name__iexact=name).exists():
        raise ValidationError({"name": LINE_TAKEN})
    return BudgetLine.objects.create(partnership=partnership, year=year, name=name,
                                     budget=budget)


def budget_spend_record(*, line: BudgetLine, by=None, **quarters) -> BudgetLine:
    """What was spent on the line in each quarter (q1 to q4)."""
    for quarter, amount in quarters.items():
        setattr(line, quarter, amount)
    line.save(update_fields=list(quarters))
    return line


def risk_save(*, partnership, by=None, risk: Risk | None = None, **fields) -> Risk:
    """A new entry of the risk register, or a review of one (history kept)."""
    risk = risk or Risk(partnership=partnership)
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.reviewed_on = timezone.localdate()
    risk.save()
    return risk


# -- imports -------------------------------------------------------------------------------------


def data_import_start(*, indicator_set, upload, by) -> DataImport:
    """Take a file of figures: its kind is read from its content. A small file is checked and
    imported now; a big one is queued for the background worker."""
    from safeguarding.core.files import CSV, EXCEL, validate_upload

    kind = validate_upload(upload, (CSV, EXCEL))
    upload.seek(0)
    record = DataImport.objects.create(
        partnership=indicator_set.partnership, indicator_set=indicator_set, uploaded_by=by,
        file_name=(upload.name or "upload")[:255], kind=kind.key,
        file=File(upload, name="upload"))
    if upload.size <= INLINE_LIMIT_BYTES:
        data_import_run(import_id=record.pk)
        record.refresh_from_db()
    else:
        from safeguarding.intelligence.tasks import run_data_import

        transaction.on_commit(lambda pk=record.pk: run_data_import.enqueue(pk))
    return record


def data_import_run(*, import_id: int, today: date | None = None) -> DataImport:
    """Check every row, then import the whole file in one transaction or refuse it whole.
    Idempotent: an import already finished is left as it is."""
    today = today or timezone.localdate()
    with transaction.atomic():
        record = DataImport.objects.select_for_update().get(pk=import_id)
        if record.finished:
            return record
        record.status = DataImport.Status.RUNNING
        record.save(update_fields=["status"])
    with record.file.open("rb") as stored:
        data = stored.read()
    errors, rows = _check(record, data, today)
    if errors:
        DataImport.objects.filter(pk=record.pk).update(
            status=DataImport.Status.REFUSED, errors=[e.__dict__ for e in errors],
            rows_done=record.rows_total, finished_at=timezone.now())
        record.refresh_from_db()
        return record
    return _import_rows(import_id, rows)


def _import_rows(import_id: int, rows: list[_Row]) -> DataImport:
    """Replace the figures held for each (indicator, period) of `rows` (kept, marked as
    superseded) with these, in one transaction."""
    set_id = DataImport.objects.values_list("indicator_set_id", flat=True).get(pk=import_id)
    with transaction.atomic():
        # One import of a set at a time: two files for the same period never both replace it.
        list(IndicatorSet.objects.select_for_update().filter(pk=set_id)
             .values_list("pk", flat=True))
        record = DataImport.objects.select_for_update().get(pk=import_id)
        if record.finished:
            return record
        # The figures of each (indicator, period) the file holds, asked period by period: one
        # condition a period (a file spans months), not one a pair (tens of thousands in a big
        # file, which the database would take minutes to plan and check).
        by_period: dict[date, set[int]] = {}
        for row in rows:
            by_period.setdefault(row.period, set()).add(row.indicator.pk)
        replaced = Q(pk__in=[])
        for period, indicator_ids in by_period.items():
            replaced |= Q(period=period, indicator_id__in=sorted(indicator_ids))
        old = Value.objects.filter(replaced, superseded_by__isnull=True)
        record.values_replaced = old.update(superseded_by=record)
        Value.objects.bulk_create(
            [Value(indicator=row.indicator, period=row.period, breakdown=row.breakdown,
                   category=row.category, value=row.value, source=record) for row in rows],
            batch_size=1000)
        record.values_added = len(rows)
        record.status = DataImport.Status.IMPORTED
        record.rows_done = record.rows_total
        record.finished_at = timezone.now()
        record.save()
    return record


_value_column = Value._meta.get_field("value")
VALUE_LIMIT = 10 ** (_value_column.max_digits - _value_column.decimal_places)
VALUE_TOO_LARGE = f"The value must be less than {VALUE_LIMIT:,}"
NOT_YOUR_INDICATOR = "“{code}” is not one of your agency's indicators: send only the figures " \
                     "of the indicators your agency owns"


class FiguresRefused(ValidationError):
    """Figures sent through the API that are not all good: `errors` has every bad one, by its
    place in what was sent (the first is line 1). Nothing was saved."""

    def __init__(self, errors: list[rules.RowError]):
        super().__init__([f"Line {error.line}: {error.reason}" for error in errors])
        self.errors = errors


def data_submit(*, indicator_set, figures: list[dict], by, source: str,
                allowed=None, today: date | None = None) -> DataImport:
    """Figures an agency's own system sends (the JSON API): each a dict of the import file's
    columns (`rules.COLUMNS`). Checked exactly as a file's rows are, and also against
    `allowed`, the indicators the sender may report (None: all the set's). Any bad figure:
    `FiguresRefused` with every one, and nothing saved. All good: imported as a file is, and
    listed with the set's imports ("`source` (API)")."""
    today = today or timezone.localdate()
    where = {name: index for index, name in enumerate(rules.COLUMNS)}
    set_codes = {code.lower() for code in indicator_set.indicators.values_list("code", flat=True)}
    allowed_codes = None if allowed is None else {i.code.lower() for i in allowed}
    refused, body = [], []
    for line, figure in enumerate(figures, start=1):
        code = str(figure.get("indicator") or "").strip()
        if allowed_codes is not None and code.lower() in set_codes - allowed_codes:
            refused.append(rules.RowError(line, NOT_YOUR_INDICATOR.format(code=code)))
        else:
            body.append((line, [figure.get(name) for name in rules.COLUMNS]))
    errors, rows = _check_rows(indicator_set, where, body, 1, today) if body else ([], [])
    errors = sorted(refused + errors, key=lambda error: error.line)
    if errors:
        raise FiguresRefused(errors)
    with transaction.atomic():
        record = DataImport.objects.create(
            partnership=indicator_set.partnership, indicator_set=indicator_set, uploaded_by=by,
            file_name=f"{source} (API)"[:255], kind="api", status=DataImport.Status.RUNNING,
            rows_total=len(figures))
        return _import_rows(record.pk, rows)


class _Row:
    __slots__ = ("indicator", "period", "breakdown", "category", "value")

    def __init__(self, indicator, period, breakdown, category, value):
        self.indicator, self.period, self.breakdown = indicator, period, breakdown
        self.category, self.value = category, value


def _check(record: DataImport, data: bytes, today: date):
    """Every bad row with its line number and reason; or, if there are none, the rows."""
    found = _header_and_body(data, record.kind == "xlsx")
    if isinstance(found, rules.RowError):
        return [found], []
    header_line, where, body = found
    DataImport.objects.filter(pk=record.pk).update(rows_total=len(body))
    record.rows_total = len(body)

    def progress(done):
        DataImport.objects.filter(pk=record.pk).update(rows_done=done)

    return _check_rows(record.indicator_set, where, body, header_line, today, progress)


def _check_rows(indicator_set, where, body, header_line, today, progress=None):
    """Every bad row of `body` ([(line, cells)], `where` each column is) with its reason; or,
    if there are none, the rows. A file's rows and figures sent through the API alike."""
    indicators = {i.code.lower(): i for i in indicator_set.indicators.all()}
    areas = list(indicator_set.partnership.areas.values_list("name", flat=True))
    errors, rows, seen = [], [], {}
    for done, (number, row) in enumerate(body, start=1):
        cell = {name: (row[index] if index < len(row) else None) for name, index in where.items()}
        if not _filled(cell["value"]):
            continue  # a template row left empty: nothing reported for it
        found, reason = _row(cell, indicators, areas, today)
        if reason:
            errors.append(rules.RowError(number, reason))
        else:
            key = (found.indicator.pk, found.period, found.breakdown, found.category.lower())
            if key in seen:
                errors.append(rules.RowError(number, rules.REPEATED.format(line=seen[key])))
            else:
                seen[key] = number
                rows.append(found)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if not errors and not rows:
        errors.append(rules.RowError(header_line, rules.NO_ROWS))
    return errors, rows


def _header_and_body(data: bytes, is_excel: bool):
    """The heading row's line, where each column is, and the rows below with their lines; or
    what is wrong with the file as a whole."""
    try:
        lines = _read(data, is_excel)
    except (ValueError, KeyError, OSError, UnicodeDecodeError, csv.Error, zipfile.BadZipFile):
        return rules.RowError(1, rules.UNREADABLE)
    if not lines:
        return rules.RowError(1, rules.NO_ROWS)
    header_line, header = lines[0]
    header = [str(v or "").strip().lower() for v in header]
    missing = [name for name in rules.COLUMNS if name not in header]
    if missing:
        return rules.RowError(header_line, rules.MISSING_COLUMNS.format(
            columns=", ".join(rules.COLUMNS), missing=", ".join(missing)))
    body = lines[1:]
    if not body:
        return rules.RowError(header_line, rules.NO_ROWS)
    return header_line, {name: header.index(name) for name in rules.COLUMNS}, body


def _row(cell, indicators, areas, today):
    code = str(cell["indicator"] or "").strip()
    indicator = indicators.get(code.lower())
    if indicator is None:
        return None, rules.UNKNOWN_INDICATOR.format(code=code)
    period, reason = rules.parse_period(cell["period"], indicator.frequency)
    if reason:
        return None, reason
    if period > today:
        return None, rules.FUTURE_PERIOD
    breakdown_text = str(cell["breakdown"] or "").strip()
    category_text = str(cell["category"] or "").strip()
    breakdown = ""
    if breakdown_text:
        labels = {key: str(label).lower() for key, label in Indicator.Breakdown.choices}
        breakdown = next((key for key, label in labels.items()
                          if breakdown_text.lower() in (key, label)
                          and key in indicator.breakdowns), "")
        if not breakdown:
            return None, rules.UNKNOWN_BREAKDOWN.format(breakdown=breakdown_text)
        allowed = rules.categories_for(breakdown, areas)
        category = next((c for c in allowed if c.lower() == category_text.lower()), None)
        if category is None:
            return None, rules.UNKNOWN_CATEGORY.format(
                category=category_text, breakdown=breakdown_text.lower(),
                allowed=", ".join(allowed))
    elif category_text:
        return None, rules.CATEGORY_WITHOUT_BREAKDOWN
    else:
        category = ""
    value, reason = rules.parse_value(cell["value"], indicator.unit)
    if reason:
        return None, reason
    if value >= VALUE_LIMIT:  # more than the column holds (PostgreSQL would refuse the file)
        return None, VALUE_TOO_LARGE
    return _Row(indicator, period, breakdown, category, value), ""


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _read(data: bytes, is_excel: bool) -> list[tuple[int, list]]:
    """The file's rows with their line numbers as the person sees them (the first is 1)."""
    if is_excel:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book["Figures"] if "Figures" in book.sheetnames else book.worksheets[0]
        rows = [(number, list(row)) for number, row in
                enumerate(sheet.iter_rows(values_only=True), start=1)]
        book.close()
    else:
        text = data.decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text))
        rows = []
        for row in reader:
            rows.append((reader.line_num, row))
    return [(n, r) for n, r in rows if any(_filled(v) for v in r)]


# -- the yearly report ---------------------------------------------------------------------------


def yearly_report_build(*, partnership, year: str, by, today: date | None = None
                        ) -> YearlyReport:
    """Draft the partners' yearly report for a business year that has started: every section
    with its figures as they are today and a first narrative for the business unit to
    rewrite."""
    from safeguarding.core.business_year import BusinessYear

    today = today or timezone.localdate()
    business_year = BusinessYear.parse(year)
    if business_year.starts_on > today:
        raise ValidationError({"year": rules.YEAR_NOT_STARTED.format(year=business_year)})
    with transaction.atomic():
        if YearlyReport.objects.filter(partnership=partnership,
                                       year=business_year.label).exists():
            raise ValidationError({"year": rules.REPORT_EXISTS.format(year=business_year)})
        report = YearlyReport(
            partnership=partnership, year=business_year.label, built_by=by,
            title=f"{partnership.name}: yearly report {business_year}")
        report._history_user = by
        report.save()
        for order, found in enumerate(reporting.sections(partnership, business_year, today),
                                      start=1):
            section = ReportSection(report=report, key=found.key, order=order,
                                    title=found.title, figures=found.figures,
                                    narrative=found.narrative)
            section._history_user = by
            section.save()
    return report


def yearly_report_refresh(*, report: YearlyReport, by, today: date | None = None
                          ) -> YearlyReport:
    """Take every section's figures again from today's data, for a draft. The narratives the
    business unit has written are left as they are; a first draft nobody has changed yet is
    written again from the new figures, so it never contradicts them. The figures replaced stay
    in each section's history."""
    from safeguarding.core.business_year import BusinessYear

    today = today or timezone.localdate()
    with transaction.atomic():
        report = YearlyReport.objects.select_for_update().get(pk=report.pk)
        if report.is_published:
            raise ValidationError(rules.PUBLISHED_UNCHANGED)
        year = BusinessYear.parse(report.year)
        held = {s.key: s for s in report.sections.select_for_update()}
        for order, found in enumerate(reporting.sections(report.partnership, year, today),
                                      start=1):
            section = held.get(found.key) or ReportSection(
                report=report, key=found.key, order=order, title=found.title,
                narrative=found.narrative)
            section.figures = found.figures
            if section.version == 1:  # nobody has changed the first draft
                section.narrative = found.narrative
            section._history_user = by
            section.save()  # its version counts the narrative's changes alone
        report.built_at, report.built_by = timezone.now(), by
        report.version += 1
        report._history_user = by
        report.save()
    return report


def report_section_narrative_save(*, section: ReportSection, narrative: str,
                                  expected_version: int, by) -> ReportSection:
    """The business unit's words for a section of a draft. Each version is kept; a save from a
    copy someone else has changed since is refused with what they changed."""
    from safeguarding.core.versioning import save_versioned

    if YearlyReport.objects.filter(pk=section.report_id,
                                   status=YearlyReport.Status.PUBLISHED).exists():
        raise ValidationError(rules.PUBLISHED_UNCHANGED)
    if not narrative.strip():  # a published section must say something
        raise ValidationError({"narrative": rules.ENTER_NARRATIVE.format(title=section.title)})
    return save_versioned(section, expected_version=expected_version,
                          changes={"narrative": narrative.strip()}, by=by)


def yearly_report_publish(*, report: YearlyReport, signed_off_on: date, by,
                          on: date | None = None) -> YearlyReport:
    """Publish the report as it stands (figures and words frozen from now), put it on the
    public site's list of yearly reports, and start the clocks: 7 days to send it to the
    National Panel and the What Works centre, 12 months to the next one. Publishing meets the
    12-month clock of the report before. Its entry in the public site's publications links to
    the report's public page by its path on this site, so the link survives a change of
    address."""
    from safeguarding.core.clocks import YEARLY_REPORT_DUE, YEARLY_REPORT_SENT_DUE
    from safeguarding.core.services import deadline_meet, deadline_start
    from safeguarding.engagement import services as engagement

    on = on or timezone.localdate()
    if signed_off_on is None:
        raise ValidationError({"signed_off_on": rules.ENTER_SIGNED_OFF})
    if signed_off_on > on:
        raise ValidationError({"signed_off_on": rules.SIGNED_OFF_IN_FUTURE})
    with transaction.atomic():
        report = YearlyReport.objects.select_for_update().select_related(
            "partnership").get(pk=report.pk)
        if report.is_published:
            raise ValidationError(rules.ALREADY_PUBLISHED)
        report.status = YearlyReport.Status.PUBLISHED
        report.signed_off_on, report.published_on, report.published_by = signed_off_on, on, by
        report.version += 1
        report._history_user = by
        report.save()
        partnership = report.partnership
        earlier = (YearlyReport.objects.filter(partnership=partnership,
                                               status=YearlyReport.Status.PUBLISHED,
                                               year__lt=report.year).order_by("-year").first())
        if earlier is not None:
            deadline_meet(record=earlier, key=YEARLY_REPORT_DUE.key, on=on)
        deadline_start(record=report, key=YEARLY_REPORT_SENT_DUE.key, started_on=on,
                       partnership=partnership, owner=by)
        deadline_start(record=report, key=YEARLY_REPORT_DUE.key, started_on=on,
                       partnership=partnership, owner=by)
        publication = engagement.publication_save(
            partnership=partnership, kind="yearly_report", title=report.title,
            summary=f"How the safeguarding partners of {partnership.name} kept children safe "
                    f"in {report.year}: what they did, what they learned and what they spent.",
            link=report.get_public_url(), by=by)
        engagement.publication_publish(publication=publication, by=by, on=on)
    return report


def yearly_report_sent_record(*, report: YearlyReport, by, sent_to_panel_on: date | None = None,
                              sent_to_what_works_on: date | None = None,
                              today: date | None = None) -> YearlyReport:
    """The dates the published report went to the National Panel and to the What Works centre.
    The 7-day clock is met once both are recorded, on the later date."""
    from safeguarding.core.clocks import YEARLY_REPORT_SENT_DUE
    from safeguarding.core.services import deadline_meet

    today = today or timezone.localdate()
    with transaction.atomic():
        report = YearlyReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_published:
            raise ValidationError(rules.NOT_PUBLISHED_YET)
        if sent_to_panel_on is None and sent_to_what_works_on is None:
            raise ValidationError({"sent_to_panel_on": rules.ENTER_A_SENT_DATE})
        problems = {name: problem for name, value in (("sent_to_panel_on", sent_to_panel_on),
                                                      ("sent_to_what_works_on",
                                                       sent_to_what_works_on))
                    if (problem := rules.sent_date_problem(value, report.published_on, today))}
        if problems:
            raise ValidationError(problems)
        report.sent_to_panel_on = sent_to_panel_on or report.sent_to_panel_on
        report.sent_to_what_works_on = sent_to_what_works_on or report.sent_to_what_works_on
        report.version += 1
        report._history_user = by
        report.save()
        if report.sent_to_panel_on and report.sent_to_what_works_on:
            deadline_meet(record=report, key=YEARLY_REPORT_SENT_DUE.key,
                          on=max(report.sent_to_panel_on, report.sent_to_what_works_on))
    return report
