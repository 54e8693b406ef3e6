"""The annual review of the published arrangements was named on "My work" by its model's name
and id ("arrangements 1"): name the deadlines already stored by the document's title, as new
ones are (`Arrangements.log_label`)."""

from django.db import migrations


def name_by_title(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Deadline = apps.get_model("core", "Deadline")
    Arrangements = apps.get_model("partnership", "Arrangements")
    content_type = ContentType.objects.filter(app_label="partnership",
                                              model="arrangements").first()
    if content_type is None:  # a new database: no deadline yet
        return
    for document in Arrangements.objects.only("pk", "title"):
        Deadline.objects.filter(content_type=content_type, object_id=document.pk).update(
            record_label=document.title[:200])


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_deadline_open_in_partnership"),
        ("partnership", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(name_by_title, migrations.RunPython.noop),
    ]
