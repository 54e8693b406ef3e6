"""`make bench`: the platform served by gunicorn on PostgreSQL, driven by Locust, at sizes S and
L of the generated data (docs/scaling.md). `python -m safeguarding.testing.bench --help`."""
