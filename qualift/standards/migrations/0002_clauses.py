"""Load the ISO 9001:2015 clause tree (titles in English and Chinese)."""

from django.db import migrations


def load(apps, schema_editor):
    from qualift.standards.clauses_data import CLAUSES, parent_number

    Clause = apps.get_model("standards", "Clause")
    by_number = {}
    for position, (number, title_en, title_zh) in enumerate(CLAUSES, start=1):
        clause, _ = Clause.objects.update_or_create(
            number=number,
            defaults={"title_en": title_en, "title_zh": title_zh, "position": position,
                      "parent": by_number.get(parent_number(number))},
        )
        by_number[number] = clause


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
