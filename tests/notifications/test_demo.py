import io

from accounts.demo import seed as seed_people
from notifications.demo import seed
from notifications.models import Notification, NotificationPreference


def test_demo_seed_is_idempotent(db):
    seed_people(io.StringIO())
    seed(io.StringIO())
    count = Notification.objects.count()
    assert count > 0
    seed(io.StringIO())
    assert Notification.objects.count() == count
    assert NotificationPreference.objects.count() == 1
