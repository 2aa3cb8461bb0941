from notifications.services import erase_member


def erase_member_notifications(sender, user, **kwargs):
    erase_member(user=user)
