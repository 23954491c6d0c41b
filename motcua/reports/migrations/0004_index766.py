import django.db.models.deletion
from django.db import migrations, models


def load(apps, schema_editor):
    from motcua.reports.index766 import methodology

    for entry in methodology.read():
        methodology.install(entry, apps.get_model("reports", "IndexMethodology"), apps.get_model("reports", "IndexIndicator"))


class Migration(migrations.Migration):
    """The national index's methodology (Decision 766) as data, loaded from
    motcua/reports/index766/data/methodology.json (later versions: `manage.py load_index766`)."""

    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name='IndexMethodology',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='mã phương pháp')),
                ('name', models.CharField(max_length=255, verbose_name='tên')),
                ('effective_from', models.DateField(unique=True, verbose_name='hiệu lực từ')),
                ('groups', models.JSONField(default=list, verbose_name='nhóm chỉ số')),
            ],
            options={
                'verbose_name': 'phương pháp tính Chỉ số 766',
                'verbose_name_plural': 'phương pháp tính Chỉ số 766',
                'ordering': ['-effective_from'],
            },
        ),
        migrations.CreateModel(
            name='IndexIndicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                ('code', models.CharField(max_length=8, verbose_name='mã chỉ tiêu')),
                ('group', models.CharField(max_length=8, verbose_name='nhóm')),
                ('name', models.CharField(max_length=255, verbose_name='tên chỉ tiêu')),
                ('name_en', models.CharField(blank=True, max_length=255, verbose_name='tên chỉ tiêu (tiếng Anh)')),
                ('points', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='điểm tối đa')),
                ('threshold', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='ngưỡng đạt điểm tối đa (%)')),
                ('levels', models.JSONField(default=list, verbose_name='cấp áp dụng')),
                ('rule', models.CharField(max_length=32, verbose_name='cách tính')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='tham số')),
                ('methodology', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='reports.indexmethodology')),
            ],
            options={
                'verbose_name': 'chỉ tiêu Chỉ số 766',
                'verbose_name_plural': 'chỉ tiêu Chỉ số 766',
                'ordering': ['methodology', 'order'],
                'constraints': [models.UniqueConstraint(fields=('methodology', 'code'), name='index766_indicator_once')],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
