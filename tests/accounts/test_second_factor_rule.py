"""One rule for role powers: they count only in a session that passed two-factor sign-in.

An editor, a moderator and a superuser without TOTP (and an editor and a
superuser who have TOTP but signed in with their password only) are walked
through every access helper and every page of the site, and through the
powers the probe found (editing others' posts, reading hidden topics,
replying into locked ones, announcements, accepting answers, drafts at their
public address and in calendars, search, feeds, notifications, the admin).
Each must get exactly what alice, a plain member, gets.
"""

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib import admin
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import Permission
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import MembershipApplication, User
from articles.models import Article
from core import permissions
from core.second_factor import SecondFactorMiddleware
from editorial import services as editorial
from events import rules as event_rules
from events.models import CalendarToken, Event, Session, Speaker
from forum import access, moderation
from forum.models import Category, Flag, ModerationAction, Post, Topic, Watch
from notifications import kinds
from notifications.models import Notification
from notifications.tokens import make_unsubscribe_token
from profiles.models import CCIOProfile
from tests import factories
from tests.factories import TEST_PASSWORD

SECRET = "SECRET"


# --- the people -------------------------------------------------------------


@pytest.fixture
def people(db, alice, ed, mo):
    """Role holders whose roles must count for nothing, and the clients they sign in with."""
    plain_editor = factories.EditorFactory(username="ned", display_name="Ned NoTotp", mfa=False)
    plain_moderator = factories.ModeratorFactory(username="moe", display_name="Moe NoTotp", mfa=False)
    plain_root = factories.UserFactory(
        username="root", display_name="Root NoTotp", is_staff=True, is_superuser=True, mfa=False
    )
    # TOTP set up, but this session only passed the password (signed in before setting it up, say).
    password_editor = factories.EditorFactory(username="pam", display_name="Pam PasswordOnly", mfa=True)
    password_root = factories.UserFactory(
        username="toor", display_name="Toor PasswordOnly", is_staff=True, is_superuser=True, mfa=True
    )
    clients = {}
    for user in (alice, plain_editor, plain_moderator, plain_root):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    for user in (password_editor, password_root):
        client = Client()
        assert client.login(username=user.username, password=TEST_PASSWORD)
        clients[user.username] = client
    return {
        "alice": alice,
        "ned": plain_editor,
        "moe": plain_moderator,
        "root": plain_root,
        "pam": password_editor,
        "toor": password_root,
        "clients": clients,
    }


POWERLESS = ["ned", "moe", "root", "pam", "toor"]


# --- the world they look at ---------------------------------------------------


