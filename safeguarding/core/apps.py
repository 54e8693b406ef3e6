from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safeguarding.core"
    label = "core"
    verbose_name = "Shared mechanisms"

    def ready(self):
        from safeguarding.core import signals  # noqa: F401  (connects the sign-in failure log)
