"""Forms for safeguarding data, GOV.UK style."""

from django import forms

from safeguarding.core.fields import DateField
from safeguarding.intelligence import rules
from safeguarding.intelligence.models import Indicator, Risk

RADIO = forms.RadioSelect
TEXT = forms.Textarea


class IndicatorSetForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120,
                           help_text="Like “Children's social care”. One file a set.",
                           error_messages={"required": "Enter the name of the indicator set"})
    description = forms.CharField(label="Description (optional)", required=False,
                                  widget=TEXT(attrs={"rows": 3}))


class IndicatorForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200,
                           error_messages={"required": "Enter the indicator's name"})
    code = forms.SlugField(
        label="Code", max_length=50,
        help_text="How the indicator is named in the file: letters, numbers and hyphens, like "
                  "“re-referrals”.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"required": "Enter the indicator's code",
                        "invalid": "The code can only hold letters, numbers and hyphens"})
    definition = forms.CharField(label="Definition", widget=TEXT(attrs={"rows": 3}),
                                 error_messages={"required": "Enter what the indicator counts"})
    owner_agency = forms.ModelChoiceField(label="Agency that owns the figure (optional)",
                                          queryset=None, required=False)
    unit = forms.ChoiceField(label="Unit", choices=Indicator.Unit.choices, widget=RADIO,
                             error_messages={"required": "Select the unit"})
    polarity = forms.ChoiceField(label="Which way is better", choices=Indicator.Polarity.choices,
                                 widget=RADIO,
                                 error_messages={"required": "Select which way is better"})
    target = forms.DecimalField(label="Target (optional)", required=False, min_value=0,
                                max_digits=12, decimal_places=2,
                                widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
                                error_messages={"invalid": "The target must be a number"})
    tolerance = forms.DecimalField(
        label="Tolerance (per cent of the target)", initial=5, min_value=0, max_digits=5,
        decimal_places=2, widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        help_text="A figure worse than the target by more than this is an exception.",
        error_messages={"required": "Enter the tolerance", "invalid": "The tolerance must be "
                                                                     "a number"})
    frequency = forms.ChoiceField(label="How often it is reported",
                                  choices=Indicator.Frequency.choices, widget=RADIO,
                                  error_messages={"required": "Select how often it is reported"})
    breakdowns = forms.MultipleChoiceField(
        label="Broken down by (optional)", choices=Indicator.Breakdown.choices, required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


class DataImportForm(forms.Form):
    file = forms.FileField(
        label="File of figures (CSV or Excel)",
        help_text="The set's template with the figures filled in. Every row is checked before "
                  "anything is saved.", error_messages={"required": "Select a file"})


class YearForm(forms.Form):
    year = forms.CharField(label="Business year", max_length=7, help_text="Like 2026/27",
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
                           error_messages={"required": "Enter the business year"})

    def clean_year(self):
        from safeguarding.core.business_year import BusinessYear

        try:
            return BusinessYear.parse(self.cleaned_data["year"]).label
        except ValueError:
            raise forms.ValidationError("Enter the business year like 2026/27") from None


class PriorityForm(YearForm):
    title = forms.CharField(label="Priority", max_length=200,
                            error_messages={"required": "Enter the priority"})
    description = forms.CharField(label="What the partners want to achieve (optional)",
                                  required=False, widget=TEXT(attrs={"rows": 3}))
    lead_agency = forms.ModelChoiceField(label="Lead agency (optional)", queryset=None,
                                         required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = agencies


class PriorityActionForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200,
                            error_messages={"required": "Enter the action"})
    owner_agency = forms.ModelChoiceField(label="Agency that owns it", queryset=None,
                                          error_messages={"required": "Select the agency"})
    due_on = DateField(label="Due", what="the date the action is due")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


def _money(label: str, **kwargs):
    return forms.DecimalField(
        label=label, min_value=0, max_digits=12, decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": f"Enter the {label.lower().split(' (')[0]}",
                        "invalid": f"The {label.lower().split(' (')[0]} must be an amount in "
                                   "pounds, like 1250.50"}, **kwargs)


class ContributionForm(YearForm):
    agency = forms.ModelChoiceField(label="Partner", queryset=None,
                                    error_messages={"required": "Select the partner"})
    amount = _money("Contribution (£)")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class BudgetLineForm(YearForm):
    name = forms.CharField(label="Line of expenditure", max_length=120,
                           help_text="Like “Business unit staffing” or “Independent scrutiny”.",
                           error_messages={"required": "Enter the line of expenditure"})
    budget = _money("Budget (£)")


class SpendForm(forms.Form):
    q1 = _money("Spent April to June (£)")
    q2 = _money("Spent July to September (£)")
    q3 = _money("Spent October to December (£)")
    q4 = _money("Spent January to March (£)")


SCALE = [(n, str(n)) for n in range(1, 6)]


class RiskForm(forms.Form):
    title = forms.CharField(label="Risk", max_length=200,
                            error_messages={"required": "Enter the risk"})
    description = forms.CharField(label="Description (optional)", required=False,
                                  widget=TEXT(attrs={"rows": 3}))
    owner_agency = forms.ModelChoiceField(label="Agency that owns it (optional)",
                                          queryset=None, required=False)
    likelihood = forms.TypedChoiceField(
        label="Likelihood (1 rare to 5 almost certain)", choices=SCALE, coerce=int,
        widget=RADIO, error_messages={"required": "Select the likelihood"})
    impact = forms.TypedChoiceField(
        label="Impact (1 negligible to 5 severe)", choices=SCALE, coerce=int, widget=RADIO,
        error_messages={"required": "Select the impact"})
    mitigation = forms.CharField(label="What is being done (optional)", required=False,
                                 widget=TEXT(attrs={"rows": 3}))
    status = forms.ChoiceField(label="Status", choices=Risk.Status.choices, widget=RADIO,
                               initial=Risk.Status.OPEN,
                               error_messages={"required": "Select the status"})

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


# -- the yearly report ----------------------------------------------------------------------------


class YearlyReportForm(YearForm):
    """The business year of a new yearly report."""

    year = forms.CharField(
        label="Business year", max_length=7,
        help_text="Like 2025/26. Every section is filled in from the platform's data for that "
                  "year (1 April to 31 March).",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the business year"})


RELOAD = "This page was out of date. Reload it and make your changes again"


class NarrativeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput,
                                 error_messages={"required": RELOAD, "invalid": RELOAD})
    narrative = forms.CharField(
        label="Narrative", widget=TEXT(attrs={"rows": 12}),
        help_text="Plain language for the public. Leave a blank line between paragraphs.")

    def __init__(self, *args, title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["narrative"].error_messages["required"] = rules.ENTER_NARRATIVE.format(
            title=title)


class PublishForm(forms.Form):
    signed_off_on = DateField(label="Date the lead safeguarding partners signed it off",
                              what="the date the lead safeguarding partners signed the report "
                                   "off",
                              help_text="For example, 27 6 2026")


class SentForm(forms.Form):
    sent_to_panel_on = DateField(label="Sent to the Child Safeguarding Practice Review Panel "
                                       "(optional)", what="the date it was sent to the National "
                                                          "Panel", required=False)
    sent_to_what_works_on = DateField(label="Sent to the What Works centre (optional)",
                                      what="the date it was sent to the What Works centre",
                                      required=False)
