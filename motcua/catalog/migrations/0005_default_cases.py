"""Every version has at least one case, one of them the default: versions written before cases existed
get "Trường hợp thông thường", and their components (case empty) apply to it."""

from django.db import migrations

DEFAULT_CASE_NAME = "Trường hợp thông thường"


def add_default_cases(apps, schema_editor):
    ProcedureVersion = apps.get_model("catalog", "ProcedureVersion")
    ProcedureCase = apps.get_model("catalog", "ProcedureCase")
    without = ProcedureVersion.objects.filter(cases__isnull=True).values_list("id", flat=True)
    ProcedureCase.objects.bulk_create(
        ProcedureCase(version_id=pk, order=0, name=DEFAULT_CASE_NAME, is_default=True)
        for pk in without.iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_components_origin_eform_template_url")]

    operations = [migrations.RunPython(add_default_cases, migrations.RunPython.noop)]