@pytest.fixture
def world(db, people, bob, ed, mo, members_cat, public_cat, settings):
    settings.FORUM_NEW_MEMBER_DAYS = 0
    carol = factories.MemberFactory(username="carol", display_name="Carol Clark")
    news = factories.CategoryFactory(name="News", slug="news", access=Category.Access.ANNOUNCEMENTS)
    topic = factories.make_topic(author=bob, category=members_cat, title="Bob asks", body="What should we do?")
    first = topic.posts.get(number=1)
    answer = factories.make_reply(topic=topic, author=carol, body="Carol answers.")
    hidden_reply = factories.make_reply(topic=topic, author=bob, body=f"{SECRET} hidden reply")
    moderation.post_hide(post=hidden_reply, moderator=mo, reason="Off topic")
    locked = factories.make_topic(author=bob, category=members_cat, title="Locked talk", body="Locked body.")
    moderation.topic_moderate(topic=locked, moderator=mo, action="lock", reason="Done")
    hidden = factories.make_topic(
        author=bob, category=public_cat, title=f"{SECRET} hidden topic", body=f"{SECRET} hidden topic body"
    )
    moderation.topic_moderate(topic=hidden, moderator=mo, action="hide_topic", reason="Spam")
    public = factories.make_topic(author=bob, category=public_cat, title="Open question", body="Anyone?")
    flag = moderation.flag_create(post=first, reporter=carol, reason=Flag.Reason.OTHER, detail="Look")
    application = factories.MembershipApplicationFactory()

    draft = factories.ArticleFactory(title=f"{SECRET} draft article", slug="secret-draft", status="draft")
    scheduled = factories.ArticleFactory(
        title=f"{SECRET} scheduled article",
        slug="secret-scheduled",
        status="scheduled",
        publish_at=timezone.now() + dt.timedelta(days=3),
        approved_by=ed,
    )
    in_review = factories.ArticleFactory(
        title=f"{SECRET} article in review", slug="secret-review", status="in_review", submitted_by=ed
    )
    published = factories.ArticleFactory(title="Published article", slug="published")
    editorial.save_item(item=published, by=ed, reason="Edited")
    draft_profile = factories.CCIOProfileFactory(headline=f"{SECRET} draft profile", slug="secret-profile")
    draft_profile.status = "draft"
    draft_profile.save()

    draft_event = factories.EventFactory(title=f"{SECRET} draft event", slug="secret-event", status="draft")
    draft_session = factories.SessionFactory(event=draft_event, title=f"{SECRET} draft session")
    draft_speaker = factories.SpeakerFactory(name=f"{SECRET} speaker")
    draft_session.speakers.add(draft_speaker)
    event = factories.EventFactory(title="Published roundtable", slug="roundtable")
    session = factories.SessionFactory(event=event, title="Opening")
    speaker = factories.SpeakerFactory(name="Sita Speaker")
    session.speakers.add(speaker)
    from events import services as event_services

    event_services.registration_create(event=event, member=carol)

    # Notifications the powerless must not get: a review request, a reply in a hidden topic.
    editorial.submit(item=factories.ArticleFactory(title=f"{SECRET} sent for review", status="draft"), by=ed)
    for name in ("moe", "root"):
        Watch.objects.create(user=people[name], topic=hidden, level=Watch.Level.WATCHING)
    factories.make_reply(topic=hidden, author=mo, body=f"{SECRET} reply in a hidden topic")
    # One harmless notification each, so /notifications/<id>/open/ has something to open.
    own = {
        name: factories.NotificationFactory(recipient=people[name], title="Welcome", url="/forum/")
        for name in ["alice", *POWERLESS]
    }
    tokens = {name: CalendarToken.objects.create(member=people[name]) for name in ["alice", *POWERLESS]}

    # Resources: a draft with a file, and each person's own plan item and CPD entry.
    draft_resource = factories.ResourceFactory(
        title=f"{SECRET} draft resource", slug="secret-resource", status="draft", access="members"
    )
    plan = {name: factories.PlanItemFactory(member=people[name]) for name in ["alice", *POWERLESS]}
    cpd = {name: factories.CPDEntryFactory(member=people[name]) for name in ["alice", *POWERLESS]}
    # Surveys: a draft (editors only) with a question.
    draft_survey = factories.SurveyFactory(title=f"{SECRET} draft survey", slug="secret-survey", status="draft")
    factories.make_question(draft_survey, "single", f"{SECRET} question", options=["Yes", "No"])
    # Attendance: carol attended the published event.
    carol_place = event.registrations.get(member=carol)
    event_services.attendance_mark(registration=carol_place, by=ed, now=event.starts_at)
    carol_place.refresh_from_db()
    # Messages: a conversation between bob and carol, one carol sent the moderators, and a report of it.
    private = factories.make_conversation(starter=bob, recipients=[carol], body=f"{SECRET} private words")
    from messaging import moderation as message_moderation
    from messaging import services as messaging

    to_moderators = messaging.moderators_contact(author=carol, subject="Help", body=f"{SECRET} for moderators")
    reported = factories.make_message(conversation=private, author=carol, body=f"{SECRET} reported words")
    reported.conversation.is_participant = True  # as bob's page sees it
    report = message_moderation.report_create(message=reported, reporter=bob, reason="other")
    # Pages and the contact inbox: a draft page, and a message someone sent through the contact form.
    from pages import services as pages_services
    from pages.models import Page

    draft_page = Page.objects.create(title=f"{SECRET} draft page", slug="secret-page", summary="S", body="B")
    contact = pages_services.contact_send(
        name="Vera Visitor", email="vera@example.org", topic="other", message=f"{SECRET} contact message"
    )
    return {
        "bob": bob,
        "carol": carol,
        "news": news,
        "members_cat": members_cat,
        "public_cat": public_cat,
        "topic": topic,
        "first": first,
        "answer": answer,
        "hidden_reply": hidden_reply,
        "locked": locked,
        "hidden": hidden,
        "public": public,
        "flag": flag,
        "application": application,
        "draft": draft,
        "scheduled": scheduled,
        "in_review": in_review,
        "published": published,
        "draft_profile": draft_profile,
        "draft_event": draft_event,
        "draft_session": draft_session,
        "draft_speaker": draft_speaker,
        "event": event,
        "session": session,
        "speaker": speaker,
        "own_notification": own,
        "tokens": tokens,
        "draft_resource": draft_resource,
        "plan": plan,
        "cpd": cpd,
        "draft_survey": draft_survey,
        "carol_place": carol_place,
        "private": private,
        "to_moderators": to_moderators,
        "reported": reported,
        "report": report,
        "draft_page": draft_page,
        "contact": contact,
    }


