"""Sign-in, two-factor and API token forms, and the operators' form for an organisation's sign-in.
Messages are GOV.UK style and shared with the tests."""

from functools import partial

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from safeguarding.accounts import oidc
from safeguarding.accounts.models import IdentityProvider

ENTER_EMAIL = "Enter your email address"
ENTER_PASSWORD = "Enter your password"
WRONG_CREDENTIALS = (
    "Enter a correct email address and password. After repeated failures the account is locked "
    "for a while."
)
INACTIVE = "This account has been closed. Contact your partnership's business unit."
ENTER_CODE = "Enter the 6-digit code from your authenticator app, or a recovery code"
WRONG_CODE = (
    "The code is not correct or has already been used. Enter the current code from your "
    "authenticator app, or an unused recovery code"
)
ENTER_SETUP_CODE = "Enter the 6-digit code your authenticator app shows"
WRONG_SETUP_CODE = "The code does not match. Check the time on your phone and enter the newest code"


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address", max_length=254,
        error_messages={"required": ENTER_EMAIL, "invalid": "Enter an email address in the "
                        "correct format, like name@example.org"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password", strip=False, error_messages={"required": ENTER_PASSWORD},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {"invalid_login": WRONG_CREDENTIALS, "inactive": INACTIVE}

    def clean_username(self):
        return self.cleaned_data["username"].lower()


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=16, error_messages={"required": ENTER_CODE},
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false",
            "class": "govuk-input--width-10",
        }),
        help_text="From your authenticator app, or one of your recovery codes.",
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").strip()


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app", max_length=8,
        error_messages={"required": ENTER_SETUP_CODE},
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false",
            "class": "govuk-input--width-5",
        }),
    )

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "").strip()


ENTER_TOKEN_NAME = "Enter a name for the token, like the system that will use it"
CHOOSE_LIFETIME = "Select how long the token works for"
TOKEN_LIFETIMES = [("30", "30 days"), ("90", "90 days"), ("365", "1 year")]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=100, error_messages={"required": ENTER_TOKEN_NAME},
        help_text="So you can tell your tokens apart, like “Hospital case system”.",
    )
    days = forms.TypedChoiceField(
        label="How long it works for", choices=TOKEN_LIFETIMES, coerce=int, initial="90",
        widget=forms.RadioSelect, error_messages={"required": CHOOSE_LIFETIME},
        help_text="When it expires, make a new one and put it in the system instead.",
    )


# -- The operators' form for an organisation's sign-in ---------------------------------------------

ENTER_SECRET = "Enter the client secret the provider gave for this service"
NOT_HTTPS = "Enter the issuer's https address"
ISSUER_NOT_FOUND = "Enter the issuer exactly as the provider names itself ({problem})"
NEW_SECRET_HELP = "From the provider (Entra ID: “Certificates & secrets”). Never shown again."
SAVED_SECRET_HELP = "A secret is saved and is never shown. Leave blank to keep it."


class IdentityProviderForm(forms.ModelForm):
    """The secret is written, never read back; a new issuer is looked up before it is saved."""

    client_secret = forms.CharField(
        label="Client secret", required=False, max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = IdentityProvider
        fields = ["partnership", "display_name", "slug", "is_enabled", "kind", "issuer",
                  "client_id", "client_secret", "email_domains", "trust_mfa"]
        field_classes = {"issuer": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = self.instance.pk is not None and bool(self.instance.client_secret)
        self.fields["client_secret"].help_text = SAVED_SECRET_HELP if saved else NEW_SECRET_HELP

    def clean_client_secret(self):
        # Runs before the form's values reach the instance, which still holds the saved secret.
        secret = self.cleaned_data["client_secret"]
        if secret:
            return secret
        if self.instance.pk is not None and self.instance.client_secret:
            return self.instance.client_secret
        raise forms.ValidationError(ENTER_SECRET)

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"]
        if self.instance.pk is not None and issuer == self.instance.issuer:
            return issuer
        if not oidc.secure_enough(issuer):
            raise forms.ValidationError(NOT_HTTPS)
        try:
            oidc.discover(issuer, fresh=True)
        except oidc.ProviderError as problem:
            raise forms.ValidationError(ISSUER_NOT_FOUND.format(problem=problem)) from None
        return issuer
