from django.contrib import admin

from safeguarding.escalations.models import EscalationStage


@admin.register(EscalationStage)
class EscalationStageAdmin(admin.ModelAdmin):
    """The stages are each partnership's configuration; disagreements themselves are only
    handled through the application, where every view is logged."""

    list_display = ("partnership", "number", "name", "target_working_days")
    list_filter = ("partnership",)
