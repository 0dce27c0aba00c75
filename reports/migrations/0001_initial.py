from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Target",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stage", models.CharField(choices=[("pre_incubation", "Pre-incubation"), ("incubation", "Incubation"), ("acceleration", "Acceleration")], max_length=32, unique=True, verbose_name="stage")),
                ("value", models.PositiveIntegerField(verbose_name="target")),
                ("year", models.PositiveSmallIntegerField(default=2028, verbose_name="by year")),
            ],
            options={"verbose_name": "target", "verbose_name_plural": "targets", "ordering": ["pk"],
                     "permissions": [("view_reports", "Can view policy reports")]},
        ),
        migrations.CreateModel(
            name="Milestone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("value", models.PositiveIntegerField(verbose_name="cumulative value")),
                ("target", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="milestones", to="reports.target")),
            ],
            options={"verbose_name": "yearly milestone", "verbose_name_plural": "yearly milestones", "ordering": ["target", "year"]},
        ),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.UniqueConstraint(fields=("target", "year"), name="milestone_once_per_year"),
        ),
    ]
