"""Forms for practitioner disagreements, GOV.UK style. Error messages are the rules' own."""

from django import forms

from safeguarding.core.fields import DateField
from safeguarding.escalations.models import Theme
from safeguarding.escalations.rules import CHOOSE_NEXT

RELOAD = "This page was out of date. Reload it and record the outcome again"


class EscalationForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label="Partnership", queryset=None, error_messages={"required": "Select the partnership"})
    raising_agency = forms.ModelChoiceField(
        label="Your agency", queryset=None, error_messages={"required": "Select your agency"})
    other_agency = forms.ModelChoiceField(
        label="The agency you disagree with", queryset=None,
        error_messages={"required": "Select the agency you disagree with"})
    reference = forms.CharField(
        label="Case reference", max_length=40,
        help_text="The reference of the child's record. Never the child's name.",
        error_messages={"required": "Enter the case reference"})
    raised_on = DateField(label="Date you raised the disagreement with the other agency",
                          what="the date you raised the disagreement",
                          help_text="For example, 27 3 2026. The first stage's target counts "
                                    "from this date.")
    theme = forms.ChoiceField(label="What is it about?", choices=Theme.choices,
                              widget=forms.RadioSelect,
                              error_messages={"required": "Select what the disagreement is about"})
    concern = forms.CharField(
        label="What the disagreement is", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The other agency's decision and why you disagree. Use the case reference, not "
                  "names.", error_messages={"required": "Enter what the disagreement is"})
    wanted = forms.CharField(
        label="What you want to happen", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what you want to happen"})

    def __init__(self, *args, partnerships, raising_agencies, other_agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["raising_agency"].queryset = raising_agencies
        self.fields["other_agency"].queryset = other_agencies
        if len(partnerships) == 1:
            self.fields["partnership"].initial = partnerships[0]


class OutcomeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput,
                                 error_messages={"required": RELOAD, "invalid": RELOAD})
    to_stage = forms.IntegerField(widget=forms.HiddenInput, required=False)
    outcome = forms.CharField(label="Outcome of this stage",
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="What was discussed and agreed, by whom.",
                              error_messages={"required": "Enter the outcome of this stage"})
    outcome_on = DateField(label="Date of the outcome", what="the date of the outcome")
    next_step = forms.ChoiceField(label="What happens next?", widget=forms.RadioSelect,
                                  choices=[],
                                  error_messages={"required": CHOOSE_NEXT,
                                                  "invalid_choice": CHOOSE_NEXT})
    learning = forms.CharField(label="Learning (if resolved)", required=False,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="What the agencies will do differently.")

    def __init__(self, *args, following=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("resolve", "Resolved at this stage")]
        if following is not None:
            choices.append(("escalate", f"Escalate to stage {following.number}: "
                                        f"{following.name.lower()}"))
        self.fields["next_step"].choices = choices
