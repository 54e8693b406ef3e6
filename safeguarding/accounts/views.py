"""Signing in and out (with a password or an organisation's own sign-in), two-factor set-up and
codes, password reset, the person's own account."""

from __future__ import annotations

import base64
import math
import time
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from safeguarding.accounts import forms, oidc, selectors, services
from safeguarding.accounts.access import PublicView, SignedInView
from safeguarding.accounts.models import IdentityProvider, User, current_grants
from safeguarding.core.models import AccessEvent
from safeguarding.core.services import access_log


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class SignIn(PublicView, auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identity_providers"] = selectors.identity_provider_list()
        if settings.DEMO_MODE:
            context["demo_users"] = (
                User.objects.filter(is_demo=True, is_active=True)
                .prefetch_related("role_grants__partnership", "role_grants__agency",
                                  "role_grants__group")
                .order_by("email")
            )
            context["demo_password"] = settings.DEMO_PASSWORD
        return context

    def get_success_url(self):
        return after_sign_in(self.request.user, safe_next(self.request, reverse("core:my-work")))


def after_sign_in(user: User, target: str) -> str:
    """Where a person goes once signed in without a code yet: the code page if they have an
    authenticator app, setting one up if their roles need it, otherwise where they were going."""
    if services.has_two_factor(user):
        return f"{reverse('accounts:two-factor')}?{urlencode({'next': target})}"
    if user.needs_two_factor:
        return reverse("accounts:two-factor-setup")
    return target


class SignOut(PublicView, auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


# -- Single sign-on: an organisation's own sign-in (docs/single-sign-on.md) ----------------------

SSO_ATTEMPTS = "single_sign_on"  # in the session: state -> what must come back with it
ATTEMPT_SECONDS = 10 * 60
KEEP_ATTEMPTS = 5  # sign-ins started in other tabs stay open; older ones are dropped
SIGN_IN_WITH_PASSWORD = " Sign in with your email address and password instead."
UNREACHABLE = "{provider} cannot be reached at the moment. Try again later." + SIGN_IN_WITH_PASSWORD
PROVIDER_SAID_NO = ("{provider} did not sign you in. If you cancelled, you can start again. "
                    "Otherwise ask your organisation's IT service desk.")
NOT_THIS_SIGN_IN = ("This sign-in could not be completed: it was not started on this service in "
                    "this browser, it was used already, or it took more than 10 minutes. Start "
                    "again from the sign-in page.")
ANSWER_NOT_ACCEPTED = ("{provider} sent an answer this service cannot accept. Try again; if it "
                       "happens again, tell your partnership's business unit.")
# Django's own backend loads the person on each request; the provider is not asked again.
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def callback_uri(request, provider: IdentityProvider) -> str:
    return request.build_absolute_uri(
        reverse("accounts:single-sign-on-callback", args=[provider.slug]))


def sign_in_refused(request, provider, message: str, *, log: str, status: int, user=None):
    """The page that says why the organisation's sign-in did not sign the person in; the refusal
    goes in the access log first."""
    access_log(request=request, user=user, kind=AccessEvent.Kind.SIGN_IN_FAILED,
               detail=f"Single sign-on refused. {log}")
    return render(request, "accounts/single_sign_on_refused.html",
                  {"provider": provider, "message": message}, status=status)


class SingleSignOnStart(PublicView, View):
    """Send the browser to the organisation's sign-in page, remembering (in this browser's
    session) the state, nonce and PKCE verifier that must come back."""

    def get(self, request, slug):
        provider = get_object_or_404(IdentityProvider, slug=slug, is_enabled=True)
        try:
            configuration = oidc.discover(provider.issuer)
        except oidc.ProviderError as problem:
            return sign_in_refused(request, provider, UNREACHABLE.format(provider=provider),
                                   log=f"{provider}: {problem}", status=502)
        attempt = oidc.Attempt.new()
        now = time.time()
        attempts = {state: kept for state, kept in request.session.get(SSO_ATTEMPTS, {}).items()
                    if now - kept["at"] < ATTEMPT_SECONDS}
        newest = sorted(attempts.items(), key=lambda item: item[1]["at"])[-(KEEP_ATTEMPTS - 1):]
        attempts = dict(newest)
        attempts[attempt.state] = {"provider": provider.pk, "nonce": attempt.nonce,
                                   "verifier": attempt.code_verifier, "at": now,
                                   "next": safe_next(request, "")}
        request.session[SSO_ATTEMPTS] = attempts
        return redirect(oidc.authorization_url(configuration, client_id=provider.client_id,
                                               redirect_uri=callback_uri(request, provider),
                                               attempt=attempt))


class SingleSignOnCallback(PublicView, View):
    """Where the provider sends the browser back: check the state, redeem the code, check the ID
    token, find the invited account; then sign in, with the service's code still to enter unless
    the provider's multi-factor sign-in stands in for it."""

    def get(self, request, slug):
        provider = get_object_or_404(IdentityProvider, slug=slug, is_enabled=True)
        attempt = self.take_attempt(request, provider)
        if "error" in request.GET:
            said = request.GET.get("error", "")[:60]
            return sign_in_refused(request, provider, PROVIDER_SAID_NO.format(provider=provider),
                                   log=f"{provider} answered {said!r}", status=403)
        if attempt is None or not request.GET.get("code"):
            return sign_in_refused(request, provider, NOT_THIS_SIGN_IN, status=400,
                                   log=f"{provider}: the state is not one this session started")
        try:
            claims = self.checked_claims(request, provider, attempt)
            user = services.single_sign_on_person(provider=provider, claims=claims)
        except oidc.ProviderError as problem:
            return sign_in_refused(request, provider, UNREACHABLE.format(provider=provider),
                                   log=f"{provider}: {problem}", status=502)
        except oidc.TokenRefused as problem:
            return sign_in_refused(request, provider,
                                   ANSWER_NOT_ACCEPTED.format(provider=provider),
                                   log=f"{provider}: {problem}", status=400)
        except services.SignInRefused as refused:
            return sign_in_refused(request, provider, str(refused), status=403, log=refused.log,
                                   user=refused.user)
        device = services.single_sign_on_second_factor(user=user, provider=provider,
                                                       claims=claims)
        # A new session key, unless this person was signed in here already (with a password,
        # the code not yet entered): Django keeps the key then, so it is changed below.
        auth_login(request, user, backend=SESSION_BACKEND)
        request.session.pop(SSO_ATTEMPTS, None)
        target = attempt["next"] or reverse("core:my-work")
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new session key once fully signed in
            return redirect(target)
        return redirect(after_sign_in(user, target))

    @staticmethod
    def take_attempt(request, provider) -> dict | None:
        """The sign-in this state belongs to, used up: a state works once, in the browser that
        started it, for the provider it was sent to, within ten minutes."""
        attempts = request.session.get(SSO_ATTEMPTS, {})
        attempt = attempts.pop(request.GET.get("state", ""), None)
        request.session[SSO_ATTEMPTS] = attempts
        if attempt is None or attempt["provider"] != provider.pk:
            return None
        if time.time() - attempt["at"] >= ATTEMPT_SECONDS:
            return None
        return attempt

    @staticmethod
    def checked_claims(request, provider, attempt) -> dict:
        configuration = oidc.discover(provider.issuer)
        id_token = oidc.redeem_code(
            configuration, client_id=provider.client_id, client_secret=provider.client_secret,
            code=request.GET["code"], redirect_uri=callback_uri(request, provider),
            code_verifier=attempt["verifier"])
        return oidc.checked_claims(configuration, id_token, client_id=provider.client_id,
                                   nonce=attempt["nonce"])


class TwoFactor(SignedInView, FormView):
    """Enter the code from the authenticator app (or a recovery code) after the password."""

    form_class = forms.CodeForm
    template_name = "accounts/two_factor.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_verified():
            return redirect(safe_next(request, reverse("core:my-work")))
        if not services.has_two_factor(request.user):
            return redirect("accounts:two-factor-setup")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device = match_token(self.request.user, form.cleaned_data["code"])
        if device is None:
            access_log(request=self.request, kind=AccessEvent.Kind.TWO_FACTOR_FAILED,
                       detail="Wrong or reused two-factor code")
            form.add_error("code", forms.WRONG_CODE)
            return self.form_invalid(form)
        otp_login(self.request, device)
        self.request.session.cycle_key()  # a new session key once fully signed in
        if device.persistent_id.startswith("otp_static"):
            messages.warning(self.request, "You used a recovery code. It cannot be used again.")
        return redirect(safe_next(self.request, reverse("core:my-work")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = safe_next(self.request, "")
        user = self.request.user
        if settings.DEMO_MODE and user.is_demo:
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None:
                context["demo_code"] = demo_code(device)
        return context


def current_totp(device: TOTPDevice) -> int:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.token()


@dataclass(frozen=True)
class DemoCode:
    """What the code page of a demo account shows: a code that will be accepted, or, when none
    can be yet, how many seconds until one can."""

    code: str = ""
    wait_seconds: int = 0


def demo_code(device: TOTPDevice, at: float | None = None) -> DemoCode:
    """The code a demo account's authenticator would give that the device accepts now (`at`, a
    Unix time, for tests). A code works once: signing in again within the same time step, the
    current step's code is used, so the next step's is shown, which the device's tolerance
    (steps either side of now) accepts. With no later step within it, the wait for one."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    now = totp.t()
    for ahead in range(device.tolerance + 1):
        if now + ahead > device.last_t:
            totp.drift = device.drift + ahead
            return DemoCode(code=f"{totp.token():0{device.digits}d}")
    # The first step whose window reaches past the last one used, on the device's own clock.
    first_step = device.last_t + 1 - device.tolerance - device.drift
    starts_at = device.t0 + first_step * device.step
    return DemoCode(wait_seconds=max(1, math.ceil(starts_at - totp.time)))


class TwoFactorSetup(SignedInView, FormView):
    """Set up an authenticator app: scan the QR code, confirm with a code, keep recovery codes."""

    form_class = forms.SetupCodeForm
    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if services.has_two_factor(request.user) and not request.user.is_verified():
            return redirect("accounts:two-factor")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = services.totp_device_for_setup(self.request.user)
        context["qr_svg"] = qr_svg_data_uri(device.config_url)
        context["secret"] = " ".join(
            base64.b32encode(device.bin_key).decode()[i:i + 4]
            for i in range(0, len(base64.b32encode(device.bin_key)), 4)
        )
        return context

    def form_valid(self, form):
        device = services.totp_device_for_setup(self.request.user)
        codes = services.totp_confirm(user=self.request.user, device=device,
                                      code=form.cleaned_data["code"])
        if codes is None:
            access_log(request=self.request, kind=AccessEvent.Kind.TWO_FACTOR_FAILED,
                       detail="Wrong code while setting up two-factor")
            form.add_error("code", forms.WRONG_SETUP_CODE)
            return self.form_invalid(form)
        otp_login(self.request, device)
        self.request.session.cycle_key()  # a new session key once fully signed in
        self.request.session["recovery_codes"] = codes
        return redirect("accounts:recovery-codes")


def qr_svg_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


class RecoveryCodes(SignedInView, View):
    """Shown once, straight after set-up or after asking for new ones."""

    def get(self, request):
        codes = request.session.pop("recovery_codes", None)
        if not codes:
            return redirect("accounts:account")
        return render(request, "accounts/recovery_codes.html", {"codes": codes})

    def post(self, request):
        if not request.user.is_verified():
            return redirect("accounts:two-factor")
        request.session["recovery_codes"] = services.recovery_codes_replace(request.user)
        return redirect("accounts:recovery-codes")


class Account(SignedInView, TemplateView):
    template_name = "accounts/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["grants"] = current_grants(self.request.user)
        context["has_two_factor"] = services.has_two_factor(self.request.user)
        return context


class ApiTokenList(SignedInView, TemplateView):
    """The person's API tokens, for their agency's own system: when each expires and was last
    used, and a way to revoke it."""

    template_name = "accounts/api_tokens.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tokens"] = self.request.user.api_tokens.all()
        context["today"] = timezone.localdate()
        return context


NEW_SECRET = "api_token_secret"


class ApiTokenCreate(SignedInView, FormView):
    form_class = forms.ApiTokenForm
    template_name = "accounts/api_token_form.html"

    def form_valid(self, form):
        token, secret = services.api_token_create(user=self.request.user, **form.cleaned_data)
        # Shown once, on the next page, then gone: only the hash is kept (like recovery codes).
        self.request.session[NEW_SECRET] = {"id": token.pk, "secret": secret}
        return redirect("accounts:api-token-created")


class ApiTokenCreated(SignedInView, View):
    def get(self, request):
        made = request.session.pop(NEW_SECRET, None)
        token = made and request.user.api_tokens.filter(pk=made["id"]).first()
        if not token:
            return redirect("accounts:api-tokens")
        response = render(request, "accounts/api_token_created.html",
                          {"token": token, "secret": made["secret"]})
        response["Cache-Control"] = "no-store"
        return response


class ApiTokenRevoke(SignedInView, TemplateView):
    """Stop one of the person's own tokens working (another person's token is not found)."""

    template_name = "accounts/api_token_revoke.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.token = get_object_or_404(request.user.api_tokens, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(token=self.token, **kwargs)

    def post(self, request, pk):
        token = services.api_token_revoke(token=self.token, by=request.user)
        messages.success(request, f"Token “{token.name}” revoked: it no longer opens the API")
        return redirect("accounts:api-tokens")


class PasswordReset(PublicView, auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetSent(PublicView, auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirm(PublicView, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetComplete(PublicView, auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
