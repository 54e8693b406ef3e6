"""Plain language on public pages: the first use on a page of each acronym the glossary knows is
written out in full, with the acronym after it (DOMAIN.md section 4)."""

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from safeguarding.engagement.rules import expand_first

register = template.Library()


def _seen(context) -> set:
    """The acronyms already expanded on this page (kept on the request, so that included
    templates share it)."""
    request = context.get("request")
    holder = request if request is not None else context
    if not hasattr(holder, "_acronyms_expanded"):
        holder._acronyms_expanded = set()
    return holder._acronyms_expanded


@register.simple_tag(takes_context=True)
def expand(context, text, paragraphs=False):
    """`{% expand text %}`: the text, escaped, with acronyms expanded on their first use on the
    page. `{% expand text paragraphs=True %}` also keeps its paragraphs."""
    html = expand_first(str(text or ""), context.get("glossary") or {}, _seen(context))
    if paragraphs:
        # The text is escaped already: linebreaks must not escape the markup again.
        return mark_safe(linebreaks(html))  # noqa: S308  # nosec B308 B703
    # Escaped by expand_first.
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
