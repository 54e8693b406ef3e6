"""Reads for accounts."""

from safeguarding.accounts.models import IdentityProvider


def identity_provider_list():
    """The organisations' own sign-ins offered on the sign-in page, by partnership. Their
    secrets are not read: a secret that cannot be decrypted (a key removed too soon) must not
    take down the page where everyone signs in."""
    return (IdentityProvider.objects.filter(is_enabled=True).select_related("partnership")
            .defer("client_secret"))
