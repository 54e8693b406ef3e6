"""Forms for training, GOV.UK style. Messages say what to do."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from safeguarding.core.fields import DateField, TimeField
from safeguarding.learning import rules
from safeguarding.learning.models import (
    Booking,
    Course,
    Evaluation,
    Format,
    TrainingSettings,
)

RADIO = forms.RadioSelect
OTHER = "other"


class AgencyChoice(forms.Form):
    """The agency a practitioner works for: from the partnership's list, or another one."""

    agency = forms.ChoiceField(label="The agency you work for", error_messages={
        "required": rules.CHOOSE_AGENCY, "invalid_choice": rules.CHOOSE_AGENCY})
    other_agency = forms.CharField(
        label="If another organisation, its name", required=False, max_length=200,
        help_text="For example a nursery, a sports club or a charity not listed.")
    level = forms.ModelChoiceField(
        label="Your level of the competency framework", queryset=None, required=False,
        widget=RADIO, empty_label=None,
        help_text="It sets the training you are expected to have. Ask your manager if unsure.")

    def __init__(self, *args, agencies, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(agency.pk): agency for agency in agencies}
        self.fields["agency"].choices = [("", "Select your agency"),
                                         *((pk, a.name) for pk, a in self.agencies.items()),
                                         (OTHER, "Another organisation")]
        self.fields["level"].queryset = levels
        self.fields["level"].label_from_instance = lambda level: level.name

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("agency")
        if chosen == OTHER and not (cleaned.get("other_agency") or "").strip():
            self.add_error("other_agency", rules.ENTER_OTHER_AGENCY)
        cleaned["agency"] = self.agencies.get(chosen) if chosen != OTHER else None
        if cleaned["agency"] is not None:
            cleaned["other_agency"] = ""
        return cleaned


