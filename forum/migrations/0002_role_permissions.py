from django.db import migrations

from accounts import roles

MEMBER_CODENAMES = ["add_topic", "add_post", "add_reaction", "add_bookmark", "add_flag", "add_watch"]
MODERATOR_CODENAMES = [
    "change_topic",
    "change_post",
    "view_flag",
    "change_flag",
    "view_moderationaction",
    "add_moderationaction",
]


def grant(apps, schema_editor):
    roles.grant_permissions(apps, roles.MEMBERS, "forum", MEMBER_CODENAMES)
    roles.grant_permissions(apps, roles.MODERATORS, "forum", MEMBER_CODENAMES + MODERATOR_CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
