"""Reads for accounts."""

from safeguarding.accounts.models import IdentityProvider


def identity_provider_list():
    """The organisations' own sign-ins offered on the sign-in page, by partnership."""
    return IdentityProvider.objects.filter(is_enabled=True).select_related("partnership")
