"""The test suite: fast hashing, mail kept in memory, tasks run at once."""

from safeguarding.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DEMO_MODE = False
AXES_ENABLED = True

# A minimal case type, only in tests, to prove the shared mechanisms on a real table.
INSTALLED_APPS = [*INSTALLED_APPS, "safeguarding.testing.casework"]  # noqa: F405
ROOT_URLCONF = "safeguarding.testing.urls"

# Static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
