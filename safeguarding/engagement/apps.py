from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "safeguarding.engagement"
    label = "engagement"
    verbose_name = "Voice of children, policies, glossary and the public site"
