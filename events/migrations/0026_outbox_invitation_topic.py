

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0025_hosts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='outgoingemail',
            name='topic',
            field=models.CharField(choices=[('registration', 'Registration'), ('certificate', 'Certificate'), ('exhibitor', 'Exhibitor application'), ('meeting', 'Meeting'), ('staff_message', 'Message from the organisers'), ('news', 'News'), ('survey', 'Feedback survey'), ('email_change', 'E-mail address confirmation'), ('invitation', "Invitation to a host's staff")], max_length=16, verbose_name='about'),
        ),
    ]
