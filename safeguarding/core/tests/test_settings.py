"""Production settings pass Django's deployment checks; they refuse to start unsafe."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "safeguarding.settings.production",
    "SECRET_KEY": "a-production-secret-" + "k3y" * 20,
    "ALLOWED_HOSTS": "safeguarding.example.org",
    "DATABASE_URL": "sqlite:////tmp/check-deploy.sqlite3",
    "FIELD_ENCRYPTION_KEYS": "bXVzdC1iZS0zMi1ieXRlcy1vZi1rZXktbWF0ZXJpYWw=",
}


def run_manage(*args, env):
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    unset = ("DEMO_MODE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_field_encryption_keys():
    env = {k: v for k, v in PRODUCTION.items() if k != "FIELD_ENCRYPTION_KEYS"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "Set FIELD_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_demo_mode():
    result = run_manage("check", env={**PRODUCTION, "DEMO_MODE": "true"})
    assert result.returncode != 0
    assert "DEMO_MODE must not be on in production" in result.stderr
