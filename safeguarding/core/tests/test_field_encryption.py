"""Children's identifying details are encrypted at rest, with keys that rotate: the database
holds ciphertext, the platform reads plain text, the redaction check still finds them, an old
key still opens what it wrote until `rotate_field_key` re-encrypts it with the new one."""

import importlib
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safeguarding.core.fields import KeyMissing, encrypted_fields
from safeguarding.core.workflow import MoveRefused
from safeguarding.reviews import services
from safeguarding.reviews.models import IdentifyingDetail
from safeguarding.reviews.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def stored(detail) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM reviews_identifyingdetail WHERE id = %s", [detail.pk])
        return cursor.fetchone()[0]


@pytest.fixture
def detail(partnership, agency, settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    incident = IncidentFactory(partnership=partnership, notifying_agency=agency)
    return services.identifying_detail_add(incident=incident, kind="address",
                                           value="14 Acacia Avenue, Leeds", by=None)


def test_the_database_holds_ciphertext_and_the_platform_reads_plain_text(detail):
    raw = stored(detail)
    assert "Acacia" not in raw and raw.startswith("gAAAAA")  # a Fernet token
    assert Fernet(OLD).decrypt(raw.encode()) == b"14 Acacia Avenue, Leeds"
    assert IdentifyingDetail.objects.get(pk=detail.pk).value == "14 Acacia Avenue, Leeds"
    detail.save()
    assert stored(detail) != raw  # a fresh IV each time: equal values do not look equal


def test_the_redaction_check_still_finds_them_and_the_database_cannot_compare(detail):
    from safeguarding.reviews.rules import redaction_findings

    [finding] = redaction_findings("They lived at 14 Acacia Avenue, Leeds until 2025.",
                                   detail.incident.identifying_details.all())
    assert finding.value == "14 Acacia Avenue, Leeds"
    with pytest.raises(FieldError, match="Unsupported lookup"):
        IdentifyingDetail.objects.filter(value="14 Acacia Avenue, Leeds").exists()
    assert IdentifyingDetail.objects.filter(value__isnull=False).count() == 1


def test_a_new_key_reads_old_values_until_they_are_rotated(detail, settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    assert IdentifyingDetail.objects.get(pk=detail.pk).value == "14 Acacia Avenue, Leeds"
    with pytest.raises(CommandError, match="1 values are still under an older key"):
        call_command("rotate_field_key", "--check")

    call_command("rotate_field_key")
    assert Fernet(NEW).decrypt(stored(detail).encode()) == b"14 Acacia Avenue, Leeds"
    call_command("rotate_field_key", "--check")  # nothing left under the old key

    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key removed
    assert IdentifyingDetail.objects.get(pk=detail.pk).value == "14 Acacia Avenue, Leeds"
    settings.FIELD_ENCRYPTION_KEYS = [OLD]  # only the old key: it no longer opens the value
    with pytest.raises(KeyMissing):
        IdentifyingDetail.objects.get(pk=detail.pk)


def test_rotating_keeps_a_value_saved_while_it_runs(detail, settings, monkeypatch):
    """The service runs on while the command works: a detail changed after the command read it
    keeps its new value, not the old one encrypted again."""
    from safeguarding.core.management.commands import rotate_field_key

    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    reencrypt = rotate_field_key.reencrypt

    def saved_meanwhile(token):
        IdentifyingDetail.objects.filter(pk=detail.pk).update(value="15 Acacia Avenue, Leeds")
        return reencrypt(token)

    monkeypatch.setattr(rotate_field_key, "reencrypt", saved_meanwhile)
    call_command("rotate_field_key")
    assert IdentifyingDetail.objects.get(pk=detail.pk).value == "15 Acacia Avenue, Leeds"
    call_command("rotate_field_key", "--check")  # saved with the new key: nothing left


def test_the_migration_encrypts_what_was_stored_in_plain_text(detail, settings):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_identifyingdetail SET value = %s WHERE id = %s",
                       ["Jayden Smith", detail.pk])
    migration = importlib.import_module(
        "safeguarding.reviews.migrations.0003_identifying_details_encrypted")
    # The migration uses only the schema editor's connection (SQLite's editor cannot open
    # inside the test's transaction).
    editor = SimpleNamespace(connection=connection)
    migration.encrypt_existing(apps, editor)
    migration.encrypt_existing(apps, editor)  # run twice: not encrypted twice
    assert "Jayden" not in stored(detail)
    assert IdentifyingDetail.objects.get(pk=detail.pk).value == "Jayden Smith"


def test_publication_is_still_refused_while_a_detail_is_in_the_text(detail, make_person):
    from safeguarding.accounts.roles import Role

    incident = detail.incident
    incident.published_title, incident.published_text = "Child A", "Home: 14 Acacia Avenue, Leeds"
    incident.save()
    with pytest.raises(MoveRefused, match="Acacia"):
        services.incident_publish(incident=incident, by=make_person(Role.BUSINESS_MANAGER))


def test_the_children_s_identifying_details_are_among_the_encrypted_fields():
    """What `rotate_field_key` and `backup` walk: every encrypted field of every app."""
    assert ("reviews.IdentifyingDetail", "value") in [
        (m._meta.label, f.name) for m, f in encrypted_fields()]
