"""Local development: `make run`. Debug pages and the demo accounts on the sign-in page."""

from safeguarding.settings.base import *  # noqa: F403
from safeguarding.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
DEMO_MODE = env.bool("DEMO_MODE", default=True)

# Static files straight from the source folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
