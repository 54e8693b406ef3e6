"""Template helpers for the GOV.UK patterns every form shares."""

from django import template

register = template.Library()


def field_anchor(field) -> str:
    """The id of the box the error summary's link should move focus to."""
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_1"  # crispy-forms-gds numbers the options from 1
    if field.widget_type == "dateinput":
        return f"{field.auto_id}_0"  # the day box
    return field.auto_id


@register.simple_tag
def error_items(form=None, more_forms=None):
    """Every error of `form` and of `more_forms` (a formset's forms, say) as (anchor, message),
    in page order: one error summary for the whole page."""
    items = []
    for each in [form, *(more_forms or [])]:
        if not each or not hasattr(each, "errors") or not each.errors:
            continue
        visible = each.visible_fields()
        first = field_anchor(visible[0]) if visible else "main-content"
        for field in each.hidden_fields():
            items += [("main-content", error) for error in field.errors]
        items += [(first, error) for error in each.non_field_errors()]
        for field in visible:
            items += [(field_anchor(field), error) for error in field.errors]
    return items
