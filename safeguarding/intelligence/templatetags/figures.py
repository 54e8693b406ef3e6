import re
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from safeguarding.intelligence.models import Indicator

register = template.Library()

PERCENT = Indicator.Unit.PERCENT
STORED_NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a figure kept as text (a yearly report's target)


@register.filter
def figure(value, unit: str = "") -> str:
    """A figure as people read it: 1,234 or 12.5, with % for a percentage; suppressed cells
    ("fewer than 5") as they are; nothing for no figure."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) and STORED_NUMBER.fullmatch(value):
        value = Decimal(value)
    if not isinstance(value, (int, float, Decimal)):
        return str(value)
    value = Decimal(value)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}".rstrip("0")
    return f"{text}%" if unit == PERCENT else text


@register.filter
def signed(value, unit: str = "") -> str:
    """A change between two figures, with its sign. Between two percentages it is in
    percentage points: 19.9% after 20% is a change of −0.1 points, not of −0.1%."""
    if value is None:
        return ""
    text = figure(abs(value))
    if unit == PERCENT:
        text = format_html('{} <abbr title="percentage points">pp</abbr>', text)
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return format_html("{}{}", sign, text)


@register.filter
def no_figure(value, unit: str = ""):
    """A figure, or a dash read out as "no figure" where there is none."""
    if value is None or value == "":
        return mark_safe(  # noqa: S308 - fixed text
            '<span aria-hidden="true">–</span><span class="govuk-visually-hidden">no figure'
            '</span>')
    return figure(value, unit)


@register.simple_tag
def report_chart(chart: dict):
    """A yearly report's chart, drawn from the figures stored with the report."""
    from safeguarding.core.charts import Point, line_chart

    points = [Point(label, None if number is None else Decimal(number))
              for label, number, _ in chart["points"]]
    target = chart.get("target")
    return line_chart(points, title=chart["title"],
                      target=None if target is None else Decimal(target),
                      suffix="%" if chart.get("unit") == PERCENT else "")


@register.filter
def paragraphs(text: str):
    """Plain text as GOV.UK paragraphs: a blank line between paragraphs, a line break kept."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    blocks = [block.strip() for block in str(text or "").replace("\r\n", "\n").split("\n\n")]
    return mark_safe("".join(  # noqa: S308 - every text in it is escaped
        f'<p class="govuk-body">{escape(block).replace(chr(10), "<br>")}</p>'
        for block in blocks if block))


@register.filter
def aligned(row: list, numeric: list | None):
    """Each cell of a stored table's row with whether its column holds figures."""
    numeric = numeric or []
    return [(cell, i < len(numeric) and numeric[i]) for i, cell in enumerate(row)]