class RegisterForm(AgencyChoice):
    full_name = forms.CharField(label="Full name", max_length=150,
                                error_messages={"required": "Enter your full name"})
    email = forms.EmailField(
        label="Work email address", max_length=254,
        help_text="We will send you a link to confirm it before you book.",
        error_messages={"required": "Enter your work email address",
                        "invalid": "Enter an email address in the correct format, like "
                                   "name@example.org"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    password = forms.CharField(
        label="Create a password", strip=False,
        help_text="At least 12 characters. Three random words work well.",
        error_messages={"required": "Create a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    field_order = ["full_name", "email", "job_title", "agency", "other_agency", "level",
                   "password"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class ProfileForm(AgencyChoice):
    pass


class BookForm(forms.Form):
    """Confirms the booking (the button): nothing to fill in."""


class CourseForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200,
                            error_messages={"required": "Enter the course title"})
    kind = forms.ChoiceField(label="Kind of course", choices=Course.Kind.choices, widget=RADIO,
                             error_messages={"required": "Select the kind of course"})
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": "Enter a summary of the course"})
    audience = forms.CharField(label="Who it is for", max_length=300,
                               error_messages={"required": "Enter who the course is for"})
    level = forms.ModelChoiceField(label="Level", queryset=None, required=False,
                                   help_text="The level of the competency framework.")
    learning_outcomes = forms.CharField(
        label="Learning outcomes", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One a line.", error_messages={"required": "Enter the learning outcomes"})
    duration_minutes = forms.IntegerField(
        label="Length in minutes", min_value=15, max_value=60 * 24,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter how long the course lasts, in minutes",
                        "min_value": "The course must last at least 15 minutes",
                        "invalid": "Enter the length as a number of minutes, like 180"})
    format = forms.ChoiceField(label="Format", choices=Format.choices, widget=RADIO,
                               error_messages={"required": "Select the format"})
    elearning_url = forms.URLField(label="E-learning link", required=False, assume_scheme="https",
                                   help_text="For e-learning only.")
    is_published = forms.BooleanField(label="Show it in the public catalogue", required=False,
                                      initial=True)
    teaches = forms.ModelMultipleChoiceField(
        label="Learning from reviews it teaches", queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Published learning briefs and 7-minute briefings.")

    def __init__(self, *args, levels, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels
        self.fields["teaches"].queryset = products

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == Format.ELEARNING and not cleaned.get("elearning_url"):
            self.add_error("elearning_url", rules.ENTER_ELEARNING_URL)
        return cleaned


class SessionForm(forms.Form):
    day = DateField(label="Date", what="the date of the session")
    starts = TimeField(label="Start time", what="the start time")
    ends = TimeField(label="End time", what="the end time")
    venue = forms.CharField(label="Venue", max_length=300, required=False,
                            help_text="For a session in person.")
    online_link = forms.URLField(label="Link to join online", required=False,
                                   assume_scheme="https")
    trainer_name = forms.CharField(label="Trainer", max_length=150,
                                   error_messages={"required": "Enter the trainer's name"})
    trainer_email = forms.EmailField(
        label="Trainer's email address (optional)", required=False,
        help_text="If they take the register on the platform: they need an account.")
    capacity = forms.IntegerField(
        label="Number of places", min_value=1, max_value=1000,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={"required": "Enter the number of places",
                        "min_value": "A session needs at least 1 place",
                        "invalid": "Enter the number of places as a number, like 20"})

    def __init__(self, *args, trainers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainers = trainers

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends:
            zone = timezone.get_current_timezone()
            cleaned["starts_at"] = datetime.combine(day, starts, tzinfo=zone)
            cleaned["ends_at"] = datetime.combine(day, ends, tzinfo=zone)
            if ends <= starts:
                self.add_error("ends", rules.ENDS_BEFORE_START)
        if not cleaned.get("venue") and not cleaned.get("online_link") and not self.errors.get(
                "online_link"):
            self.add_error("venue", rules.ENTER_VENUE_OR_LINK)
        email = (cleaned.get("trainer_email") or "").lower()
        cleaned["trainer"] = None
        if email:
            cleaned["trainer"] = self.trainers.filter(email__iexact=email).first()
            if cleaned["trainer"] is None:
                self.add_error("trainer_email", rules.TRAINER_UNKNOWN)
        return cleaned

    def session_fields(self) -> dict:
        data = self.cleaned_data
        return {"starts_at": data["starts_at"], "ends_at": data["ends_at"],
                "venue": data["venue"], "online_link": data["online_link"],
                "trainer_name": data["trainer_name"], "trainer": data["trainer"],
                "capacity": data["capacity"]}


ATTENDANCE = [("yes", "Attended"), ("no", "Did not attend")]


class RegisterMarksForm(forms.Form):
    """The register: one question a person booked, answered with a large tap target."""

    def __init__(self, *args, bookings, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            initial = {Booking.Status.ATTENDED: "yes", Booking.Status.NO_SHOW: "no"}.get(
                booking.status)
            self.fields[f"booking_{booking.pk}"] = forms.ChoiceField(
                label=f"{booking.learner.user.full_name}, {booking.learner.organisation}",
                choices=ATTENDANCE, widget=RADIO, initial=initial,
                error_messages={"required": rules.MARK_EVERYONE.format(
                    name=booking.learner.user.full_name)})

    def marks(self) -> dict[int, bool]:
        return {booking.pk: self.cleaned_data[f"booking_{booking.pk}"] == "yes"
                for booking in self.bookings}


CONFIDENCE = [(str(n), label) for n, label in (
    (1, "1 – not at all confident"), (2, "2"), (3, "3"), (4, "4"), (5, "5 – very confident"))]


class EvaluationForm(forms.Form):
    outcomes_met = forms.ChoiceField(
        label="Were the course's learning outcomes met for you?", choices=Evaluation.Met.choices,
        widget=RADIO, error_messages={"required": "Select whether the learning outcomes were "
                                                  "met"})
    confidence_before = forms.TypedChoiceField(
        label="How confident were you in this area before the course?", choices=CONFIDENCE,
        coerce=int, widget=RADIO,
        error_messages={"required": "Select how confident you were before the course"})
    confidence_after = forms.TypedChoiceField(
        label="How confident are you now?", choices=CONFIDENCE, coerce=int, widget=RADIO,
        error_messages={"required": "Select how confident you are now"})
    will_change = forms.CharField(
        label="What will you do differently in your practice? (optional)", required=False,
        widget=forms.Textarea(attrs={"rows": 4}))


class LevelForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120,
                           error_messages={"required": "Enter the level's name"})
    description = forms.CharField(label="Who it is for", widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"required": "Enter who the level is for"})


class RequirementForm(forms.Form):
    level = forms.ModelChoiceField(label="Level", queryset=None,
                                   error_messages={"required": "Select the level"})
    course = forms.ModelChoiceField(label="Course", queryset=None,
                                    error_messages={"required": "Select the course"})
    refresh_months = forms.IntegerField(
        label="Refresh every (months)", required=False, min_value=1, max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        help_text="Leave empty if it is done once.")

    def __init__(self, *args, levels, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels
        self.fields["course"].queryset = courses


class LmsImportForm(forms.Form):
    file = forms.FileField(
        label="LMS export (Excel or CSV)",
        help_text="A heading row with the learner's email address, the course title and the "
                  "date completed.", error_messages={"required": "Select a file"})


class SettingsForm(forms.ModelForm):
    class Meta:
        model = TrainingSettings
        fields = ["bookings_close_hours", "reminder_days", "charges_for_non_attendance",
                  "non_attendance_charge"]
        labels = {"bookings_close_hours": "Bookings close (hours before the session)",
                  "reminder_days": "Remind people (days before the session)",
                  "charges_for_non_attendance": "Charge agencies for places booked and not "
                                                "attended",
                  "non_attendance_charge": "Charge for each place not attended (£)"}

