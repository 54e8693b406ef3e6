from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "safeguarding.meetings"
    label = "meetings"
    verbose_name = "Meetings and decisions"
