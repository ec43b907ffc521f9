"""The home page now lives in the ``home`` app (see ``home/0001_initial``, which renamed the
tables and relabelled the content types). Core only forgets the models; the database keeps
every row."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_outgoing_email_permission"),
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HomePageSection"),
                migrations.DeleteModel(name="HomePage"),
            ],
            database_operations=[],
        ),
    ]
