"""Users and their role grants."""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_otp.models import Device
from simple_history.models import HistoricalRecords

from safeguarding.accounts.roles import CASE_RECORD_ROLES, SCOPE_REQUIRED, Role
from safeguarding.core.fields import EncryptedTextField
from safeguarding.core.models import Dated


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def holding(self, role: str, *, on=None, **where):
        """The people who hold `role` on a day (today by default) where it is held: an
        agency's safeguarding leads are `User.objects.holding("agency_lead", agency=agency)`."""
        from django.utils import timezone

        grants = RoleGrant.objects.current(on or timezone.localdate()).filter(role=role, **where)
        return self.filter(pk__in=grants.values("user_id"))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The e-mail address is the user name."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May use the operators' administration pages."
    )
    is_demo = models.BooleanField(default=False, help_text="A demo account, listed in demo mode.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()
    # Who changed whose access, and when (is_staff, is_active...); never the password hash.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm, obj=None):
        # Django lets superusers do anything; the access policy does not (need-to-know holds for
        # everyone), so every question goes to the policy backend.
        if not self.is_active:
            return False
        from django.contrib.auth import get_backends

        return any(
            backend.has_perm(self, perm, obj)
            for backend in get_backends()
            if hasattr(backend, "has_perm")
        )

    def grants_on(self, day=None):
        """This user's grants in force on `day` (today if not given)."""
        return self.role_grants.current(day or timezone.localdate())

    @property
    def needs_two_factor(self):
        roles = {grant.role for grant in current_grants(self)}
        return self.is_staff or bool(roles & CASE_RECORD_ROLES)


def current_grants(user):
    """The user's grants in force today, loaded once per request (cached on the user object)."""
    cached = getattr(user, "_current_grants", None)
    if cached is None:
        cached = list(user.grants_on().select_related("partnership", "agency", "group"))
        user._current_grants = cached
    return cached


class RoleGrant(Dated):
    """A role a user holds in a partnership, an agency or a group, from a date to a date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(max_length=40, choices=Role.choices)
    partnership = models.ForeignKey(
        "partnership.Partnership", null=True, blank=True, on_delete=models.CASCADE,
        related_name="role_grants",
    )
    agency = models.ForeignKey(
        "partnership.Agency", null=True, blank=True, on_delete=models.CASCADE,
        related_name="role_grants",
    )
    group = models.ForeignKey(
        "partnership.Group", null=True, blank=True, on_delete=models.CASCADE,
        related_name="role_grants",
    )
    starts_on = models.DateField(default=timezone.localdate)

    history = HistoricalRecords()

    class Meta(Dated.Meta):
        ordering = ["user", "role", "starts_on"]

    def __str__(self):
        where = self.partnership or self.agency or self.group
        return f"{self.get_role_display()}, {where}"

    def clean(self):
        super().clean()
        needed = SCOPE_REQUIRED[self.role]
        if getattr(self, f"{needed}_id") is None:
            raise ValidationError({needed: f"Choose the {needed} this role is held in"})


# Every token starts so, then its prefix: easy to recognise if one is pasted where it should not be.
TOKEN_START = "spp_"


class ApiTokenQuerySet(models.QuerySet):
    def in_use(self, day=None):
        """Tokens that still open the API on `day`: not revoked and not yet expired."""
        return self.filter(revoked_at__isnull=True, expires_on__gt=day or timezone.localdate())


class ApiToken(models.Model):
    """A key an agency's own system sends to the JSON API, acting as the person who made it.

    The secret is shown once, when the token is made; only its SHA-256 hash is kept. The prefix
    is the part people see, so they can tell their tokens apart (and the access log can name
    which one was refused) without the secret ever being stored or logged.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses it, like the hospital's "
                                                      "case-management system.")
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_on = models.DateField(help_text="The token stops working on this day.")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.starts_with}…)"

    @property
    def starts_with(self):
        return f"{TOKEN_START}{self.prefix}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def is_expired(self, day=None):
        return self.expires_on <= (day or timezone.localdate())


# -- Single sign-on (docs/single-sign-on.md) ------------------------------------------------------

def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower() if "@" in address else ""


class IdentityProvider(models.Model):
    """An organisation's own sign-in (OpenID Connect) that a partnership's people may use: a
    council's, an NHS trust's or a police force's Microsoft Entra ID tenant.

    It signs in people who already have an account here, found by an e-mail address the provider
    vouches for and that is in one of its domains; it never makes an account or gives a role.
    The client secret is written once, kept encrypted and never shown again.
    """

    class Kind(models.TextChoices):
        ENTRA = "entra", "Microsoft Entra ID"
        OIDC = "oidc", "Another OpenID Connect provider"

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="identity_providers",
        help_text="The partnership whose people use it (it is offered on the sign-in page).",
    )
    display_name = models.CharField(
        max_length=100,
        help_text="The button says “Sign in with” this, like “Leeds City Council account”.",
    )
    slug = models.SlugField(
        unique=True, help_text="In its sign-in addresses, like leeds-city-council: the address to "
                               "register with the provider ends /sign-in/sso/<slug>/callback/",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ENTRA,
                            help_text="Which rules say that an e-mail address is verified.")
    issuer = models.URLField(
        max_length=300, help_text="Exactly as the provider names itself. For Entra ID: "
                                  "https://login.microsoftonline.com/<tenant ID>/v2.0",
    )
    client_id = models.CharField("client ID", max_length=200,
                                 help_text="Entra ID: the application (client) ID.")
    # Encrypted at rest with the rotatable field keys (core.fields, docs/security.md).
    client_secret = EncryptedTextField(max_length=500)
    email_domains = models.TextField(
        help_text="The domains of the organisation's addresses, one a line, like leeds.gov.uk. "
                  "An address in any other domain is refused, whatever the provider says.",
    )
    trust_mfa = models.BooleanField(
        "accept the provider's multi-factor sign-in", default=False,
        help_text="When the provider says the person used multi-factor authentication (“mfa” in "
                  "the ID token's amr claim), they need not enter this service's code as well.",
    )
    is_enabled = models.BooleanField("offered on the sign-in page", default=True)

    # Who changed the sign-in of a partnership, and when; never the secret.
    history = HistoricalRecords(excluded_fields=["client_secret"])

    class Meta:
        ordering = ["partnership", "display_name"]

    def __str__(self):
        return self.display_name

    def clean(self):
        super().clean()
        self.email_domains = "\n".join(self.domains)
        bad = [d for d in self.domains if "." not in d or "@" in d or " " in d]
        if bad or not self.domains:
            raise ValidationError({"email_domains": "Enter the organisation's e-mail domains, one "
                                                    "a line, like leeds.gov.uk"})

    @property
    def domains(self) -> list[str]:
        lines = self.email_domains.replace(",", "\n").splitlines()
        return [line.strip().lstrip("@").lower() for line in lines if line.strip()]

    def vouches_for(self, address: str) -> bool:
        return email_domain(address) in self.domains


class ProviderDevice(Device):
    """The organisation's multi-factor sign-in, standing in for this service's own code: made the
    first time the provider says a person used it, and put in the session (as a code from the
    authenticator app would be) each time it says so again. No code can be typed for it."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE,
                                 related_name="devices")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "provider"],
                                               name="one_provider_device_per_person")]

    def verify_token(self, token):
        return False
