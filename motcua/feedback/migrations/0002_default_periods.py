"""The periods the national index measures (Decision 766/QĐ-TTg of 23/6/2022, indicator 5.2): refuse
within 2 working days, ask for more within 5, answer within 15, publish within 2 after the answer."""

import datetime

from django.db import migrations

BASIS = "Quyết định 766/QĐ-TTg ngày 23/6/2022, chỉ tiêu 5.2"
PERIODS = {"refuse": 2, "supplement": 5, "handle": 15, "publish": 2}


def add(apps, schema_editor):
    PeriodRule = apps.get_model("feedback", "PeriodRule")
    for step, days in PERIODS.items():
        PeriodRule.objects.get_or_create(
            step=step, effective_from=datetime.date(2022, 6, 23), defaults={"working_days": days, "basis": BASIS}
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_feedback")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
