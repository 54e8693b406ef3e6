from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """A minimal case type used only by the test suite to prove the shared mechanisms (need-to-
    know, the access log, workflows, clocks, version checks) on a real table and real views,
    before the domain modules build their own."""

    name = "safeguarding.testing.casework"
    label = "casework"
