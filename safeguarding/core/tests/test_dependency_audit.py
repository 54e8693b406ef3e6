"""`make test`'s dependency audit fails on any known vulnerability and forgives only an advisory
database it cannot reach (safeguarding/testing/dependency_audit.py)."""

from safeguarding.testing.dependency_audit import judge


def test_a_known_vulnerability_fails_the_run():
    found = {"dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [
            {"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": []}]},
        {"name": "requests", "version": "2.34.2", "vulns": []},
        {"name": "tzdata", "version": "2026.6", "skip_reason": "not found"}]}
    assert judge(found) == 1


def test_a_clean_audit_passes():
    assert judge({"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}) == 0


def test_only_an_unreachable_advisory_database_is_forgiven():
    every_one_skipped = {"dependencies": [{"name": "django", "version": "5.2.19",
                                           "skip_reason": "Dependency not found on PyPI"}]}
    assert judge(every_one_skipped) == 0
    assert judge(None, stderr="requests.exceptions.ConnectionError: Max retries exceeded") == 0
    assert judge(None, stderr="ValueError: the requirements file is malformed") == 1
