from django.db import migrations

from accounts import roles

EDITOR_PERMISSIONS = [
    "add_organisation",
    "change_organisation",
    "view_organisation",
    "add_directoryentry",
    "change_directoryentry",
    "view_directoryentry",
    "add_ccioprofile",
    "change_ccioprofile",
    "view_ccioprofile",
    "add_interviewanswer",
    "change_interviewanswer",
    "view_interviewanswer",
    "add_timelineentry",
    "change_timelineentry",
    "view_timelineentry",
]


def grant(apps, schema_editor):
    roles.grant_permissions(apps, roles.EDITORS, "profiles", EDITOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
