"""The periods the national index measures (Decision 766/QĐ-TTg of 23/6/2022, indicator 5.2): refuse
within 2 working days, ask for more within 5, answer within 15, publish within 2 after the answer."""

from django.db import migrations


def add(apps, schema_editor):
    from motcua.feedback.periods import install_defaults

    install_defaults(apps.get_model("feedback", "PeriodRule"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_feedback")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
