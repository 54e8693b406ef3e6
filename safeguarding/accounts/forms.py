"""Sign-in and two-factor forms. Messages are GOV.UK style and shared with the tests."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

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
