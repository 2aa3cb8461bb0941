from django.db import migrations

from accounts import roles

EDITOR_PERMISSIONS = ["add_topic", "change_topic", "view_topic"]


def grant(apps, schema_editor):
    roles.grant_permissions(apps, roles.EDITORS, "editorial", EDITOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
