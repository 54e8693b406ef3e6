"""Forms for the voice of children, procedures and "you said, we did", GOV.UK style."""

from django import forms

from safeguarding.core.fields import DateField
from safeguarding.engagement.models import Contribution, Publication, validate_link
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


# -- the public site's configuration, by the business unit -----------------------------------------


class GlossaryTermForm(forms.Form):
    term = forms.CharField(label="Term", max_length=60,
                           help_text="The word or acronym, for example MASH.",
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
                           error_messages={"required": "Enter the term"})
    expansion = forms.CharField(label="What it stands for", max_length=200, required=False,
                                help_text="For an acronym: the words it stands for, for example "
                                          "multi-agency safeguarding hub.")
    definition = forms.CharField(label="What it means", widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="In plain language: the public reads this.",
                                 error_messages={"required": "Enter what it means, in plain "
                                                             "language"})


class ConfirmForm(forms.Form):
    """A yes to a question the page asks (remove this term?): nothing to fill in."""


class LinkField(forms.URLField):
    """A web address ("www.example.gov.uk/report" gains https://) or a path on this site, as
    a published yearly report's own page is kept."""

    default_validators = [validate_link]

    def to_python(self, value):
        text = forms.CharField.to_python(self, value)
        return text if text.startswith("/") else super().to_python(text)


class PublicationForm(forms.Form):
    kind = forms.ChoiceField(label="What it is", choices=Publication.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of publication it "
                                                         "is"})
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter the title"})
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="A sentence or two for the list of publications and the "
                                        "feed.", error_messages={"required": "Enter a summary"})
    body = forms.CharField(label="Text", required=False,
                           widget=forms.Textarea(attrs={"rows": 10}),
                           help_text="The publication itself, if it is not only a file. Leave "
                                     "a blank line between paragraphs.")
    link = LinkField(label="Link to the full document", required=False, max_length=200,
                     assume_scheme="https",
                     help_text="If it is published somewhere else, for example "
                               "https://www.example.gov.uk/report.pdf, or a page of this site, "
                               "for example /p/leeds/yearly-reports/2025-26/",
                     error_messages={"invalid": "Enter the link in the correct format, like "
                                                "https://www.example.gov.uk/report or "
                                                "/p/leeds/yearly-reports/2025-26/"})
    file = forms.FileField(label="File", required=False,
                           help_text="A PDF, Word, OpenDocument, Excel or PowerPoint file. "
                                     "Adding a file replaces the one it had.")


class ProfileForm(forms.Form):
    introduction = forms.CharField(label="Introduction",
                                   widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text="What the partnership is and does: the first thing "
                                             "on its public home page.",
                                   error_messages={"required": "Enter the introduction"})
    email = forms.EmailField(label="Email address", required=False,
                             error_messages={"invalid": "Enter an email address in the correct "
                                                        "format, like name@example.com"})
    phone = forms.CharField(label="Telephone", max_length=40, required=False,
                            widget=forms.TextInput(attrs={"class": "govuk-input--width-20",
                                                          "type": "tel",
                                                          "autocomplete": "off"}))
    address = forms.CharField(label="Address", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    concerns_resolution = forms.CharField(
        label="Resolving professional disagreements", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How practitioners resolve disagreements about a child (a public summary).")


class FrontDoorForm(forms.Form):
    area = forms.CharField(label="Area", max_length=100,
                           help_text="Where the child lives, for example Leicester City.",
                           error_messages={"required": "Enter the area"})
    service = forms.CharField(label="Service", max_length=200,
                              help_text="For example Children's Social Care Duty and Advice "
                                        "Team.", error_messages={"required": "Enter the service"})
    phone = forms.CharField(label="Telephone", max_length=40,
                            widget=forms.TextInput(attrs={"class": "govuk-input--width-20",
                                                          "type": "tel",
                                                          "autocomplete": "off"}),
                            error_messages={"required": "Enter the telephone number"})
    out_of_hours_phone = forms.CharField(
        label="Telephone out of hours", max_length=40, required=False,
        help_text="Evenings, weekends and bank holidays.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel",
                                      "autocomplete": "off"}))
    website = forms.URLField(label="Website", required=False, max_length=200,
                             assume_scheme="https",
                             error_messages={"invalid": "Enter the website in the correct "
                                                        "format, like https://www.example.gov.uk"})
    order = forms.IntegerField(label="Order on the page", required=False, min_value=0,
                               max_value=999,
                               widget=forms.TextInput(attrs={"class": "govuk-input--width-3",
                                                             "inputmode": "numeric"}),
                               help_text="Lower numbers come first.",
                               error_messages={"invalid": "The order must be a whole number",
                                               "min_value": "The order must be 0 or more",
                                               "max_value": "The order must be 999 or less"})


class ThresholdsForm(forms.Form):
    has_levels = forms.TypedChoiceField(
        label="How does the partnership decide what help a child needs?",
        choices=[("yes", "With levels of need, each with its descriptor"),
                 ("no", "With no thresholds document: a conversational approach")],
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        error_messages={"required": "Select whether the partnership uses levels of need"})
    title = forms.CharField(label="Title", max_length=200,
                            help_text="For example Thresholds for children's services.",
                            error_messages={"required": "Enter the title"})
    approach = forms.CharField(label="The approach", widget=forms.Textarea(attrs={"rows": 8}),
                               help_text="How the partnership decides, in plain language. With "
                                         "no thresholds, describe the conversational approach.",
                               error_messages={"required": "Enter how the partnership decides "
                                                           "what help a child needs"})
    monitoring = forms.CharField(label="How the partnership checks it works", required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.CharField(label="Source", max_length=300, required=False,
                             help_text="The document this comes from.")


class ThresholdLevelForm(forms.Form):
    number = forms.IntegerField(label="Level", min_value=1, max_value=9,
                                widget=forms.TextInput(attrs={"class": "govuk-input--width-2",
                                                              "inputmode": "numeric"}),
                                error_messages={"required": "Enter the level's number",
                                                "invalid": "The level must be a number from 1 "
                                                           "to 9",
                                                "min_value": "The level must be a number from 1 "
                                                             "to 9",
                                                "max_value": "The level must be a number from 1 "
                                                             "to 9"})
    name = forms.CharField(label="Name", max_length=100, help_text="For example Early help.",
                           error_messages={"required": "Enter the name of the level"})
    descriptor = forms.CharField(label="Descriptor", widget=forms.Textarea(attrs={"rows": 6}),
                                 help_text="What a child's needs look like at this level.",
                                 error_messages={"required": "Enter the descriptor: what the "
                                                             "child's needs look like at this "
                                                             "level"})
    response = forms.CharField(label="Who helps, and how to ask", required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
