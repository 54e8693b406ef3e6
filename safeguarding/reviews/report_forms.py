"""The period of the notification review, from the page's `from` and `to` query parameters."""

from __future__ import annotations

from datetime import date

from django import forms

from safeguarding.core.business_year import BusinessYear
from safeguarding.core.forms import DATES_BACKWARDS
from safeguarding.reviews.reporting import Period

FROM_INVALID = "The ‘from’ date must be a real date, like 2026-04-01"
TO_INVALID = "The ‘to’ date must be a real date, like 2027-03-31"
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
BOX = {"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}


class PeriodForm(forms.Form):
    """`from` and `to` (YYYY-MM-DD); either left out means that end of the business year of
    `today`. The field names are the query parameters, so they are added here: `from` cannot be
    a class attribute."""

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = Period.of_business_year(BusinessYear.of(today))
        self.fields["from"] = forms.DateField(
            label="From", required=False, input_formats=DATE_FORMATS,
            help_text="For example, 2026-04-01", initial=self.default.starts_on,
            widget=forms.TextInput(attrs=BOX), error_messages={"invalid": FROM_INVALID})
        self.fields["to"] = forms.DateField(
            label="To", required=False, input_formats=DATE_FORMATS,
            help_text="For example, 2027-03-31", initial=self.default.ends_on,
            widget=forms.TextInput(attrs=BOX), error_messages={"invalid": TO_INVALID})

    def clean(self):
        cleaned = super().clean()
        if "from" in cleaned and "to" in cleaned:
            period = self._period(cleaned)
            if period.ends_on < period.starts_on:
                self.add_error("to", DATES_BACKWARDS)
        return cleaned

    def _period(self, cleaned) -> Period:
        return Period(cleaned.get("from") or self.default.starts_on,
                      cleaned.get("to") or self.default.ends_on)

    def period(self) -> Period:
        """The period asked for; call only once the form is valid (or unbound)."""
        return self._period(self.cleaned_data) if self.is_bound else self.default
