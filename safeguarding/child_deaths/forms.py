"""Forms of the child death review, GOV.UK style."""

from django import forms

from safeguarding.child_deaths import rules
from safeguarding.child_deaths.models import (
    Category,
    Domain,
    Modifiable,
    Place,
    Residence,
    Sex,
    Unexpected,
)
from safeguarding.core.business_year import BusinessYear
from safeguarding.core.fields import DateField

RADIO = forms.RadioSelect
YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label, rows=4, **kwargs):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class NotificationForm(forms.Form):
    partnership = forms.ModelChoiceField(label="Partnership", queryset=None,
                                         error_messages={"required": "Select the partnership"})
    notifying_agency = forms.ModelChoiceField(
        label="Your agency", queryset=None, error_messages={"required": "Select your agency"})
    reference = forms.CharField(
        label="Case reference", max_length=40,
        help_text="Your agency's reference for the child's record. Never the child's name.",
        error_messages={"required": "Enter the case reference"})
    pseudonym = forms.CharField(label="Pseudonym", max_length=40, initial="Child A",
                                error_messages={"required": "Enter a pseudonym, like Child A"})
    date_of_death = DateField(label="Date of death", what="the date of death")
    notified_on = DateField(label="Date you are notifying the CDOP",
                            what="the date you are notifying the CDOP")
    place_of_death = forms.ChoiceField(label="Place of death", choices=Place.choices,
                                       widget=RADIO, error_messages={
                                           "required": "Select the place of death"})
    residence = forms.ChoiceField(label="Where the child lived", choices=Residence.choices,
                                  widget=RADIO, initial=Residence.RESIDENT, error_messages={
                                      "required": "Select where the child lived"})
    age_years = forms.IntegerField(
        label="Age in completed years", min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={"required": "Enter the child's age in completed years",
                        "invalid": "Enter the age as a whole number, like 3",
                        "min_value": "The age must be 0 or more"})
    age_months = forms.IntegerField(
        label="Age in completed months (babies under 1 only)", required=False, min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={"invalid": "Enter the months as a whole number, like 4",
                        "min_value": rules.AGE_MONTHS_RANGE})
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=RADIO,
                            error_messages={"required": "Select the child's sex"})
    ethnicity = forms.CharField(label="Ethnicity", max_length=100, error_messages={
        "required": "Enter the child's ethnicity, or 'not known'"})
    unexpected = forms.ChoiceField(
        label="Was the death unexpected?", choices=YES_NO, widget=RADIO,
        help_text="Unexpected: not anticipated as a significant possibility 24 hours before, or "
                  "where something in the events leading to the death raises concern.",
        error_messages={"required": "Select whether the death was unexpected"})
    unexpected_because = forms.ChoiceField(
        label="If unexpected, why", required=False, widget=RADIO, choices=Unexpected.choices)
    circumstances = _text("What is known of the circumstances", rows=5,
                          help_text="Use the pseudonym. Do not write names or addresses.",
                          error_messages={"required": "Enter what is known of the circumstances"})

    def __init__(self, *args, partnerships, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["notifying_agency"].queryset = agencies

    def clean_unexpected(self):
        return self.cleaned_data["unexpected"] == "yes"


class StageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class JointAgencyResponseForm(StageForm):
    jar_meeting_on = DateField(label="Date of the initial information-sharing meeting",
                               what="the date of the information-sharing meeting",
                               required=False)
    jar_attendees = _text("Agencies at the meeting", rows=3, required=False)
    jar_timeline = _text("Timeline of the response", rows=6, required=False,
                         help_text="What each agency did and when, from the death to now.")
    post_mortem = forms.BooleanField(label="A post-mortem examination was held",
                                     required=False)
    post_mortem_report_on = DateField(label="Date the post-mortem report was received",
                                      what="the date the post-mortem report was received",
                                      required=False)


class ReviewMeetingForm(StageForm):
    cdrm_notice_sent_on = DateField(label="Date notice of the meeting was sent",
                                    what="the date notice was sent", required=False,
                                    help_text="At least one month's notice is given.")
    cdrm_on = DateField(label="Date of the Child Death Review Meeting",
                        what="the date of the meeting", required=False)
    cdrm_summary = _text("What the meeting found", rows=6, required=False)


class AnalysisForm(StageForm):
    cdop_meeting_on = DateField(label="Date of the CDOP meeting",
                                what="the date of the CDOP meeting", required=False)
    category = forms.ChoiceField(label="Category of death", required=False, widget=RADIO,
                                 choices=Category.choices,
                                 error_messages={"invalid_choice": rules.UNKNOWN_CATEGORY})
    modifiable = forms.ChoiceField(label="Were there modifiable factors?", required=False,
                                   widget=RADIO, choices=Modifiable.choices,
                                   error_messages={"invalid_choice": rules.UNKNOWN_MODIFIABLE},
                                   help_text="Factors that may have contributed to the death "
                                             "and which, through nationally or locally "
                                             "achievable interventions, could be modified to "
                                             "reduce the risk of future child deaths.")
    learning = _text("Learning identified", rows=6, required=False)


STAGE_FORMS = {"joint-agency-response": JointAgencyResponseForm,
               "review-meeting": ReviewMeetingForm, "analysis": AnalysisForm}


class ReportRequestForm(forms.Form):
    agency = forms.ModelChoiceField(label="Agency", queryset=None,
                                    error_messages={"required": "Select the agency"})
    due_on = DateField(label="Due", what="the date the form is due")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ReportForm(forms.Form):
    involvement = _text("Your agency's involvement with the child and family", rows=8,
                        required=False)
    factors = _text("Factors your agency identifies", rows=6, required=False,
                    help_text="About the child, the family and environment, parenting capacity "
                              "and the services provided.")
    learning = _text("Learning identified", rows=5, required=False)


class FactorForm(forms.Form):
    domain = forms.ChoiceField(label="Domain", choices=Domain.choices, widget=RADIO,
                               error_messages={"required": "Select the domain"})
    description = _text("The factor", rows=3, error_messages={"required": "Enter the factor"})
    contributed = forms.BooleanField(label="It may have contributed to the death",
                                     required=False, initial=True)


class ActionForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200,
                            error_messages={"required": "Enter the action"})
    owner_agency = forms.ModelChoiceField(label="Agency that owns the action", queryset=None,
                                          error_messages={"required": "Select the agency"})
    due_on = DateField(label="Due", what="the date the action is due")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label="The first notification of this child", queryset=None,
                                  widget=RADIO,
                                  error_messages={"required": "Select the notification"})

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label="Person", queryset=None,
                                  error_messages={"required": "Select the person"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class ImportForm(forms.Form):
    partnership = forms.ModelChoiceField(label="Partnership", queryset=None,
                                         error_messages={"required": "Select the partnership"})
    file = forms.FileField(label="File (JSON or CSV, in the export layout)",
                           error_messages={"required": "Select a file"})

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships



YEAR_INVALID = "Enter a business year like 2026/27"


class YearForm(forms.Form):
    """The annual report's business year, from the page's `year` query parameter."""

    year = forms.CharField(label="Business year", required=False, max_length=7,
                           help_text="For example, 2026/27",
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = BusinessYear.of(today)
        self.fields["year"].initial = self.default.label

    def clean_year(self):
        text = self.cleaned_data["year"].strip()
        if not text:
            return self.default
        try:
            return BusinessYear.parse(text)
        except ValueError:
            raise forms.ValidationError(YEAR_INVALID) from None

    def business_year(self) -> BusinessYear:
        return self.cleaned_data["year"] if self.is_bound else self.default
