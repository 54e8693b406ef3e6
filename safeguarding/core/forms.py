"""Forms of the shared pages: action progress, the access log search and the retention
decision."""

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.core.fields import DateField
from safeguarding.core.models import AccessEvent, ActionItem

RELOAD = "This page was out of date. Reload it and make your changes again"
def add_service_errors(error: ValidationError, form):
    """Put a service's refusal on the form, field by field, so the page shows it in the GOV.UK
    error summary; errors about fields the form lacks go to the top of the summary."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


CHOOSE_STATUS = "Select the action's status"
ENTER_COMPLETION_EVIDENCE = "Enter the evidence that the action is complete"
COMPLETED_IN_FUTURE = "The date completed must be today or in the past"
DATES_BACKWARDS = "The ‘to’ date must be the same as or after the ‘from’ date"


class ActionUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput,
                                 error_messages={"required": RELOAD, "invalid": RELOAD})
    status = forms.ChoiceField(
        label="Status", choices=ActionItem.Status.choices, widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_STATUS},
    )
    completion_evidence = forms.CharField(
        label="Evidence of completion", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was done, and where the evidence is kept.",
    )
    impact_evidence = forms.CharField(
        label="Evidence of impact", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What changed for children and families because of it, when known.",
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ActionItem.Status.COMPLETED and not (
            cleaned.get("completion_evidence") or ""
        ).strip():
            self.add_error("completion_evidence", ENTER_COMPLETION_EVIDENCE)
        return cleaned


class AccessLogSearchForm(forms.Form):
    who = forms.CharField(label="Person (name or email)", required=False, max_length=200)
    record = forms.CharField(label="Record (case reference)", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="What happened", required=False,
        choices=[("", "Anything")] + list(AccessEvent.Kind.choices),
    )
    since = forms.DateField(label="From (for example 27/3/2026)", required=False,
                            input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    until = forms.DateField(label="To", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", DATES_BACKWARDS)
        return cleaned


CHOOSE_DECISION = "Select what to do with the record"


class RetentionDecisionForm(forms.Form):
    """What the business manager decides about a record past its retention period."""

    DISPOSE, KEEP = "dispose", "keep"

    decision = forms.ChoiceField(label="What to do", widget=forms.RadioSelect,
                                 error_messages={"required": CHOOSE_DECISION})
    reason = forms.CharField(label="Why keep it for longer", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="For example, an inquiry, a claim or a request from the "
                                       "National Panel. Only if you keep it.")
    keep_until = DateField(label="Keep it until", what="the date to keep the record until",
                           required=False, help_text="Only if you keep it. For example, 31 3 2030")

    def __init__(self, *args, disposal: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (self.DISPOSE, f"Approve: it will be {disposal} now"),
            (self.KEEP, "Keep it for longer"),
        ]
