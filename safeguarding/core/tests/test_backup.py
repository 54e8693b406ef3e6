"""Backup and the restore drill: a database holding one of everything is backed up, emptied
(as a new server's database would be after `migrate`), restored, and every table compared,
its row count and a checksum of its content. Refusals leave the database as it was."""

import json
import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safeguarding.accounts.roles import Role
from safeguarding.core.backup import table_states
from safeguarding.core.models import AccessEvent
from safeguarding.core.services import access_log
from safeguarding.core.tests.test_urls import one_of_everything  # noqa: F401 (a fixture)
from safeguarding.reviews import services as reviews
from safeguarding.reviews.models import IdentifyingDetail, Incident


@pytest.fixture
def full_database(one_of_everything, make_person):  # noqa: F811
    incident = one_of_everything["incident"]
    manager = make_person(Role.BUSINESS_MANAGER)
    incident.members.add(manager)
    incident.agencies_involved.add(one_of_everything["agency"])
    reviews.identifying_detail_add(incident=incident, kind="name", value="Jayden", by=manager)
    access_log(user=manager, kind=AccessEvent.Kind.VIEW, record=incident)
    return one_of_everything


@pytest.mark.django_db(transaction=True)
def test_the_restore_drill_gives_back_every_table(full_database, tmp_path):
    before = table_states()
    assert before["reviews_identifyingdetail"].rows == 1
    assert before["reviews_incident_members"].rows == 1  # many-to-many tables too
    assert sum(state.rows for state in before.values()) > 500

    backup = tmp_path / "platform.jsonl.gz"
    call_command("backup", str(backup))
    call_command("flush", interactive=False, verbosity=0)  # an empty, migrated database
    assert not Incident.objects.exists()
    call_command("restore", str(backup))

    after = table_states()
    assert after == before, {table: (before[table], after.get(table)) for table in before
                             if after.get(table) != before[table]}
    # The restored database works: a new row gets a new key, not a restored one's.
    incident = Incident.objects.get(pk=full_database["incident"].pk)
    assert incident.identifying_details.get().value == "Jayden"
    assert Incident.objects.create(**{**_copy(incident), "reference": "NEW-1"}).pk > incident.pk


def _copy(incident):
    return {f.attname: getattr(incident, f.attname) for f in Incident._meta.concrete_fields
            if not f.primary_key}


@pytest.mark.django_db
def test_the_file_keeps_encrypted_values_encrypted(partnership, agency, tmp_path):
    from safeguarding.reviews.tests.factories import IncidentFactory

    incident = IncidentFactory(partnership=partnership, notifying_agency=agency)
    IdentifyingDetail.objects.create(incident=incident, kind="address", value="14 Acacia Avenue")
    backup = tmp_path / "platform.jsonl"
    call_command("backup", str(backup))
    text = backup.read_text()
    assert "Acacia" not in text
    header = json.loads(text.splitlines()[0])
    assert header["format"] == "safeguarding-backup"
    assert header["counts"]["reviews.identifyingdetail"] == 1


@pytest.mark.django_db
def test_only_its_owner_may_read_the_file(tmp_path):
    """It holds password hashes, two-factor secrets and case records: not for other accounts on
    the server, whatever the umask, and not when it replaces an older file either."""
    older = tmp_path / "older.jsonl"
    older.write_text("")
    older.chmod(0o644)
    umask = os.umask(0o022)
    try:
        for name in ("platform.jsonl.gz", "platform.jsonl", "older.jsonl"):
            call_command("backup", str(tmp_path / name))
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    finally:
        os.umask(umask)


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(partnership, tmp_path):
    backup = tmp_path / "platform.jsonl"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="Restore goes into an empty database"):
        call_command("restore", str(backup))
    not_a_backup = tmp_path / "other.jsonl"
    not_a_backup.write_text('{"hello": 1}\n')
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(not_a_backup))


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_part_way_leaves_the_database_empty(partnership, agency, tmp_path,
                                                                 settings):
    """Keys other than the backup's, or a file cut off: refused with a message that says so,
    and nothing of the rows already loaded is kept."""
    from cryptography.fernet import Fernet

    from safeguarding.partnership.models import Partnership
    from safeguarding.reviews.tests.factories import IncidentFactory

    incident = IncidentFactory(partnership=partnership, notifying_agency=agency)
    IdentifyingDetail.objects.create(incident=incident, kind="name", value="Jayden")
    backup = tmp_path / "platform.jsonl.gz"
    call_command("backup", str(backup))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(backup.read_bytes()[:-100])
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match="cut off or damaged"):
        call_command("restore", str(cut))
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="restore with the keys the backup was made with"):
        call_command("restore", str(backup))
    assert not Partnership.objects.exists() and not Incident.objects.exists()


@pytest.mark.django_db
def test_restore_refuses_another_version_of_the_database(tmp_path):
    backup = tmp_path / "platform.jsonl"
    call_command("backup", str(backup))
    lines = backup.read_text().splitlines()
    header = json.loads(lines[0])
    header["migrations"].append(["reviews", "9999_from_the_future"])
    backup.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    with pytest.raises(CommandError, match="not at the backup's version"):
        call_command("restore", str(backup))
    assert connection.is_usable()
