"""A category or topic saved from a copy read a moment ago (the admin) never undoes what arrived meanwhile."""

from forum.models import Category, Post, Topic
from tests import factories


def test_renaming_a_category_keeps_the_posts_counted_meanwhile(alice, members_cat):
    stale = Category.objects.get(pk=members_cat.pk)  # the admin's change form is open...
    factories.make_topic(author=alice, category=members_cat, title="Arrived meanwhile")
    stale.name = "Clinical safety and risk"
    stale.save()
    category = Category.objects.get(pk=members_cat.pk)
    assert category.name == "Clinical safety and risk"
    assert (category.topic_count, category.post_count) == (1, 1) and category.last_posted_at is not None


def test_pinning_a_topic_from_a_stale_copy_keeps_its_numbers_and_counts(alice, bob, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Pin me")
    stale = Topic.objects.get(pk=topic.pk)
    reply = factories.make_reply(topic=topic, author=bob, body="Arrived meanwhile")
    stale.pinned = True
    stale.save()
    topic.refresh_from_db()
    assert topic.pinned and topic.last_number == 2 and topic.reply_count == 1 and topic.last_post == reply
    assert factories.make_reply(topic=topic, author=alice, body="And the next one").number == 3


def test_editing_a_post_in_the_admin_keeps_its_likes(alice, bob, members_cat):
    from forum import services

    topic = factories.make_topic(author=alice, category=members_cat, title="Like me")
    post = topic.posts.get()
    stale = Post.objects.get(pk=post.pk)
    services.reaction_toggle(post=post, user=bob)
    stale.hidden_reason = "Checked"
    stale.save()
    assert Post.objects.get(pk=post.pk).like_count == 1


def test_two_edits_of_a_post_at_once_both_end_up_current_or_in_the_history(alice, mo, members_cat):
    from forum import services
    from forum.models import PostRevision

    topic = factories.make_topic(author=alice, category=members_cat, title="Edited twice", body="Original words")
    post = topic.posts.get()
    stale = Post.objects.get(pk=post.pk)  # alice opened her edit form before mo saved his
    services.post_edit(post=post, editor=mo, body="Moderator's correction")
    services.post_edit(post=stale, editor=alice, body="Alice's rewrite")
    assert Post.objects.get(pk=post.pk).body == "Alice's rewrite"
    history = set(PostRevision.objects.filter(post=post).values_list("body", flat=True))
    assert history == {"Original words", "Moderator's correction"}
