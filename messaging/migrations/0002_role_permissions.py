from django.db import migrations

from accounts import roles

# Members write and report; moderators also resolve reports. No role may view conversations
# or messages as such (there is no admin for them): a moderator reads a reported message
# through the moderation queue only.
MEMBER_CODENAMES = ["add_conversation", "add_message", "add_report", "add_block", "change_preferences"]
MODERATOR_CODENAMES = ["view_report", "change_report"]


def grant(apps, schema_editor):
    roles.grant_permissions(apps, roles.MEMBERS, "messaging", MEMBER_CODENAMES)
    roles.grant_permissions(apps, roles.MODERATORS, "messaging", MEMBER_CODENAMES + MODERATOR_CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
