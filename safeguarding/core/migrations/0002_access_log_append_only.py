"""The access log refuses changes in the database itself, not only in the application.

PostgreSQL: UPDATE and DELETE raise (TRUNCATE, used only by operators' tooling and the test
runner's flush, is not a row event). SQLite: UPDATE raises; DELETE stays possible because the test
runner empties tables with DELETE, and production runs on PostgreSQL.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION core_accessevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_accessevent_no_update BEFORE UPDATE OR DELETE ON core_accessevent
    FOR EACH ROW EXECUTE FUNCTION core_accessevent_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS core_accessevent_no_update ON core_accessevent;
DROP FUNCTION IF EXISTS core_accessevent_append_only();
"""
SQLITE_UP = """
CREATE TRIGGER core_accessevent_no_update BEFORE UPDATE ON core_accessevent
BEGIN SELECT RAISE(ABORT, 'The access log cannot be changed'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_accessevent_no_update;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
