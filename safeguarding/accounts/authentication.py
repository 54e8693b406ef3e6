"""The JSON API's sign-in: `Authorization: Bearer <token>`, a token made on the account page.

A refused token is a failed sign-in: it goes in the access log with the token's visible prefix
(never the secret), the person it belongs to when known, the path and the address.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from safeguarding.accounts import services
from safeguarding.core.models import AccessEvent
from safeguarding.core.services import access_log

SCHEME = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Reads the bearer token. No header (or another scheme) is no sign-in at all: the view's
    permission then answers 401. A token that is there but does not open the API is refused."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != SCHEME.lower():
            return None
        if len(header) != 2:
            self._refuse(request, services.TOKEN_NOT_VALID, sent="")
        try:
            token = services.api_token_check(header[1])
        except services.TokenRefused as refused:
            self._refuse(request, str(refused), sent=header[1], token=refused.token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes a missing or refused token a 401 (with this challenge), not a 403.
        return f'{SCHEME} realm="api"'

    @staticmethod
    def _refuse(request, message: str, *, sent: str, token=None):
        prefix = token.prefix if token is not None else services.token_prefix_of(sent)
        # The underlying Django request: the API's request would parse the body to look for a
        # typed e-mail address, and a body that is not JSON would fail here instead of later.
        access_log(request=request._request, user=getattr(token, "user", None),
                   kind=AccessEvent.Kind.SIGN_IN_FAILED,
                   detail=f"API token refused ({prefix or 'unknown'}): {message}")
        raise exceptions.AuthenticationFailed(message)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "An API token made on your account page (/account/api-tokens/)."}
