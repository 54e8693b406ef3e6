"""Signing in and out, two-factor set-up and codes, password reset, the person's own account."""

from __future__ import annotations

import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
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

from safeguarding.accounts import forms, services
from safeguarding.accounts.access import PublicView, SignedInView
from safeguarding.accounts.models import User, current_grants
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
        user = self.request.user
        if services.has_two_factor(user):
            query = urlencode({"next": safe_next(self.request, reverse("core:my-work"))})
            return f"{reverse('accounts:two-factor')}?{query}"
        if user.needs_two_factor:
            return reverse("accounts:two-factor-setup")
        return safe_next(self.request, reverse("core:my-work"))





class SignOut(PublicView, auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


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
                context["demo_code"] = f"{current_totp(device):06d}"
        return context


def current_totp(device: TOTPDevice) -> int:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.token()


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
