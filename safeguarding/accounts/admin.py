"""The operators' pages: accounts and grants. Operators sign in with two-factor like everyone,
and the policy gives them no way into case records (none are registered here)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.urls import reverse
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice

from safeguarding.accounts.forms import IdentityProviderForm
from safeguarding.accounts.models import IdentityProvider, RoleGrant, User

admin.site.__class__ = OTPAdminSite
# Recovery codes are shown once to their owner; operators reset two-factor by removing devices.
admin.site.unregister(StaticDevice)
admin.site.site_header = "Safeguarding Partnership Platform: operators"


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    fields = ("role", "partnership", "agency", "group", "starts_on", "ends_on")
    autocomplete_fields = ()


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff", "is_demo")
    list_filter = ("is_active", "is_staff", "is_demo")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser", "is_demo")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",),
                             "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ()
    inlines = [RoleGrantInline]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    """An organisation's own sign-in for a partnership (docs/single-sign-on.md). The client
    secret is written here and never shown again, not even to operators."""

    form = IdentityProviderForm
    list_display = ("display_name", "partnership", "kind", "issuer", "is_enabled", "trust_mfa")
    list_filter = ("partnership", "kind", "is_enabled")
    list_select_related = ("partnership",)
    search_fields = ("display_name", "issuer", "client_id")
    prepopulated_fields = {"slug": ("display_name",)}
    readonly_fields = ("redirect_uri",)
    fieldsets = (
        (None, {"fields": ("partnership", "display_name", "slug", "is_enabled")}),
        ("The provider", {"fields": ("kind", "issuer", "client_id", "client_secret",
                                     "redirect_uri")}),
        ("Who it signs in", {"fields": ("email_domains", "trust_mfa")}),
    )

    # Whoever sets a provider's issuer and domains can sign in as anyone in them: superusers only.
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description="Redirect URI to register with the provider")
    def redirect_uri(self, provider):
        if not provider.slug:
            return "Shown once saved"
        path = reverse("accounts:single-sign-on-callback", args=[provider.slug])
        return f"{settings.SITE_URL.rstrip('/')}{path}"
