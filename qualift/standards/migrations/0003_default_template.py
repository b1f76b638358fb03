"""Load the shipped checklist template "ISO 9001 checklist for small and micro enterprises"."""

from django.db import migrations


def load(apps, schema_editor):
    from qualift.standards.templates_data import install_default_template

    install_default_template(
        apps.get_model("standards", "ChecklistTemplate"),
        apps.get_model("standards", "ChecklistQuestion"),
        apps.get_model("standards", "Clause"),
    )


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_clauses")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
