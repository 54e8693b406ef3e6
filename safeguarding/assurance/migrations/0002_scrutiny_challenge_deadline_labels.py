"""A scrutiny challenge's deadline was named on "My work" by its model's name and id ("scrutiny
challenge 1"): name the deadlines already stored as new ones are (`ScrutinyChallenge.log_label`,
"Challenge to <the partner challenged>")."""

from django.db import migrations


def name_by_partner(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Deadline = apps.get_model("core", "Deadline")
    ScrutinyChallenge = apps.get_model("assurance", "ScrutinyChallenge")
    content_type = ContentType.objects.filter(app_label="assurance",
                                              model="scrutinychallenge").first()
    if content_type is None:  # a new database: no deadline yet
        return
    for challenge in ScrutinyChallenge.objects.select_related("to_agency"):
        Deadline.objects.filter(content_type=content_type, object_id=challenge.pk).update(
            record_label=f"Challenge to {challenge.to_agency.name}"[:200])


class Migration(migrations.Migration):

    dependencies = [
        ("assurance", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_deadline_open_in_partnership"),
    ]

    operations = [
        migrations.RunPython(name_by_partner, migrations.RunPython.noop),
    ]
