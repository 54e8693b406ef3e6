"""The operators' pages: accounts and grants. Operators sign in with two-factor like everyone,
and the policy gives them no way into case records (none are registered here)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.admin import OTPAdminSite
from django_otp.plugins.otp_static.models import StaticDevice

from safeguarding.accounts.models import RoleGrant, User

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
