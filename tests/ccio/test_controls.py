"""The controls members press most, as the server renders them: the watch choice, the "Reply" jump,
agenda stars without symbols in their names, state for the live region, quiet previews, and
moderator links in a red that meets contrast."""

import re

import pytest

from events import services as event_services
from forum import services as forum_services
from forum.models import Watch
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(alice, members_cat):
    return factories.make_topic(author=alice, category=members_cat, title="Go-live lessons", body="How did it go?")


def _pressed(html):
    control = html.split('id="watch-control"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'value="(\w+)" class="btn btn-primary" aria-pressed="true">(\w+)<', control)


@pytest.mark.parametrize(("level", "shown"), [(None, "Normal"), ("watching", "Watching"), ("muted", "Muted")])
def test_watch_control_is_one_clear_choice(bob_client, bob, topic, level, shown):
    if level:
        forum_services.watch_set(user=bob, topic=topic, level=level)
    html = bob_client.get(topic.get_absolute_url()).content.decode()
    assert _pressed(html) == [(shown.lower(), shown)]
    control = html.split('id="watch-control"', 1)[1].split("</form>", 1)[0]
    assert control.count('aria-pressed="false"') == 2
    assert 'role="group" aria-labelledby="watch-control-label"' in control
    assert "Watching:" not in html and ">Mute<" not in html


def test_watch_choice_works_as_a_plain_form_and_on_a_category(bob_client, bob, topic):
    response = bob_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "muted"})
    assert response.status_code == 302
    assert Watch.objects.get(user=bob, topic=topic).level == "muted"
    assert _pressed(bob_client.get(topic.get_absolute_url()).content.decode()) == [("muted", "Muted")]
    category_page = bob_client.get(topic.category.get_absolute_url()).content.decode()
    assert _pressed(category_page) == [("normal", "Normal")]


def test_visitors_have_no_watch_control(client, public_cat, alice):
    topic = factories.make_topic(author=alice, category=public_cat)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert 'id="watch-control"' not in html


def test_reply_link_near_the_top_jumps_to_the_reply_box(bob_client, topic):
    html = bob_client.get(topic.get_absolute_url()).content.decode()
    jump = html.index('data-testid="reply-jump"')
    assert jump < html.index('class="forum-posts"')
    assert 'href="#reply" data-testid="reply-jump">Reply</a>' in html
    assert 'id="reply"' in html


def test_no_reply_link_for_those_who_cannot_reply(client, public_cat, alice, sam_client):
    topic = factories.make_topic(author=alice, category=public_cat)
    assert 'data-testid="reply-jump"' not in client.get(topic.get_absolute_url()).content.decode()
    locked = factories.make_topic(author=alice, category=public_cat, title="Locked one")
    type(locked).objects.filter(pk=locked.pk).update(locked=True)
    assert 'data-testid="reply-jump"' not in sam_client.get(locked.get_absolute_url()).content.decode()


def test_in_place_controls_describe_their_new_state(bob_client, topic):
    html = bob_client.get(topic.get_absolute_url()).content.decode()
    assert 'data-announce="You no longer like this post: 0 likes."' in html
    assert 'data-announce="Bookmark removed."' in html
    response = bob_client.post(f"/forum/p/{topic.posts.first().pk}/like/", HTTP_HX_REQUEST="true")
    assert 'data-announce="You like this post: 1 like."' in response.content.decode()


def test_preview_announces_only_that_it_updated(bob_client, topic):
    html = bob_client.get(topic.get_absolute_url()).content.decode()
    preview = html.split('class="forum-preview', 1)[1].split("</section>", 1)[0]
    assert "aria-live" not in preview
    assert 'data-announce-swap="Preview updated"' in preview


def test_agenda_buttons_do_not_start_with_a_symbol(alice_client, alice):
    event = factories.EventFactory(kind="conference")
    factories.SessionFactory(event=event, title="Opening keynote")
    event_services.registration_create(event=event, member=alice)
    html = alice_client.get(event.get_absolute_url()).content.decode()
    assert '<span aria-hidden="true">☆</span> Add to my agenda' in html
    assert ">☆ Add" not in html and ">★ In" not in html


def test_moderator_links_use_a_red_that_meets_contrast(mo_client, topic, settings):
    from pathlib import Path

    html = mo_client.get(topic.get_absolute_url()).content.decode()
    assert re.search(r'class="btn btn-sm btn-link text-danger" href="[^"]+">Hide</a>', html)
    assert re.search(r'class="btn btn-sm btn-link text-danger" href="[^"]+">Suspend author</a>', html)
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    assert ".text-danger { color: #a6190e !important; }" in css
