"""Agency administrators were made superusers by their role (issue 8, defect 3): they are staff
of the admin site for their agency only. Clear the flag the role gave; the installation's
operator (a superuser without a staff record, or the demo's `admin`) keeps it."""

from django.db import migrations


def clear(apps, schema_editor):
    User = apps.get_model("auth", "User")
    StaffRole = apps.get_model("org", "StaffRole")
    holders = StaffRole.objects.filter(role="administrator").values("staff__user_id")
    User.objects.filter(pk__in=holders, is_superuser=True).exclude(username="admin").update(is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [("org", "0003_desk_note_public"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop, elidable=True)]