# --- the access helpers -------------------------------------------------------


def _request_for(client):
    """A request carrying the client's session, through the same middleware as the site."""
    request = RequestFactory().get("/")
    request.session = client.session
    AuthenticationMiddleware(lambda r: None).process_request(request)
    SecondFactorMiddleware(lambda r: r)(request)
    return request


def _answers(request, w):
    """What every access helper says for this request's user, in a comparable form."""
    user = request.user
    ids = lambda qs: sorted(qs.values_list("pk", flat=True))  # noqa: E731
    answers = {
        "core.is_member": permissions.is_member(user),
        "core.is_editor": permissions.is_editor(user),
        "core.is_moderator": permissions.is_moderator(user),
        "core.is_staff": permissions.is_staff(user),
        "forum.can_moderate": access.can_moderate(user),
        "forum.can_write": access.can_write(user),
        "forum.reading_scope": access.reading_scope(user),
        "forum.readable_categories": ids(access.readable_categories(user)),
        "forum.readable_topics": ids(access.readable_topics(user)),
        "forum.readable_posts": ids(access.readable_posts(user)),
        "forum.startable_categories": ids(access.startable_categories(user)),
        "forum.can_read_topic(hidden)": access.can_read_topic(user, w["hidden"]),
        "forum.can_start_topic(announcements)": access.can_start_topic(user, w["news"]),
        "forum.can_reply(locked)": access.can_reply(user, w["locked"]),
        "forum.can_reply(hidden)": access.can_reply(user, w["hidden"]),
        "forum.can_edit_post(others)": access.can_edit_post(user, w["first"]),
        "forum.can_edit_post(hidden)": access.can_edit_post(user, w["hidden_reply"]),
        "forum.can_accept(others)": access.can_accept(user, w["topic"]),
        "forum.can_see_post_content(hidden)": access.can_see_post_content(user, w["hidden_reply"]),
        "editorial.articles_visible": ids(Article.objects.visible_to(user)),
        "editorial.profiles_visible": ids(CCIOProfile.objects.visible_to(user)),
        "editorial.may_approve": editorial.may_approve(w["in_review"], user),
        "events.may_manage_events": event_rules.may_manage_events(user),
        "notifications.kinds_offered": [k.code for k in kinds.offered_to(user)],
        "perms": sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in Permission.objects.select_related("content_type")
            if user.has_perm(f"{p.content_type.app_label}.{p.codename}")
        ),
        "module_perms": sorted(
            label for label in ("forum", "articles", "events", "accounts") if user.has_module_perms(label)
        ),
    }
    for getter, args in (
        (access.get_topic_for_read, (request, w["hidden"].pk)),
        (access.get_post_for_read, (request, w["hidden"].posts.get(number=1).pk)),
    ):
        try:
            getter(*args)
            answers[getter.__name__] = "found"
        except Http404:
            answers[getter.__name__] = "404"
    try:
        event_rules.get_event_for_user(user, w["draft_event"].slug)
        answers["events.get_event_for_user(draft)"] = "found"
    except Http404:
        answers["events.get_event_for_user(draft)"] = "404"
    return answers


@pytest.mark.parametrize("name", POWERLESS)
def test_every_access_helper_gives_only_member_powers(people, world, name):
    member = _answers(_request_for(people["clients"]["alice"]), world)
    powerless = _answers(_request_for(people["clients"][name]), world)
    assert {k: v for k, v in powerless.items() if member[k] != v} == {}


def test_the_same_helpers_give_the_powers_after_the_second_factor(people, world, ed_client, mo_client):
    """The control: with the second factor the same questions get the roles' answers."""
    editor = _answers(_request_for(ed_client), world)
    moderator = _answers(_request_for(mo_client), world)
    assert editor["core.is_editor"] and editor["events.may_manage_events"] and editor["editorial.may_approve"] is False
    assert world["draft"].pk in editor["editorial.articles_visible"]
    assert moderator["forum.can_moderate"] and moderator["forum.can_edit_post(others)"]
    assert moderator["forum.can_read_topic(hidden)"] and moderator["get_topic_for_read"] == "found"


