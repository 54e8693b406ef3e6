"""The import template of an indicator set, as CSV or Excel: the headings, then a row for each
figure the set's indicators take (the total and each category of each breakdown), the period
and value left to fill in. Excel adds a sheet explaining the indicators."""

from __future__ import annotations

import csv
import io

from safeguarding.core.files import safe_row
from safeguarding.intelligence import rules
from safeguarding.intelligence.models import Indicator, IndicatorSet


def template_rows(indicator_set: IndicatorSet) -> list[list[str]]:
    areas = list(indicator_set.partnership.areas.values_list("name", flat=True))
    labels = dict(Indicator.Breakdown.choices)
    rows = []
    for indicator in indicator_set.indicators.all():
        rows.append([indicator.code, "", "", "", ""])
        for key in indicator.breakdowns:
            for category in rules.categories_for(key, areas):
                rows.append([indicator.code, "", str(labels[key]), category, ""])
    return rows


def template_csv(indicator_set: IndicatorSet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rules.COLUMNS)
    for row in template_rows(indicator_set):
        writer.writerow(safe_row(row))
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(indicator_set: IndicatorSet) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Figures"
    sheet.append(list(rules.COLUMNS))
    for row in template_rows(indicator_set):
        sheet.append(safe_row(row))
    guide = book.create_sheet("Indicators")
    guide.append(["indicator", "name", "definition", "unit", "frequency", "period"])
    for indicator in indicator_set.indicators.all():
        guide.append(safe_row([indicator.code, indicator.name, indicator.definition,
                               indicator.get_unit_display(), indicator.get_frequency_display(),
                               "The first month of the period, like 2026-04"]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
