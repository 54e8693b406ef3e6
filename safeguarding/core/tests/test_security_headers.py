"""Every page is sent with the strict Content Security Policy and the headers that stop it being
framed, sniffed or leaking its address; the session cookie cannot be read by script."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/account/sign-in/", "/api/v1/openapi.json"])
def test_pages_carry_the_content_security_policy_and_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_sessions_expire_when_idle_and_their_cookie_is_out_of_script_s_reach(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