def test_service_functions_refuse_them(people, world):
    """Services called with request.user ask the same rule (a user tied to a session without the second factor)."""
    for name in POWERLESS:
        user = _request_for(people["clients"][name]).user
        with pytest.raises(editorial.WorkflowError):
            editorial.submit(item=world["draft"], by=user)
        with pytest.raises(moderation.ForumError):
            moderation.post_hide(post=world["first"], moderator=user, reason="No")


def test_outside_a_request_a_role_counts_only_with_totp_set_up(people, ed, mo):
    """Commands and tasks have no session: the account must have TOTP (the rule in core.second_factor)."""
    assert ed.is_editor and mo.is_moderator
    assert people["pam"].is_editor and people["toor"].is_editor
    assert not people["ned"].is_editor and not people["moe"].is_moderator and not people["root"].is_editor
    assert not people["root"].has_perm("articles.change_article")
    assert set(editorial.active_editors()) >= {ed, people["pam"], people["toor"]}
    assert not {people["ned"], people["root"]} & set(editorial.active_editors())


def test_no_notification_about_what_their_role_would_show(people, world):
    """Without TOTP none is sent; with TOTP but a password-only session, the role's kinds are not shown."""
    for name in ("ned", "moe", "root"):
        titles = list(Notification.objects.filter(recipient=people[name]).values_list("title", flat=True))
        assert not [t for t in titles if SECRET in t], name
    for name in ("pam", "toor"):
        assert Notification.objects.filter(recipient=people[name], kind="editorial.review").exists()
        request = _request_for(people["clients"][name])
        assert not Notification.objects.for_recipient(request.user).filter(kind="editorial.review").exists()
        assert Notification.objects.unread_count(request.user) == 1  # the welcome only


# --- every page ---------------------------------------------------------------


