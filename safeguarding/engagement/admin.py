"""The public site's configuration: the glossary, thresholds, the partnership's profile and
front doors, and publications."""

from django.contrib import admin

from safeguarding.engagement.models import (
    FrontDoor,
    GlossaryTerm,
    Publication,
    PublicProfile,
    ThresholdLevel,
    ThresholdModel,
)


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("term", "expansion", "partnership")
    list_filter = ("partnership",)
    search_fields = ("term", "expansion", "definition")


class ThresholdLevelInline(admin.TabularInline):
    model = ThresholdLevel
    extra = 0


@admin.register(ThresholdModel)
class ThresholdModelAdmin(admin.ModelAdmin):
    list_display = ("partnership", "title", "has_levels")
    inlines = [ThresholdLevelInline]


@admin.register(PublicProfile)
class PublicProfileAdmin(admin.ModelAdmin):
    list_display = ("partnership", "email", "phone")


@admin.register(FrontDoor)
class FrontDoorAdmin(admin.ModelAdmin):
    list_display = ("partnership", "area", "service", "phone")
    list_filter = ("partnership",)


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "partnership", "published_on")
    list_filter = ("partnership", "kind")
