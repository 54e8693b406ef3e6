"""Forms for the partnership's structure, in GOV.UK style; messages shared with the tests."""

from django import forms

from safeguarding.core.fields import DateField
from safeguarding.partnership.models import Agency, Group, GroupMember, Office, Person

CHOOSE_PERSON = "Select the person"
CHOOSE_OFFICE = "Select the office"


class AppointmentForm(forms.Form):
    person = forms.ModelChoiceField(
        label="Person", queryset=Person.objects.none(), error_messages={"required": CHOOSE_PERSON}
    )
    office = forms.ChoiceField(label="Office", choices=Office.choices,
                               error_messages={"required": CHOOSE_OFFICE})
    agency = forms.ModelChoiceField(
        label="Partner agency (for a lead or delegated partner)", required=False,
        queryset=Agency.objects.none(),
    )
    label = forms.CharField(label="Known locally as (optional)", required=False, max_length=100,
                            help_text="For example, Police DSP")
    joint = forms.BooleanField(label="Held jointly with another person", required=False)
    starts_on = DateField(label="From", what="the date the appointment starts")
    ends_on = DateField(label="Until (optional)", what="the date the appointment ends",
                        required=False)

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            agency__partnerships=partnership).distinct().order_by("full_name")
        self.fields["agency"].queryset = Agency.objects.filter(
            kind=Agency.Kind.SAFEGUARDING_PARTNER, partnerships=partnership).order_by("name")


class SeatForm(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=Person.objects.none(),
                                    error_messages={"required": CHOOSE_PERSON})
    role = forms.ChoiceField(label="Role on the group", choices=GroupMember.Role.choices,
                             initial=GroupMember.Role.MEMBER, widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(
        label="Speaks for (optional)", required=False, queryset=Agency.objects.none(),
        help_text="Leave empty to use the person's own agency.",
    )
    starts_on = DateField(label="From", what="the date the seat starts")
    ends_on = DateField(label="Until (optional)", what="the date the seat ends", required=False)

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        partnerships = group.partnerships.all()
        self.fields["person"].queryset = Person.objects.filter(
            agency__partnerships__in=partnerships).distinct().order_by("full_name")
        self.fields["agency"].queryset = Agency.objects.filter(
            partnerships__in=partnerships).distinct().order_by("name")


class RelevantAgencyForm(forms.Form):
    relevant = forms.TypedChoiceField(
        label="Is this a relevant agency of the partnership?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes",
        error_messages={"required": "Select yes if the partners name this agency"},
    )
    reason = forms.CharField(label="Why the partners name it", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class SectionForm(forms.Form):
    heading = forms.CharField(label="Heading", max_length=200, required=False)
    body = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 6}))


SectionFormSet = forms.formset_factory(SectionForm, extra=1)


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    funding = forms.CharField(label="Funding", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Enter how the arrangements are funded"})
    change_summary = forms.CharField(
        label="What changed in this version", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what changed in this version"},
    )
