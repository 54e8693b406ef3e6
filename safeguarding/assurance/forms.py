"""Forms for assurance, GOV.UK style."""

from django import forms

from safeguarding.assurance.models import Audit, AuditCase, Framework, ScrutinyActivity, Standard
from safeguarding.core.fields import DateField

RADIO = forms.RadioSelect
TEXT = forms.Textarea


class FrameworkForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200,
                           error_messages={"required": "Enter the framework's name"})
    kind = forms.ChoiceField(label="Kind", choices=Framework.Kind.choices, widget=RADIO,
                             error_messages={"required": "Select the kind of framework"})
    partnerships = forms.ModelMultipleChoiceField(
        label="Partnerships that use it", queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text="An agency working across them answers one return, seen by each.",
        error_messages={"required": "Select at least one partnership"})
    scale = forms.CharField(
        label="Rating scale", widget=TEXT(attrs={"rows": 4}),
        help_text="One rating a line, best first. Mark each rating that meets the standard "
                  "with “| meets”, like “Met | meets”.",
        error_messages={"required": "Enter the rating scale"})
    introduction = forms.CharField(label="Introduction (optional)", required=False,
                                   widget=TEXT(attrs={"rows": 3}))

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnerships"].queryset = partnerships


class StandardForm(forms.Form):
    title = forms.CharField(label="Standard", max_length=200,
                            error_messages={"required": "Enter the standard"})
    descriptors = forms.CharField(label="What good looks like", widget=TEXT(attrs={"rows": 4}),
                                  error_messages={"required": "Describe what good looks like"})
    evidence_expected = forms.CharField(label="Evidence expected (optional)", required=False,
                                        widget=TEXT(attrs={"rows": 3}))
    asks_child_voice = forms.BooleanField(label="Ask for the voice of children", required=False)
    cross_check = forms.ChoiceField(label="Check a rating of “met” against", required=False,
                                    choices=Standard.CrossCheck.choices, widget=RADIO)


class CycleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, help_text="Like “Section 11, 2026/27”.",
                           error_messages={"required": "Enter the cycle's name"})
    opens_on = DateField(label="Opens", what="the date the cycle opens")
    due_on = DateField(label="Returns due", what="the date returns are due")
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies invited", queryset=None, widget=forms.CheckboxSelectMultiple,
        required=False)
    every_school = forms.BooleanField(
        label="Invite every school, college and early years setting in the partnerships",
        required=False)
    reporting_group = forms.ModelChoiceField(
        label="Group the results go to (optional)", queryset=None, required=False,
        help_text="For Section 175/157: the education group.")

    def __init__(self, *args, agencies, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies
        self.fields["reporting_group"].queryset = groups


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    rating = forms.ModelChoiceField(label="Your rating", queryset=None, widget=RADIO,
                                    required=False, empty_label=None,
                                    error_messages={"invalid_choice":
                                                    "Choose a rating from this framework's "
                                                    "scale"})
    narrative = forms.CharField(label="Why this rating", required=False,
                                widget=TEXT(attrs={"rows": 6}))
    child_voice = forms.CharField(label="The voice of children", required=False,
                                  widget=TEXT(attrs={"rows": 4}),
                                  help_text="How children's views shaped this area of work.")
    evidence = forms.FileField(label="Add evidence (optional)", required=False)
    evidence_title = forms.CharField(label="Title of the evidence (optional)", required=False,
                                     max_length=200)

    def __init__(self, *args, levels, child_voice: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].queryset = levels
        if not child_voice:
            del self.fields["child_voice"]


class ActionPlanForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200,
                            error_messages={"required": "Enter the action"})
    due_on = DateField(label="Due", what="the date the action is due")


class ChallengeForm(forms.Form):
    comment = forms.CharField(label="Your challenge", widget=TEXT(attrs={"rows": 5}),
                              error_messages={"required": "Enter the challenge"})


class ResponseForm(forms.Form):
    response = forms.CharField(label="Response", widget=TEXT(attrs={"rows": 5}),
                               error_messages={"required": "Enter the response"})


class AgreeForm(forms.Form):
    agreed_rating = forms.ModelChoiceField(label="Rating agreed", queryset=None, widget=RADIO,
                                           empty_label=None,
                                           error_messages={"required": "Select the rating "
                                                                       "agreed"})

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_rating"].queryset = levels


class AuditForm(forms.Form):
    partnership = forms.ModelChoiceField(label="Partnership", queryset=None,
                                         error_messages={"required": "Select the partnership"})
    kind = forms.ChoiceField(label="Kind", choices=Audit.Kind.choices, widget=RADIO,
                             error_messages={"required": "Select the kind of audit"})
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter the title"})
    theme = forms.CharField(label="Theme (optional)", max_length=200, required=False)
    due_on = DateField(label="Answers due", what="the date answers are due")
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies taking part", queryset=None, widget=forms.CheckboxSelectMultiple,
        required=False)
    questions = forms.CharField(label="Questions, one a line", widget=TEXT(attrs={"rows": 5}),
                                error_messages={"required": "Enter at least one question"})
    references = forms.CharField(label="Case references in the sample, one a line",
                                 widget=TEXT(attrs={"rows": 4}),
                                 help_text="Case references only: never a child's name.",
                                 error_messages={"required": "Enter at least one case "
                                                             "reference"})

    def __init__(self, *args, partnerships, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["agencies"].queryset = agencies


class AuditAnswerForm(forms.Form):
    """One field per question, about one case, for the user's agency."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.CharField(
                label=f"{question.number}. {question.text}", required=False,
                widget=TEXT(attrs={"rows": 3}))


class ModerationForm(forms.Form):
    moderation_on = DateField(label="Date of the moderation meeting",
                              what="the date of the moderation meeting")


class FindingsForm(forms.Form):
    findings = forms.CharField(label="Findings", widget=TEXT(attrs={"rows": 6}),
                               error_messages={"required": "Enter the findings"})

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        for case in cases:
            self.fields[f"case{case.pk}"] = forms.ChoiceField(
                label=f"Judgement for case {case.reference}", widget=RADIO, required=False,
                choices=AuditCase.Grade.choices)


class AuditActionForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200,
                            error_messages={"required": "Enter the action"})
    owner_agency = forms.ModelChoiceField(label="Agency that owns it", queryset=None,
                                          error_messages={"required": "Select the agency"})
    due_on = DateField(label="Due", what="the date the action is due")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=ScrutinyActivity.Kind.choices, widget=RADIO,
                             error_messages={"required": "Select the kind of activity"})
    title = forms.CharField(label="What", max_length=200,
                            error_messages={"required": "Enter what is planned"})
    planned_for = DateField(label="Planned for", what="the date it is planned for")


class ActivityDoneForm(forms.Form):
    done_on = DateField(label="Date done", what="the date it was done")
    notes = forms.CharField(label="What was found", widget=TEXT(attrs={"rows": 6}),
                            error_messages={"required": "Enter what was found"})


class ScrutinyChallengeForm(forms.Form):
    to_agency = forms.ModelChoiceField(label="Partner challenged", queryset=None, widget=RADIO,
                                       empty_label=None,
                                       error_messages={"required": "Select the partner"})
    question = forms.CharField(label="Challenge", widget=TEXT(attrs={"rows": 5}),
                               error_messages={"required": "Enter the challenge"})
    due_on = DateField(label="Response due", what="the date the response is due")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies


class SettingReportForm(forms.Form):
    received_on = DateField(label="Date received", what="the date the report was received")
    summary = forms.CharField(label="Summary of the assurance given",
                              widget=TEXT(attrs={"rows": 5}),
                              error_messages={"required": "Enter the summary"})
