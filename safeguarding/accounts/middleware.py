"""Two-factor sign-in for everyone who can see case records."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from rest_framework.views import APIView

from safeguarding.accounts.services import has_two_factor

EXEMPT_URL_NAMES = {
    "accounts:two-factor", "accounts:two-factor-setup", "accounts:sign-out",
    "accounts:recovery-codes",
}


class TwoFactorRequiredMiddleware:
    """A signed-in person who has set up two-factor, or whose roles need it, reaches nothing
    but the two-factor pages until they have entered a code in this session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_URL_NAMES:
            return None
        view_class = getattr(view_func, "view_class", None)
        if getattr(view_func, "access_rule", None) == "public" or getattr(
            view_class, "access_rule", None
        ) == "public":
            return None
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            # The JSON API signs in by API token, never by this session: its refusals are 401
            # answers in JSON, not a redirect to a page a program cannot fill in.
            return None
        if has_two_factor(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two-factor')}?{query}")
        if user.needs_two_factor:
            return redirect("accounts:two-factor-setup")
        return None


SESSION_ENDED = "Your session ended because you were inactive. Sign in again to carry on."


class SessionEndedMiddleware:
    """Tell the person their session ran out while they were away: their browser still sends
    the cookie of a session the server has ended. The notice travels in the messages cookie, so
    a stale or made-up cookie creates no session on the server."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.COOKIES.get(settings.SESSION_COOKIE_NAME) and not request.session.keys():
            messages.info(request, SESSION_ENDED)
        return self.get_response(request)
