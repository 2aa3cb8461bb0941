import pytest

from tests.factories import MemberFactory, NotificationFactory


@pytest.mark.django_db(transaction=True)
def test_notifications_page_is_accessible_and_opens_a_notification(page, live_server, login_as, check_accessibility):
    member = MemberFactory(username="priya", display_name="Dr Priya Shah")
    NotificationFactory(recipient=member, title="Dr James Okafor replied to “EPR go-live”", url="/")
    NotificationFactory(recipient=member, title="You are registered for the CCIO Summer Conference", url="/")
    read = NotificationFactory(recipient=member, title="Welcome to the CCIO Network", url="/")
    read.read_at = read.created_at
    read.save()
    login_as(member)

    page.goto(f"{live_server.url}/notifications/")
    assert page.get_by_role("heading", level=1).inner_text() == "Notifications"
    assert page.get_by_role("link", name="Notifications, 2 unread").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Dr James Okafor replied to “EPR go-live”").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Notifications, 1 unread").is_visible()


@pytest.mark.django_db(transaction=True)
def test_preferences_page_is_accessible(page, live_server, login_as, check_accessibility):
    member = MemberFactory()
    login_as(member)
    page.goto(f"{live_server.url}/account/notifications/")
    page.get_by_label("Replies to topics you take part in or watch").select_option("daily")
    page.get_by_role("button", name="Save preferences").click()
    assert page.get_by_text("Your notification preferences have been saved.").is_visible()
    check_accessibility(page)
