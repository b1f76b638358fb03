"""Load the 31 provincial-level divisions (GB/T 2260)."""

from django.db import migrations


def load(apps, schema_editor):
    from qualift.tenancy.regions_data import REGIONS

    Region = apps.get_model("tenancy", "Region")
    for code, name_en, name_zh in REGIONS:
        Region.objects.update_or_create(code=code, defaults={"name_en": name_en, "name_zh": name_zh})


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
