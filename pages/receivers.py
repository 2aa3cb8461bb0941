from accounts.services import export_iso
from pages.models import ContactMessage


def erase_member_data(sender, user, **kwargs):
    """Messages a member sent through the contact form hold their name and address: they go with the account."""
    ContactMessage.objects.filter(sender=user).delete()


def export_member_data(sender, user, **kwargs):
    """What they wrote through the contact form (the moderators' notes are theirs, and stay out)."""
    messages = [
        {
            "name": m["name"],
            "email": m["email"],
            "topic": m["topic"],
            "message": m["message"],
            "sent_at": export_iso(m["created_at"]),
            "handled": m["handled_at"] is not None,
        }
        for m in ContactMessage.objects.filter(sender=user)
        .order_by("created_at", "pk")
        .values("name", "email", "topic", "message", "created_at", "handled_at")
    ]
    return "contact_messages", messages