def _urls(w, person, username):
    """Every named page of the site, with arguments from the world; (name, kwargs, query)."""
    slug = lambda obj: {"slug": obj.slug}  # noqa: E731
    pk = lambda obj: {"pk": obj.pk}  # noqa: E731
    article_label = Article.editorial_label()
    profile_label = CCIOProfile.editorial_label()
    history_id = w["published"].history.order_by("history_id").values_list("history_id", flat=True)
    return {
        "home": ({}, ""),
        "search": ({}, f"q={SECRET}"),
        "healthz": ({}, ""),
        "robots_txt": ({}, ""),
        "sitemap": ({}, ""),
        "notification_preferences": ({}, ""),
        "profiles:entry_edit": ({}, ""),
        "profiles:directory": ({}, f"q={SECRET}"),
        "profiles:member_detail": ({"username": w["bob"].username}, ""),
        "profiles:profile_list": ({}, ""),
        "profiles:profile_detail": (slug(w["draft_profile"]), ""),
        "accounts:settings": ({}, ""),
        "accounts:apply": ({}, ""),
        "accounts:application_queue": ({}, ""),
        "accounts:application_decide": (pk(w["application"]), ""),
        "accounts:export": ({}, ""),
        "accounts:delete": ({}, ""),
        "notifications:list": ({}, ""),
        "notifications:mark_all_read": ({}, ""),
        "notifications:open": (pk(w["own_notification"][username]), ""),
        "notifications:unsubscribe": ({"token": make_unsubscribe_token(person, "forum.reply")}, ""),
        "notifications:weekly_summary_choice": ({}, ""),
        "notifications:weekly_summary_preview": ({}, f"member={w['carol'].username}"),
        "forum:index": ({}, ""),
        "forum:latest": ({}, ""),
        "forum:unread": ({}, ""),
        "forum:bookmarks": ({}, ""),
        "forum:search": ({}, f"q={SECRET}"),
        "forum:feed": ({}, ""),
        "forum:new_topic": ({}, f"category={w['news'].slug}"),
        "forum:preview": ({}, ""),
        "forum:category": (slug(w["public_cat"]), ""),
        "forum:category_feed": (slug(w["public_cat"]), ""),
        "forum:watch_category": (slug(w["public_cat"]), ""),
        "forum:topic_short": (pk(w["hidden"]), ""),
        "forum:topic_unread": (pk(w["hidden"]), ""),
        "forum:reply": (pk(w["locked"]), ""),
        "forum:watch_topic": (pk(w["hidden"]), ""),
        "forum:topic_moderate": (pk(w["topic"]), ""),
        "forum:topic": ({"pk": w["hidden"].pk, "slug": w["hidden"].slug}, ""),
        "forum:permalink": (pk(w["hidden_reply"]), ""),
        "forum:edit": (pk(w["first"]), ""),
        "forum:history": (pk(w["hidden_reply"]), ""),
        "forum:delete": (pk(w["first"]), ""),
        "forum:like": (pk(w["first"]), ""),
        "forum:accept": (pk(w["answer"]), ""),
        "forum:bookmark": (pk(w["first"]), ""),
        "forum:flag": (pk(w["hidden_reply"]), ""),
        "forum:post_hide": (pk(w["first"]), ""),
        "forum:moderation_queue": ({}, ""),
        "forum:flag_act": (pk(w["flag"]), ""),
        "forum:moderation_log": ({}, ""),
        "forum:suspend": ({"username": w["bob"].username}, ""),
        "events:list": ({}, ""),
        "events:calendar_today": ({}, ""),
        "events:calendar": (
            {"year": w["draft_event"].starts_at.year, "month": w["draft_event"].starts_at.month},
            "",
        ),
        "events:past": ({}, ""),
        "events:feed": ({}, ""),
        "events:my_events": ({}, ""),
        "events:reset_feed": ({}, ""),
        "events:my_feed": ({"token": w["tokens"][username].token}, ""),
        "events:new": ({}, ""),
        "events:detail": (slug(w["draft_event"]), ""),
        "events:event_ics": (slug(w["draft_event"]), ""),
        "events:register": (slug(w["draft_event"]), ""),
        "events:cancel_registration": (slug(w["event"]), ""),
        "events:cancel_registration_confirm": (slug(w["event"]), ""),
        "forum:mentions": ({}, "q=al"),
        "events:session_ics": ({"slug": w["draft_event"].slug, "pk": w["draft_session"].pk}, ""),
        "events:toggle_star": ({"slug": w["draft_event"].slug, "pk": w["draft_session"].pk}, ""),
        "events:speaker": ({"slug": w["draft_event"].slug, "pk": w["draft_speaker"].pk}, ""),
        "events:speaker_new": (slug(w["event"]), ""),
        "events:speaker_edit": ({"slug": w["event"].slug, "pk": w["speaker"].pk}, ""),
        "events:agenda_edit": (slug(w["event"]), ""),
        "events:attendees": (slug(w["event"]), ""),
        "events:attendees_csv": (slug(w["event"]), ""),
        "events:email_attendees": (slug(w["event"]), ""),
        "events:edit": (slug(w["event"]), ""),
        "events:repeat": (slug(w["event"]), ""),
        "events:cancel": (slug(w["event"]), ""),
        "articles:list": ({}, ""),
        "articles:feed": ({}, ""),
        "articles:feed_atom": ({}, ""),
        "articles:detail": (slug(w["scheduled"]), ""),
        "editorial:dashboard": ({}, ""),
        "editorial:article_new": ({}, ""),
        "editorial:article_edit": (pk(w["draft"]), ""),
        "editorial:profile_new": ({}, ""),
        "editorial:profile_edit": (pk(w["draft_profile"]), ""),
        "editorial:item": ({"label": article_label, "pk": w["draft"].pk}, ""),
        "editorial:preview": ({"label": profile_label, "pk": w["draft_profile"].pk}, ""),
        "editorial:history": ({"label": article_label, "pk": w["published"].pk}, ""),
        "editorial:compare": (
            {"label": article_label, "pk": w["published"].pk},
            f"old={history_id[0]}&new={history_id[1]}",
        ),
        "editorial:restore": ({"label": article_label, "pk": w["published"].pk, "history_id": history_id[0]}, ""),
        "editorial:transition": ({"label": article_label, "pk": w["in_review"].pk, "action": "approve"}, ""),
        "editorial:withdraw_confirm": ({"label": article_label, "pk": w["published"].pk}, ""),
        "editorial:resource_new": ({}, ""),
        "editorial:resource_edit": (pk(w["draft_resource"]), ""),
        "events:check_in": (slug(w["event"]), ""),
        "events:check_in_mark": ({"slug": w["event"].slug, "pk": w["carol_place"].pk}, ""),
        "events:certificate": (slug(w["event"]), ""),
        "events:certificate_verify": ({"code": w["carol_place"].certificate_code}, ""),
        "resources:list": ({}, f"q={SECRET}"),
        "resources:feed": ({}, ""),
        "resources:detail": (slug(w["draft_resource"]), ""),
        "resources:download": (slug(w["draft_resource"]), ""),
        "resources:useful": (slug(w["draft_resource"]), ""),
        "resources:add_to_plan": (slug(w["draft_resource"]), ""),
        "resources:plan": ({}, ""),
        "resources:plan_item": (pk(w["plan"][username]), ""),
        "resources:plan_status": (pk(w["plan"][username]), ""),
        "resources:plan_remove": (pk(w["plan"][username]), ""),
        "resources:cpd": ({}, ""),
        "resources:cpd_new": ({}, ""),
        "resources:cpd_export": ({}, ""),
        "resources:cpd_edit": (pk(w["cpd"][username]), ""),
        "resources:cpd_delete": (pk(w["cpd"][username]), ""),
        "resources:cpd_evidence": (pk(w["cpd"][username]), ""),
        "surveys:list": ({}, ""),
        "surveys:answer": (slug(w["draft_survey"]), ""),
        "surveys:results": (slug(w["draft_survey"]), ""),
        "surveys:export": (slug(w["draft_survey"]), ""),
        "surveys:publish_answers": (slug(w["draft_survey"]), ""),
        "editorial:survey_new": ({}, ""),
        "editorial:survey_edit": (pk(w["draft_survey"]), ""),
        "forum:poll_vote": (pk(w["topic"]), ""),
        "forum:poll_close": (pk(w["topic"]), ""),
        "messaging:inbox": ({}, ""),
        "messaging:new": ({}, ""),
        "messaging:people": ({}, f"q={w['carol'].display_name}"),
        "messaging:preview": ({}, ""),
        "messaging:search": ({}, f"q={SECRET}"),
        "messaging:preferences": ({}, ""),
        "messaging:block": ({"username": w["carol"].username}, ""),
        "messaging:moderators_inbox": ({}, ""),
        "messaging:contact_moderators": ({}, ""),
        "messaging:report": (pk(w["report"]), ""),
        "messaging:conversation": (pk(w["to_moderators"]), ""),
        "messaging:unread": (pk(w["private"]), ""),
        "messaging:reply": (pk(w["to_moderators"]), ""),
        "messaging:add": (pk(w["private"]), ""),
        "messaging:leave": (pk(w["private"]), ""),
        "messaging:conversation_search": (pk(w["private"]), f"q={SECRET}"),
        "messaging:handled": (pk(w["to_moderators"]), ""),
        "messaging:permalink": (pk(w["reported"]), ""),
        "messaging:report_message": (pk(w["reported"]), ""),
        "pages:detail": (slug(w["draft_page"]), ""),
        "pages:contact": ({}, ""),
        "pages:contact_sent": ({}, ""),
        "pages:contact_inbox": ({}, ""),
        "pages:contact_message": (pk(w["contact"]), ""),
        "pages:contact_mark": (pk(w["contact"]), ""),
        "editorial:page_new": ({}, ""),
        "editorial:page_edit": (pk(w["draft_page"]), ""),
    }


