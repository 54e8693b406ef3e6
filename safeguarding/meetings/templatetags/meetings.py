from django import template

register = template.Library()


@register.filter
def papers_for(papers, item):
    """The papers of one agenda item, from the dictionary the view built in one query."""
    return papers.get(item.pk, [])
