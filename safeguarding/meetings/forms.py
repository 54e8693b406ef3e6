"""Forms for meetings, in GOV.UK style; messages shared with the tests."""

from django import forms
from django.utils import timezone

from safeguarding.core.fields import DateField, TimeField
from safeguarding.meetings.models import AgendaItem, Attendance
from safeguarding.meetings.selectors import PRESENTATION_TOPICS
from safeguarding.meetings.services import DEPUTY_NAME
from safeguarding.partnership.models import Agency, Person

CHOOSE_GROUP = "Select the group that is meeting"
ENTER_ITEM = "Enter the agenda item"
CHOOSE_STATUS = "Select whether {person} was present, sent apologies, sent a deputy or was absent"


class MeetingForm(forms.Form):
    group = forms.ModelChoiceField(label="Group", queryset=None,
                                   error_messages={"required": CHOOSE_GROUP})
    title = forms.CharField(label="Title (optional)", required=False, max_length=200,
                            help_text="Leave empty to use the group's name.")
    day = DateField(label="Date", what="the date of the meeting")
    starts = TimeField(label="Starts", what="the time the meeting starts")
    ends = TimeField(label="Ends", what="the time the meeting ends")
    location = forms.CharField(label="Place (optional)", required=False, max_length=200)
    online_link = forms.URLField(label="Online meeting link (optional)", required=False,
                                 assume_scheme="https",
                                 widget=forms.URLInput(attrs={"class": "govuk-input"}),
                                 error_messages={"invalid": "Enter the link in full, starting "
                                                            "with https://"})
    joint_with_adults_boards = forms.BooleanField(
        label="Joint with the Safeguarding Adults Boards", required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends:
            zone = timezone.get_current_timezone()
            cleaned["starts_at"] = timezone.make_aware(
                timezone.datetime.combine(day, starts), zone)
            cleaned["ends_at"] = timezone.make_aware(timezone.datetime.combine(day, ends), zone)
        return cleaned


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Item", max_length=200, error_messages={"required": ENTER_ITEM})
    purpose = forms.ChoiceField(label="Purpose", choices=AgendaItem.Purpose.choices,
                                initial=AgendaItem.Purpose.DISCUSSION)
    presenter = forms.CharField(label="Presented by (optional)", required=False, max_length=200)
    presentation = forms.ChoiceField(
        label="Annual presentation (optional)", required=False,
        choices=[("", "Not an annual presentation"), *PRESENTATION_TOPICS.items()],
        help_text="The areas of work the arrangements ask to present to the partnership once "
                  "a year.",
    )


class PaperForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter the paper's title"})
    file = forms.FileField(label="File", error_messages={"required": "Select a file"},
                           help_text="PDF, Word, OpenDocument, Excel or PowerPoint, up to 20MB.")
    restricted = forms.BooleanField(
        label="Restricted: only the group's members may download it", required=False)


class AttendanceForm(forms.Form):
    """One row per member of the group on the day: present, apologies, deputy or absent."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for seat in self.members:
            key = f"person_{seat.person_id}"
            label = seat.person.full_name + (f" ({seat.agency})" if seat.agency else "")
            self.fields[key] = forms.ChoiceField(
                label=label, choices=Attendance.Status.choices, widget=forms.RadioSelect,
                error_messages={"required": CHOOSE_STATUS.format(person=seat.person)},
            )
            self.fields[f"deputy_{seat.person_id}"] = forms.CharField(
                label=f"Deputy's name for {seat.person.full_name} (if a deputy came)",
                required=False, max_length=150)

    def clean(self):
        cleaned = super().clean()
        for seat in self.members:
            if cleaned.get(f"person_{seat.person_id}") == Attendance.Status.DEPUTY and not (
                    cleaned.get(f"deputy_{seat.person_id}") or "").strip():
                self.add_error(f"deputy_{seat.person_id}",
                               DEPUTY_NAME.format(person=seat.person))
        return cleaned

    def entries(self):
        return [{"person": seat.person,
                 "status": self.cleaned_data[f"person_{seat.person_id}"],
                 "deputy_name": self.cleaned_data.get(f"deputy_{seat.person_id}", "")}
                for seat in self.members]


class ExtraAttendeeForm(forms.Form):
    """Someone who is not a member was there: refused by the service with a clear message."""

    person = forms.ModelChoiceField(label="Also present (optional)", required=False,
                                    queryset=Person.objects.none())

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class MinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 14}),
                              error_messages={"required": "Enter the minutes"})
    restricted = forms.BooleanField(label="Restricted: only the group's members may read them",
                                    required=False)


class DecisionForm(forms.Form):
    text = forms.CharField(label="Decision", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Enter the decision"})


class ActionRowForm(forms.Form):
    title = forms.CharField(label="Action", max_length=200, required=False)
    owner_agency = forms.ModelChoiceField(label="Owning agency", required=False,
                                          queryset=Agency.objects.none())
    due_on = DateField(label="Due", what="the date the action is due", required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies if agencies is not None else \
            Agency.objects.none()

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(name) for name in ("title", "owner_agency", "due_on")]
        if any(given) and not all(given):
            if not cleaned.get("title"):
                self.add_error("title", "Enter the action")
            if not cleaned.get("owner_agency"):
                self.add_error("owner_agency", "Select the agency that owns the action")
            if not cleaned.get("due_on") and "due_on" not in self.errors:
                self.add_error("due_on", "Enter the date the action is due")
        return cleaned

    @property
    def is_filled(self):
        return bool(self.cleaned_data.get("title"))


ActionRowFormSet = forms.formset_factory(ActionRowForm, extra=3, max_num=3)


class WrittenReportForm(forms.Form):
    title = forms.CharField(label="Report", max_length=200,
                            error_messages={"required": "Enter the report's title"})
    sent_on = DateField(label="Sent on", what="the date the report was sent")
