"""The roles of the steps still to be done (active, pending, returned), from their positions.

Finished steps keep role "" (nobody acts on them again); the open ones are few and found through
the `dossier_step_queue` index (state first), one UPDATE per distinct position.
"""

from django.db import migrations

OPEN = ("active", "pending", "returned")


def fill(apps, schema_editor):
    from motcua.org.positions import role_for_position

    DossierStep = apps.get_model("dossiers", "DossierStep")
    steps = DossierStep.objects.filter(state__in=OPEN, role="").exclude(position="")
    for position in list(steps.order_by().values_list("position", flat=True).distinct()):
        role = role_for_position(position)
        if role:
            steps.filter(position=position).update(role=role)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0007_dossierstep_role"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
