from io import StringIO

from messaging.demo import seed
from messaging.models import Conversation, Message


def test_demo_seed_is_idempotent(db):
    from accounts.demo import seed as seed_people

    seed_people(StringIO())
    seed(StringIO())
    counts = (Conversation.objects.count(), Message.objects.count())
    seed(StringIO())
    assert (Conversation.objects.count(), Message.objects.count()) == counts
    assert counts[0] == 3
    assert Conversation.objects.filter(kind="moderators", awaiting_moderators=True).count() == 1
    for conversation in Conversation.objects.all():
        assert conversation.last_number == conversation.messages.count()
