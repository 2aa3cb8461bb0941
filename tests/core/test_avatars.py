"""Avatars: a member's photo where the page has it, otherwise a coloured circle with their initials;
decorative (the name is beside it), never a query of their own."""

import pytest

from core.templatetags.avatars import COLOURS, colour_index, initials
from tests import factories


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dr Priya Shah", "PS"),
        ("Sarah Whitfield RN", "SW"),
        ("Pooja Mehta MRPharmS", "PM"),
        ("Rt Hon Jo Whitmore MP", "JW"),
        ("Dr Alexandra Montgomery-Smythe FRCP", "AM"),
        ("mo", "M"),
        ("Dr", "D"),
        ("", "?"),
        ("   ", "?"),
        ("<script>", "?"),
        ("Siân Jenkins", "SJ"),
        ("\x00Zed", "Z"),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_a_person_keeps_their_colour_and_colours_spread():
    assert colour_index("priya") == colour_index("priya")
    assert len({colour_index(f"member{n}") for n in range(200)}) == len(COLOURS)


@pytest.mark.django_db
def test_posts_show_initials_to_members_and_nothing_to_visitors(alice, bob_client, client, public_cat):
    alice.display_name = "Dr Alice Adams"
    alice.save()
    topic = factories.make_topic(author=alice, category=public_cat)
    html = bob_client.get(topic.get_absolute_url()).content.decode()
    assert (
        f'class="avatar avatar-sm avatar-initials avatar-c{colour_index("alice")}" aria-hidden="true">AA</span>'
        in html
    )
    assert "avatar-initials" not in client.get(topic.get_absolute_url()).content.decode()  # visitors see no names


@pytest.mark.django_db
def test_messages_show_initials(alice, alice_client, bob):
    bob.display_name = "Dr Bob Brown"
    bob.save()
    conversation = factories.make_conversation(starter=bob, recipients=[alice])
    html = alice_client.get(conversation.get_absolute_url()).content.decode()
    assert 'aria-hidden="true">BB</span>' in html


@pytest.mark.django_db
def test_directory_shows_the_photo_or_the_initials(alice_client):
    with_photo = factories.DirectoryEntryFactory(visibility="members")
    without = factories.DirectoryEntryFactory(visibility="members")
    with_photo.photo.save("p.png", factories_png(), save=True)
    html = alice_client.get("/members/").content.decode()
    assert f'<img src="{with_photo.photo.url}" alt="" class="avatar avatar-lg avatar-photo"' in html
    assert f">{initials(without.user.public_name)}</span>" in html


def factories_png():
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), "#005eb8").save(buffer, "PNG")
    return ContentFile(buffer.getvalue())
