from django.db import migrations


class Migration(migrations.Migration):
    """The reports app's first migration: each topic's tables follow it."""

    initial = True
    dependencies: list = []
    operations: list = []
