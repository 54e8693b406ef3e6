"""Forms for serious incidents and practice reviews, GOV.UK style."""

from django import forms

from safeguarding.core.fields import DateField
from safeguarding.partnership.models import Agency
from safeguarding.reviews.models import (
    AgeBand,
    IdentifyingDetail,
    Incident,
    LearningProduct,
    LegalStatus,
    Sex,
)

RADIO = forms.RadioSelect


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
    age_band = forms.ChoiceField(label="Age", choices=AgeBand.choices, widget=RADIO,
                                 error_messages={"required": "Select the child's age"})
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=RADIO,
                            error_messages={"required": "Select the child's sex"})
    ethnicity = forms.CharField(label="Ethnicity", max_length=100,
                                error_messages={"required": "Enter the child's ethnicity, or "
                                                            "'not known'"})
    disability = forms.ChoiceField(label="Does the child have a disability?", widget=RADIO,
                                   choices=[("yes", "Yes"), ("no", "No"),
                                            ("not_known", "Not known")],
                                   error_messages={"required": "Select whether the child has a "
                                                               "disability"})
    legal_status = forms.ChoiceField(label="Legal status", choices=LegalStatus.choices,
                                     widget=RADIO, error_messages={
                                         "required": "Select the child's legal status"})
    incident_date = DateField(label="Date of the incident (if known)",
                              what="the date of the incident", required=False)
    became_aware = DateField(label="Date you became aware",
                             what="the date you became aware of the incident")
    child_died = forms.BooleanField(label="The child died", required=False)
    summary = forms.CharField(label="What happened", widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="Use the pseudonym. Do not write names or addresses.",
                              error_messages={"required": "Enter what happened"})
    agencies_involved = forms.ModelMultipleChoiceField(
        label="Agencies involved with the child or family", required=False, queryset=None,
        widget=forms.CheckboxSelectMultiple)
    immediate_actions = forms.CharField(
        label="Immediate safeguarding action taken", widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the immediate safeguarding action taken"})

    def __init__(self, *args, partnerships, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["notifying_agency"].queryset = agencies
        self.fields["agencies_involved"].queryset = Agency.objects.filter(
            partnerships__in=partnerships).distinct().order_by("name")


class CriteriaForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    criteria_reasons = forms.CharField(
        label="The review group's reasons", widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the review group's reasons"})
    la_became_aware = DateField(label="Date the local authority became aware",
                                what="the date the local authority became aware",
                                required=False,
                                help_text="The National Panel must be notified within 5 working "
                                          "days of this date.")


class PanelNotificationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    panel_notified_on = DateField(label="Date the National Panel was notified",
                                  what="the date the National Panel was notified")
    panel_reference = forms.CharField(label="National Panel reference", max_length=60,
                                      error_messages={"required": "Enter the National Panel's "
                                                                  "reference"})
    ofsted_notified_on = DateField(label="Date Ofsted and the Secretary of State were notified "
                                         "(looked-after children)",
                                   what="the date Ofsted was notified", required=False)


class RapidReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rapid_review_meeting_on = DateField(label="Date of the rapid review meeting",
                                        what="the date of the rapid review meeting",
                                        required=False)
    rapid_review_facts = forms.CharField(label="Facts", required=False,
                                         widget=forms.Textarea(attrs={"rows": 5}))
    rapid_review_actions = forms.CharField(label="Immediate actions", required=False,
                                           widget=forms.Textarea(attrs={"rows": 4}))
    rapid_review_learning = forms.CharField(label="Learning identified", required=False,
                                            widget=forms.Textarea(attrs={"rows": 4}))
    recommended_route = forms.ChoiceField(label="Recommendation", required=False, widget=RADIO,
                                          choices=Incident.Route.choices)
    rapid_review_sent_on = DateField(label="Date sent to the National Panel",
                                     what="the date the rapid review was sent", required=False)
    panel_response = forms.ChoiceField(label="The National Panel's response", required=False,
                                       widget=RADIO, choices=Incident.PanelResponse.choices)
    panel_response_on = DateField(label="Date of the Panel's response",
                                  what="the date of the Panel's response", required=False)


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    route_reasons = forms.CharField(
        label="The safeguarding partners' reasons", widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the partners' reasons"})


class PracticeReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reviewer = forms.CharField(label="Independent reviewer", required=False, max_length=200)
    terms_of_reference = forms.CharField(label="Terms of reference", required=False,
                                         widget=forms.Textarea(attrs={"rows": 5}))
    publication_planned_on = DateField(label="Planned publication date",
                                       what="the planned publication date", required=False)
    final_report_sent_on = DateField(
        label="Date the final report was sent to the National Panel and the Secretary of State",
        what="the date the final report was sent", required=False)
    embargo_until = DateField(label="Embargo until (optional)", what="the embargo date",
                              required=False)
    published_title = forms.CharField(label="Title to publish", required=False, max_length=200)
    published_text = forms.CharField(
        label="Redacted, pseudonymised report to publish", required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Checked against the case's identifying details before it can be published.")
    not_published_reasons = forms.CharField(
        label="Reasons for not publishing (only if it will not be published)", required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    deposited_on = DateField(
        label="Date deposited in the NSPCC national case review repository",
        what="the date it was deposited", required=False,
        help_text="Download the repository package from the case page once it is published.")


class RequestForm(forms.Form):
    agency = forms.ModelChoiceField(label="Agency", queryset=None,
                                    error_messages={"required": "Select the agency"})
    due_on = DateField(label="Due", what="the date the answer is due")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class AnswerForm(forms.Form):
    chronology = forms.CharField(label="Chronology", required=False,
                                 widget=forms.Textarea(attrs={"rows": 8}))
    analysis = forms.CharField(label="Analysis", required=False,
                               widget=forms.Textarea(attrs={"rows": 6}))
    learning = forms.CharField(label="Learning identified", required=False,
                               widget=forms.Textarea(attrs={"rows": 5}))


class RecommendationForm(forms.Form):
    text = forms.CharField(label="Recommendation", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter the recommendation"})
    owner_agency = forms.ModelChoiceField(label="Agency that owns the action", queryset=None,
                                          error_messages={"required": "Select the agency"})
    due_on = DateField(label="Due", what="the date the action is due")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies


class IdentifyingDetailForm(forms.Form):
    kind = forms.ChoiceField(label="What it is", choices=IdentifyingDetail.Kind.choices,
                             widget=RADIO)
    value = forms.CharField(label="The detail", max_length=200,
                            help_text="A date of birth as 2019-03-27.",
                            error_messages={"required": "Enter the detail to look for"})


class ReportForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter the title, like Draft 2"})
    file = forms.FileField(label="File", error_messages={"required": "Select a file"})


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label="Person", queryset=None,
                                  error_messages={"required": "Select the person"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class DraftForm(NotificationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class SignOffForm(forms.Form):
    agency = forms.ModelChoiceField(label="Safeguarding partner", queryset=None, widget=RADIO,
                                    error_messages={"required": "Select the partner"})
    signatory = forms.CharField(label="Signed off by", max_length=150,
                                help_text="The lead or delegated safeguarding partner.",
                                error_messages={"required": "Enter the name of the person who "
                                                            "signed it off"})
    signed_on = DateField(label="Date signed off", what="the date it was signed off")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class LearningProductForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=LearningProduct.Kind.choices, widget=RADIO,
                             error_messages={"required": "Select the kind of product"})
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter the title"})
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 12}),
                           help_text="Use the pseudonym. It is checked against the case's "
                                     "identifying details before it is published.",
                           error_messages={"required": "Enter the text"})
    training_title = forms.CharField(label="Training that teaches it (optional)", max_length=200,
                                     required=False)
    training_url = forms.URLField(label="Link to the training (optional)", required=False,
                                  assume_scheme="https",
                                  error_messages={"invalid": "Enter the link in the right format, "
                                                             "like https://example.org/course"})
