"""The way from the service's start page to each partnership's public site."""

from django import template

from safeguarding.engagement import selectors

register = template.Library()


@register.simple_tag
def partnership_sites():
    """Every partnership the platform hosts, for the start page."""
    return selectors.partnerships_listed()
