from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def figure(value, unit: str = "") -> str:
    """A figure as people read it: 1,234 or 12.5, with % for a percentage; suppressed cells
    ("fewer than 5") as they are; nothing for no figure."""
    if value is None or value == "":
        return ""
    if not isinstance(value, (int, float, Decimal)):
        return str(value)
    value = Decimal(value)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}".rstrip("0")
    return f"{text}%" if unit == "percent" else text


@register.filter
def signed(value, unit: str = "") -> str:
    if value is None:
        return ""
    text = figure(abs(value), unit)
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text
