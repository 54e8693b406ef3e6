"""`make bench`: the platform as a deployment runs it (DEBUG off, Argon2, the database task
queue, persistent database connections), on plain HTTP on this machine, with one page more: the
bench's floor (`safeguarding.testing.bench.urls`), which no other settings serve."""

import warnings

from safeguarding.settings.base import *  # noqa: F403
from safeguarding.settings.base import BASE_DIR, env

DEBUG = False
DEMO_MODE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "safeguarding.testing.bench.urls"
# A deployment keeps its database connections open between requests (docs/deploy.md).
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_MAX_AGE"] = CONN_MAX_AGE  # noqa: F405
# Static files straight from the source folders: the bench fetches pages, not assets.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media" / "bench")
# The import figure sends a file of a million rows (about 35 MB as CSV).
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_MB", default=64) * 1024 * 1024