# allauth's own account pages are the same for everyone (their rules are allauth's);
# the admin's pages are walked model by model below.
NOT_WALKED_PREFIXES = ("account_", "mfa_", "usersessions_", "admin:")


def _named_patterns(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_the_walk_covers_every_page_of_the_site(people, world):
    """A new page must be added to _urls() so that this walk checks it too."""
    names = {n for n in _named_patterns() if not n.startswith(NOT_WALKED_PREFIXES)}
    walked = set(_urls(world, people["alice"], "alice"))
    assert names - walked == set(), "add these pages to _urls() in this test"
    assert walked - names == set()


REFUSALS = ("/accounts/login/", "/accounts/2fa/", "/admin/login/", "/account/apply/")
# Things on a page that only a role should see.
POWER_MARKERS = (
    "/editor/",
    "/forum/moderation/",
    "/hide/",
    "/moderate/",
    "/events/new/",
    "/attendees",
    "/account/applications/",
    "/contact/inbox/",
    "/admin/",
    "Suspend author",
    "Accept answer",
    ">Edit<",
    "Hidden</span>",
    "forum-hidden-content",
    SECRET,
)


def _outcome(response):
    status = response.status_code
    if status in (403, 404, 410):
        return "refused"
    if status in (301, 302):
        location = response["Location"]
        return "refused" if location.startswith(REFUSALS) else f"redirect {location}"
    return str(status)


def _markers(response):
    if response.status_code != 200 or response.streaming:
        return set()
    content = response.content.decode("utf-8", "replace")
    return {marker for marker in POWER_MARKERS if marker in content}


@pytest.mark.parametrize("name", POWERLESS)
def test_every_page_gives_only_what_a_member_gets(people, world, name, settings):
    settings.CONTENT_CACHE = False
    person = people[name]
    member_urls = _urls(world, people["alice"], "alice")
    person_urls = _urls(world, person, name)
    differences = {}
    for url_name in member_urls:
        kwargs, query = member_urls[url_name]
        member_response = people["clients"]["alice"].get(f"{reverse(url_name, kwargs=kwargs)}?{query}")
        kwargs, query = person_urls[url_name]
        response = people["clients"][name].get(f"{reverse(url_name, kwargs=kwargs)}?{query}")
        got = (_outcome(response), _markers(response))
        expected = (_outcome(member_response), _markers(member_response))
        if got != expected:
            differences[url_name] = {"member": expected, name: got}
    assert differences == {}


@pytest.mark.parametrize("name", POWERLESS)
def test_the_admin_refuses_them_everywhere(people, world, name):
    client = people["clients"][name]
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls += [reverse("admin:%s_%s_changelist" % info), reverse("admin:%s_%s_add" % info)]  # noqa: UP031
    for url in urls:
        response = client.get(url)
        assert _outcome(response) == "refused", url
        assert b"Site administration" not in response.content


def test_staff_whose_role_is_off_are_sent_to_switch_it_on(people, world):
    """No authenticator: set one up. An authenticator but a password-only session: enter a code."""
    response = people["clients"]["root"].get("/admin/")
    assert response.url == reverse("mfa_activate_totp")
    response = people["clients"]["toor"].get("/admin/")
    assert response.url == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2F"
    response = people["clients"]["ned"].get(reverse("editorial:dashboard"))
    assert response.url == reverse("mfa_activate_totp")
    response = people["clients"]["pam"].get(reverse("editorial:dashboard"))
    assert response.url == f"{reverse('mfa_reauthenticate')}?next=%2Feditor%2F"
    # Someone without the role is refused as before.
    assert people["clients"]["alice"].get(reverse("editorial:dashboard")).status_code == 403
    assert people["clients"]["ned"].get(reverse("forum:moderation_queue")).status_code == 403


# --- the powers the probe used, as POSTs --------------------------------------


def _state():
    """Everything a power could change, in one comparable value."""
    return (
        list(Post.objects.order_by("pk").values_list("pk", "body", "hidden", "deleted")),
        list(
            Topic.objects.order_by("pk").values_list(
                "pk", "title", "locked", "pinned", "hidden", "category_id", "accepted_post_id"
            )
        ),
        list(Flag.objects.order_by("pk").values_list("pk", "status")),
        ModerationAction.objects.count(),
        list(Article.objects.order_by("pk").values_list("pk", "title", "status", "approved_by_id", "publish_at")),
        list(CCIOProfile.objects.order_by("pk").values_list("pk", "status")),
        list(Event.objects.order_by("pk").values_list("pk", "title", "status")),
        Speaker.objects.count(),
        Session.objects.count(),
        list(MembershipApplication.objects.order_by("pk").values_list("pk", "status")),
        list(User.objects.filter(suspended_until__isnull=False).order_by("pk").values_list("pk", "suspended_until")),
    )


def _posts(w):
    article = Article.editorial_label()
    history_id = w["published"].history.order_by("history_id").values_list("history_id", flat=True)[0]
    until = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    return [
        ("forum:edit", {"pk": w["first"].pk}, {"body": "Changed by someone else", "title": "Changed title"}),
        ("forum:edit", {"pk": w["hidden_reply"].pk}, {"body": "Changed hidden reply"}),
        ("forum:reply", {"pk": w["locked"].pk}, {"body": "A reply into a locked topic"}),
        ("forum:reply", {"pk": w["hidden"].pk}, {"body": "A reply into a hidden topic"}),
        ("forum:new_topic", {}, {"category": w["news"].pk, "title": "An announcement", "body": "Hello all"}),
        ("forum:accept", {"pk": w["answer"].pk}, {}),
        ("forum:post_hide", {"pk": w["first"].pk}, {"reason": "Hidden by a powerless hand"}),
        ("forum:post_hide", {"pk": w["hidden_reply"].pk}, {}),
        ("forum:topic_moderate", {"pk": w["topic"].pk}, {"action": "lock", "reason": "x"}),
        ("forum:topic_moderate", {"pk": w["hidden"].pk}, {"action": "unhide_topic", "reason": "x"}),
        ("forum:topic_moderate", {"pk": w["topic"].pk}, {"action": "move", "reason": "x", "category": w["news"].pk}),
        ("forum:flag_act", {"pk": w["flag"].pk}, {"action": "dismiss"}),
        ("forum:suspend", {"username": w["bob"].username}, {"until": until, "reason": "x"}),
        ("accounts:application_decide", {"pk": w["application"].pk}, {"decision": "approve", "reason": ""}),
        ("editorial:transition", {"label": article, "pk": w["in_review"].pk, "action": "approve"}, {}),
        ("editorial:transition", {"label": article, "pk": w["published"].pk, "action": "withdraw"}, {}),
        ("editorial:transition", {"label": article, "pk": w["draft"].pk, "action": "submit"}, {}),
        ("editorial:restore", {"label": article, "pk": w["published"].pk, "history_id": history_id}, {}),
        ("editorial:article_new", {}, {"title": "New", "slug": "new-one", "standfirst": "S", "body": "B"}),
        ("events:edit", {"slug": w["event"].slug}, {"title": "Renamed event"}),
        ("events:cancel", {"slug": w["event"].slug}, {"reason": "No"}),
        ("events:speaker_new", {"slug": w["event"].slug}, {"name": "New speaker"}),
        ("events:email_attendees", {"slug": w["event"].slug}, {"subject": "Hi", "message": "Hello"}),
    ]


@pytest.mark.parametrize("name", POWERLESS)
def test_no_power_can_be_used_by_post(people, world, name, settings):
    settings.CONTENT_CACHE = False
    before = _state()
    differences = {}
    for url_name, kwargs, data in _posts(world):
        url = reverse(url_name, kwargs=kwargs)
        expected = _outcome(people["clients"]["alice"].post(url, data))
        assert _state() == before, f"alice changed something with {url_name}"
        got = _outcome(people["clients"][name].post(url, data))
        if got != expected or _state() != before:
            differences[f"{url_name} {kwargs}"] = (expected, got)
    assert differences == {}


# --- switching the role on ----------------------------------------------------


def _code(secret):
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def test_entering_a_code_switches_the_role_on_in_this_session(db, people, world):
    editor = people["pam"]
    secret = generate_totp_secret()
    Authenticator.objects.filter(user=editor).delete()
    TOTP.activate(editor, secret)
    client = people["clients"]["pam"]
    page = client.get(reverse("home")).content.decode()
    assert "Your editor role is switched off" in page
    assert reverse("mfa_reauthenticate") in page
    assert client.get(reverse("articles:detail", args=["secret-draft"])).status_code == 404
    response = client.post(f"{reverse('mfa_reauthenticate')}?next=/editor/", {"code": _code(secret)})
    assert response.status_code == 302 and response.url == "/editor/"
    assert client.get(reverse("articles:detail", args=["secret-draft"])).status_code == 200
    assert "switched off" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_setting_up_totp_switches_the_role_on_at_once(people):
    """allauth tells us after its transaction commits, still inside the request (so: a committing test)."""
    editor = people["ned"]
    client = people["clients"]["ned"]
    page = client.get(reverse("home")).content.decode()
    assert "Your editor role is switched off" in page and reverse("mfa_activate_totp") in page
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type="totp").exists()
    assert client.get(reverse("editorial:dashboard")).status_code == 200


def test_signing_in_with_the_second_factor_switches_the_role_on(db, client, world):
    secret = generate_totp_secret()
    editor = factories.EditorFactory(username="eve", email="eve@nhs.net", mfa=False)
    TOTP.activate(editor, secret)
    response = client.post(reverse("account_login"), {"login": "eve@nhs.net", "password": TEST_PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert client.get(reverse("editorial:dashboard")).status_code == 200
    assert client.get(reverse("articles:detail", args=["secret-draft"])).status_code == 200


def test_removing_totp_switches_the_role_off_in_this_session(db, people, world, ed_client, ed):
    ed_client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = ed_client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=ed, type="totp").exists()
    assert ed_client.get(reverse("articles:detail", args=["secret-draft"])).status_code == 404
    assert ed_client.get(reverse("editorial:dashboard")).url == reverse("mfa_activate_totp")


def test_members_see_no_banner(alice_client, ed_client):
    assert 'data-testid="role-banner"' not in alice_client.get("/").content.decode()
    assert 'data-testid="role-banner"' not in ed_client.get("/").content.decode()
