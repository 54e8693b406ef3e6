"""Project-wide pytest set-up."""

pytest_plugins = ["safeguarding.testing.browser"]


def pytest_report_header(config):
    import os

    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    browsers = os.environ.get("BROWSER_TESTS", "run when Chromium is installed")
    return [f"database: {engine}", f"browser tests: {browsers}"]
