"""Names in posts: the Quote button writes none, old quote headers lose theirs, and an erased member's @mentions go."""

import importlib

from django.apps import apps as django_apps

from accounts.services import account_erase
from forum import services
from forum.models import Post, PostRevision
from tests import factories


def test_the_migration_rewrites_old_quote_headers_in_posts_and_their_history(topic, alice, bob):
    quoted = topic.posts.get(number=1)
    old = f"> **Dr Alice Adams** [wrote](/forum/p/{quoted.pk}/):\n>\n> Our hazard log is private.\n\nAgreed, @alice."
    reply = factories.make_reply(topic=topic, author=bob, body="placeholder")
    Post.objects.filter(pk=reply.pk).update(body=old, body_html="<p>old</p>")
    PostRevision.objects.create(post=reply, body=old, body_html="<p>old</p>", edited_by=bob)
    gone = factories.make_reply(topic=topic, author=bob, body="another")
    Post.objects.filter(pk=gone.pk).update(body="> **Dr Alice Adams** [wrote](/forum/p/999999/):\n>\n> Gone.")

    migration = importlib.import_module("forum.migrations.0003_quote_headers_without_names")
    migration.forwards(django_apps, type("Editor", (), {"connection": type("C", (), {"vendor": "sqlite"})()})())

    reply.refresh_from_db()
    assert reply.body.startswith(f"> [Quote from post #1](/forum/p/{quoted.pk}/):\n>\n> Our hazard log")
    assert "Alice Adams" not in reply.body and "Alice Adams" not in reply.body_html
    assert f'<a href="/forum/p/{quoted.pk}/">Quote from post #1</a>' in reply.body_html
    assert '<a class="mention" href="/members/alice/">@alice</a>' in reply.body_html
    revision = PostRevision.objects.get(post=reply)
    assert "Alice Adams" not in revision.body and "Alice Adams" not in revision.body_html
    assert Post.objects.get(pk=gone.pk).body.startswith("> [Quote from an earlier post](/forum/p/999999/):")


def test_an_erased_members_mentions_become_plain_text(topic, alice, bob, settings):
    settings.FORUM_NEW_MEMBER_DAYS = 0
    reply = factories.make_reply(topic=topic, author=bob, body="Thanks @Alice and @alice-b and mail@alice.org")
    services.post_edit(post=reply, editor=bob, body="Thanks @alice, edited")
    account_erase(user=alice)
    reply.refresh_from_db()
    assert reply.body == "Thanks Former member, edited"
    assert "/members/alice/" not in reply.body_html
    revision = PostRevision.objects.get(post=reply)
    assert revision.body == "Thanks Former member and @alice-b and mail@alice.org"


def test_a_new_member_cannot_take_an_erased_members_placeholder_name(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "x@nhs.net",
            "username": "former-member-7",
            "display_name": "X",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )
    assert response.status_code == 200 and "That username is taken." in response.content.decode()
