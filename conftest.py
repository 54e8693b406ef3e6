"""Project-wide pytest set-up."""

pytest_plugins = ["safeguarding.testing.browser"]
