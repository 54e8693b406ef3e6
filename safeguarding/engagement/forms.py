"""Forms for the voice of children, procedures and "you said, we did", GOV.UK style."""

from django import forms

from safeguarding.core.fields import DateField
from safeguarding.engagement.models import Contribution
from safeguarding.engagement.rules import CHOOSE_SURVEY_FILE

RELOAD = "This page was out of date. Reload it and make your changes again"


class PartnershipChoice(forms.Form):
    partnership = forms.ModelChoiceField(label="Partnership", queryset=None,
                                         error_messages={"required": "Select the partnership"})

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        if len(partnerships) == 1:
            self.fields["partnership"].initial = partnerships[0]


class SurveyImportForm(PartnershipChoice):
    title = forms.CharField(label="Survey", max_length=200, initial="My School My Health",
                            error_messages={"required": "Enter the name of the survey"})
    year = forms.CharField(label="Year of the survey", max_length=20,
                           help_text="For example, 2025/26",
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
                           error_messages={"required": "Enter the year of the survey"})
    file = forms.FileField(
        label="Results file",
        help_text="A CSV or Excel file with the columns Question, School year, Answer and "
                  "Count: one row for each answer's count in each school year. Counts only, "
                  "never a child's own answers.",
        error_messages={"required": CHOOSE_SURVEY_FILE})


class ContributionForm(PartnershipChoice):
    source = forms.ChoiceField(label="Who said it", choices=Contribution.Source.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": "Select who said it"})
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter a title"})
    text = forms.CharField(label="What they said", widget=forms.Textarea(attrs={"rows": 5}),
                           help_text="No names of children or families.",
                           error_messages={"required": "Enter what they said"})
    received_on = DateField(label="Date received", what="the date it was received")


class ResponseForm(PartnershipChoice):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    theme = forms.CharField(label="Theme", max_length=200,
                            error_messages={"required": "Enter the theme"})
    you_said = forms.CharField(label="You said", widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="What children and young people told us, in words "
                                         "they would use.",
                               error_messages={"required": "Enter what children and young "
                                                           "people said"})
    we_did = forms.CharField(label="We did", required=False,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="What the partnership did about it. Needed before it is "
                                       "published.")
    contributions = forms.ModelMultipleChoiceField(
        label="What it came from", required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, contributions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = contributions


class ActionForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200,
                            error_messages={"required": "Enter the action"})
    owner_agency = forms.ModelChoiceField(label="Agency responsible", queryset=None,
                                          error_messages={"required": "Select the agency "
                                                                      "responsible"})
    due_on = DateField(label="Due date", what="the due date")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


class PolicyForm(PartnershipChoice):
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter the title"})
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="What it is for, in plain language: the public reads "
                                        "this.", error_messages={"required": "Enter a summary"})
    owner_group = forms.ModelChoiceField(label="Owner group", queryset=None, required=False)
    review_due_on = DateField(label="Review date", what="the review date")
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 10}),
                           error_messages={"required": "Enter the text of the procedure"})

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_group"].queryset = groups


class VersionForm(forms.Form):
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 12}),
                           error_messages={"required": "Enter the text of the procedure"})
    change_summary = forms.CharField(label="What changed", max_length=300, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label="Your comment", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Enter your comment"})


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput,
                                 error_messages={"required": RELOAD, "invalid": RELOAD})
    review_due_on = DateField(label="Next review date", what="the next review date")
