from events import services


def erase_member_data(sender, user, **kwargs):
    services.member_erase(member=user)
