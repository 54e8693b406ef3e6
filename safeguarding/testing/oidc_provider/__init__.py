"""A real OpenID Connect provider for the tests: a second, minimal Django project running
django-oauth-toolkit's provider in its own process (docs/single-sign-on.md, "How it is tested").

`running_provider(...)` starts it on a free port with a new SQLite database and a new RSA key,
the people and the client application it is given, and stops it afterwards. Its application
approves sign-ins without asking; its people sign in on a plain login page.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

PASSWORD = "provider-password-for-tests"
STARTUP_SECONDS = 60


@dataclass
class Person:
    """Someone with an account at the provider, and what its ID tokens say about them."""

    email: str
    email_verified: bool = True
    mfa: bool = False
    claims: dict = field(default_factory=dict)  # more claims, as a particular provider sends


@dataclass
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    process: subprocess.Popen


@contextlib.contextmanager
def running_provider(folder: Path, *, people: list[Person], redirect_uris: list[str],
                     client_id: str = "safeguarding-platform"):
    """Start the provider in its own process; yield its issuer and client; stop it."""
    client_secret = secrets.token_urlsafe(32)
    config = folder / "provider.json"
    config.write_text(json.dumps({
        "database": str(folder / "provider.sqlite3"),
        "people": [asdict(person) for person in people],
        "password": PASSWORD,
        "client_id": client_id, "client_secret": client_secret,
        "redirect_uris": redirect_uris,
    }))
    environment = {**os.environ, "OIDC_PROVIDER_CONFIG": str(config),
                   "DJANGO_SETTINGS_MODULE": "safeguarding.testing.oidc_provider.settings"}
    environment.pop("DATABASE_URL", None)
    process = subprocess.Popen(  # noqa: S603 (this interpreter, this package)
        [sys.executable, "-m", "safeguarding.testing.oidc_provider"], env=environment,
        stdout=subprocess.PIPE, stderr=(folder / "provider.log").open("w"), text=True,
    )
    try:
        port = _wait_for_port(process, folder)
        yield Provider(issuer=f"http://127.0.0.1:{port}/o", client_id=client_id,
                       client_secret=client_secret, process=process)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for_port(process: subprocess.Popen, folder: Path) -> int:
    # The provider prints its port once it is serving.
    ready, _, _ = select.select([process.stdout], [], [], STARTUP_SECONDS)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("listening on "):
        process.kill()
        log = (folder / "provider.log").read_text()[-3000:]
        raise RuntimeError(f"The test OpenID Connect provider did not start:\n{line}{log}")
    return int(line.removeprefix("listening on ").strip())
