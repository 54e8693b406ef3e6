"""The JSON API's rate limits: each API token on its own, all the tokens of one agency's
people together (so an agency cannot get round its limit by making more tokens), and each
address for the calls made without a token (the public endpoints, so one address cannot flood
them).

The rates are settings (`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`, from `API_RATE_PER_TOKEN`,
`API_RATE_PER_AGENCY` and `API_RATE_PER_ADDRESS`), read at each call so a changed setting takes
effect. The caller's address is REST framework's (`get_ident`): the connection's, or, behind
`NUM_PROXIES` proxies (`API_TRUSTED_PROXIES`), the one they put in X-Forwarded-For. The counts are
kept in the default cache, which is the database unless a deployment names another shared one:
every app server sees the same counts. A call over a limit is refused with 429 and a
`Retry-After` header (`core.api.problem_handler`).
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from safeguarding.accounts.models import ApiToken, current_grants


class _LiveRate(SimpleRateThrottle):
    """REST framework reads the rates once, at import; these read them at each call."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_LiveRate):
    """Calls made with one API token. Calls without a token are refused before this counts."""

    scope = "api_token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AgencyRateThrottle(_LiveRate):
    """Calls made with the tokens of everyone who holds a role in an agency, counted for each
    agency they hold one in. A token of someone with no agency role (the business unit) is
    limited by its own count only."""

    scope = "api_agency"

    def allow_request(self, request, view):
        if self.rate is None or not isinstance(request.auth, ApiToken):
            return True
        agencies = sorted({grant.agency_id for grant in current_grants(request.user)
                           if grant.agency_id is not None})
        if not agencies:
            return True
        self.now = self.timer()
        counted = []
        for agency_id in agencies:
            key = self.cache_format % {"scope": self.scope, "ident": agency_id}
            history = [at for at in self.cache.get(key, []) if at > self.now - self.duration]
            if len(history) >= self.num_requests:
                self.history = history
                return self.throttle_failure()
            counted.append((key, history))
        for key, history in counted:
            self.cache.set(key, [self.now, *history], self.duration)
        return True


class AddressRateThrottle(_LiveRate):
    """Calls made without an API token, counted by the caller's address. A call with a token is
    counted by the token and its agency instead; a call to a token endpoint without one is
    refused (401) before any throttle counts it.

    The address is the connection's unless the deployment says how many proxies in front set
    X-Forwarded-For (`NUM_PROXIES`); then it is the one the nearest of them saw, so a caller
    cannot dodge the limit by sending a header of its own."""

    scope = "api_address"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
