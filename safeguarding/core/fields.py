"""Form fields in the GOV.UK pattern, with messages that say what to do."""

from __future__ import annotations

import re
from datetime import time

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


class DateField(DateInputField):
    """Day, month and year boxes (the GOV.UK date input)."""

    def __init__(self, *, label: str, what: str, required=True, **kwargs):
        super().__init__(label=label, required=required, require_all_fields=False, **kwargs)
        message = f"Enter {what}"
        self.error_messages.update({"required": message, "incomplete": message,
                                    "invalid": f"{message} as a real date, like 27 3 2027"})

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid"]) from None


class TimeField(forms.CharField):
    """A time typed as 14:30 (GOV.UK has no time component; the hint shows the format)."""

    def __init__(self, *, label: str, what: str, **kwargs):
        kwargs.setdefault("help_text", "For example, 14:30")
        super().__init__(label=label, max_length=5,
                         widget=forms.TextInput(attrs={"class": "govuk-input--width-5",
                                                       "inputmode": "numeric"}),
                         error_messages={"required": f"Enter {what}"}, **kwargs)
        self.what = what

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        match = TIME_PATTERN.match(value)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError(f"Enter {self.what} as hours and minutes, like 14:30")
        return time(int(match.group(1)), int(match.group(2)))
