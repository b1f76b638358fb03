"""Load the 39 IAF scope codes (IAF ID 1) in English and Chinese."""

from django.db import migrations


def load(apps, schema_editor):
    from qualift.enterprises.reference_data import IAF_CODES

    IafCode = apps.get_model("enterprises", "IafCode")
    for code, name_en, name_zh in IAF_CODES:
        IafCode.objects.update_or_create(code=code, defaults={"name_en": name_en, "name_zh": name_zh})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
