"""Pages that change the forum: topics, replies, edits, deletes, reactions, bookmarks, watches, flags.

A rejected post keeps what the member typed. A post sent after the session
expired is re-shown with a sign-in link (static/js/forum.js also keeps the
draft in the browser), never lost.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import ratelimit
from forum import access, moderation, services
from forum.forms import EditForm, FlagForm, ReplyForm, TopicForm, clean_body_text
from forum.models import Category, Topic, Watch
from forum.personal import bookmark_control, like_control
from forum.rendering import mentioned_users, quote_markdown, render_post_body
from forum.views.common import refusable, refuse_writer
from surveys import polls
from surveys import services as survey_services

PREVIEW_LIMITED = (
    "Preview paused: you have previewed many times in the last minute. Keep writing; it resumes in a moment."
)


def preview_allowed(user):
    """Previews render markdown on demand: each member gets FORUM_PREVIEWS_PER_MINUTE of them."""
    return ratelimit.allow(f"forum-preview:{user.pk}", limit=settings.FORUM_PREVIEWS_PER_MINUTE, period=60)


def _preview_html(request, form):
    """The Preview button (without JavaScript): rendered HTML, or None (the form or a message says why)."""
    body = form.data.get("body", "")
    try:
        body = clean_body_text(body)
    except ValidationError:
        return None  # the form shows the reason beside the field
    if not preview_allowed(request.user):
        messages.warning(request, PREVIEW_LIMITED)
        return None
    return render_post_body(body, mentioned=mentioned_users(body))


def _expired(request, template, form, **context):
    """Someone posted without a session: show their text again with a way to sign in."""
    context.update({"form": form, "session_expired": True, "public_page": False})
    return render(request, template, context)


def new_topic(request):
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        categories = Category.objects.exclude(access=Category.Access.ANNOUNCEMENTS)
        form = TopicForm(request.POST, categories=categories)
        return _expired(request, "forum/new_topic.html", form)
    if not access.can_write(user):
        return refuse_writer(request)
    categories = access.startable_categories(user)
    preview = None
    if request.method == "POST":
        form = TopicForm(request.POST, categories=categories)
        if "preview" in request.POST:
            preview = _preview_html(request, form)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    topic = services.topic_create(
                        author=user, category=data["category"], title=data["title"], body=data["body"]
                    )
                    if data.get("wants_poll"):
                        survey_services.poll_create(
                            topic=topic,
                            text=data["poll_question"],
                            kind=data["poll_kind"] or "single",
                            labels=data["option_labels"],
                            closes_at=data["poll_closes_at"],
                            results_before_voting=data["poll_results_before_voting"],
                        )
            except services.ForumError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your topic is posted.")
                return redirect(topic.get_absolute_url())
    else:
        initial = {}
        slug = request.GET.get("category", "")
        if slug and "\x00" not in slug:
            initial["category"] = categories.filter(slug=slug).first()
        form = TopicForm(initial=initial, categories=categories)
    return render(request, "forum/new_topic.html", {"form": form, "preview": preview, "public_page": False})


@refusable
def reply(request, pk):
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        return _expired(request, "forum/reply.html", ReplyForm(request.POST), action=request.path)
    topic = access.get_topic_for_read(request, pk)
    if not access.can_reply(user, topic):
        if access.can_write(user) and topic.locked:
            messages.error(request, "This topic is locked: no new replies.")
            return redirect(topic.get_absolute_url())
        return refuse_writer(request)
    preview = None
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if "preview" in request.POST:
            preview = _preview_html(request, form)
        elif form.is_valid():
            try:
                post = services.reply_create(author=user, topic=topic, body=form.cleaned_data["body"])
            except services.ForumError as error:
                form.add_error(None, str(error))
            else:
                return redirect(post.get_absolute_url())
    else:
        initial = {}
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit():
            quoted = topic.posts.select_related("author").filter(pk=int(quote_id)).first()
            if quoted is not None and access.can_see_post_content(user, quoted):
                initial["body"] = quote_markdown(quoted)
        form = ReplyForm(initial=initial)
    context = {"topic": topic, "form": form, "preview": preview, "action": request.path, "public_page": False}
    return render(request, "forum/reply.html", context)


@require_POST
def preview(request):
    """The live preview (htmx). Refused bodies and a busy member get a sentence instead of HTML."""
    if not access.can_write(request.user):
        raise PermissionDenied
    body = request.POST.get("body", "")
    try:
        body = clean_body_text(body)
    except ValidationError as error:
        return render(request, "forum/_preview.html", {"error": error.messages[0]})
    if not preview_allowed(request.user):
        # htmx swaps only successful responses: it gets the sentence with a 200, anything else a 429.
        return render(request, "forum/_preview.html", {"error": PREVIEW_LIMITED}, status=200 if request.htmx else 429)
    return render(request, "forum/_preview.html", {"html": render_post_body(body, mentioned=mentioned_users(body))})


@refusable
def edit(request, pk):
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        return _expired(request, "forum/edit.html", EditForm(request.POST), action=request.path)
    post = access.get_post_for_read(request, pk)
    if not access.can_edit_post(user, post):
        return refuse_writer(request) if not access.can_write(user) else _forbidden()
    with_title = post.number == 1
    preview = None
    if request.method == "POST":
        form = EditForm(request.POST, with_title=with_title)
        if "preview" in request.POST:
            preview = _preview_html(request, form)
        elif form.is_valid():
            try:
                services.post_edit(
                    post=post, editor=user, body=form.cleaned_data["body"], title=form.cleaned_data.get("title")
                )
            except services.ForumError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your changes are saved.")
                return redirect(post.get_absolute_url())
    else:
        form = EditForm(initial={"body": post.body, "title": post.topic.title}, with_title=with_title)
    context = {"post": post, "topic": post.topic, "form": form, "preview": preview, "public_page": False}
    return render(request, "forum/edit.html", context)


def _forbidden():
    raise PermissionDenied


def _post_for_action(request, pk):
    """The post for a POST action by a signed-in member, or a refusal response."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    post = access.get_post_for_read(request, pk)
    if not access.can_write(request.user):
        return None, refuse_writer(request)
    return post, None


@refusable
def delete(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = access.get_post_for_read(request, pk)
    if request.method == "POST":
        try:
            services.post_delete(post=post, user=request.user)
        except services.ForumError as error:
            if not access.can_write(request.user) or post.author_id != request.user.pk:
                raise PermissionDenied from error
            messages.error(request, str(error))
        else:
            messages.success(request, "Your post is deleted.")
        return redirect(post.get_absolute_url())
    if post.author_id != request.user.pk or not access.can_write(request.user):
        raise PermissionDenied
    return render(request, "forum/delete.html", {"post": post, "topic": post.topic, "public_page": False})


@require_POST
@refusable
def like(request, pk):
    post, refusal = _post_for_action(request, pk)
    if refusal:
        return refusal
    try:
        liked = services.reaction_toggle(post=post, user=request.user)
    except services.ForumError as error:
        raise PermissionDenied from error
    if request.htmx:
        post.refresh_from_db(fields=["like_count"])
        return HttpResponse(like_control(post, csrf_token=get_token(request), can_like=True, liked=liked))
    return redirect(post.get_absolute_url())


@require_POST
@refusable
def bookmark(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = access.get_post_for_read(request, pk)
    try:
        post.bookmarked = services.bookmark_toggle(post=post, user=request.user)
    except services.ForumError as error:
        raise PermissionDenied from error
    if request.htmx:
        return HttpResponse(bookmark_control(post, csrf_token=get_token(request), bookmarked=post.bookmarked))
    messages.success(request, "Bookmarked." if post.bookmarked else "Bookmark removed.")
    return redirect(post.get_absolute_url())


@require_POST
@refusable
def accept(request, pk):
    post, refusal = _post_for_action(request, pk)
    if refusal:
        return refusal
    try:
        accepted = services.accept_toggle(post=post, user=request.user)
    except services.ForumError as error:
        raise PermissionDenied from error
    messages.success(request, "Marked as the accepted answer." if accepted else "No longer the accepted answer.")
    return redirect(post.get_absolute_url())


WATCH_LEVELS = {"watching": Watch.Level.WATCHING, "muted": Watch.Level.MUTED, "normal": None}


@require_POST
@refusable
def watch_topic(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    topic = access.get_topic_for_read(request, pk)
    return _watch(request, topic.get_absolute_url(), topic=topic)


@require_POST
@refusable
def watch_category(request, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    category = access.get_category_for_read(request, slug)
    return _watch(request, category.get_absolute_url(), category=category)


def _watch(request, url, **target):
    level = request.POST.get("level")
    if level not in WATCH_LEVELS:
        return HttpResponse("Unknown watch level.", status=400)
    try:
        services.watch_set(user=request.user, level=WATCH_LEVELS[level], **target)
    except services.ForumError as error:
        raise PermissionDenied from error
    labels = {"watching": "You are watching this.", "muted": "Muted.", "normal": "Back to normal notifications."}
    messages.success(request, labels[level])
    return redirect(url)


@refusable
def flag(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = access.get_post_for_read(request, pk)
    if not access.can_write(request.user):
        return refuse_writer(request)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.flag_create(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
        except services.ForumError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, "Thank you. A moderator will look at this post.")
        return redirect(post.get_absolute_url())
    return render(request, "forum/flag.html", {"post": post, "topic": post.topic, "form": form, "public_page": False})


@refusable
@require_POST
def poll_vote(request, pk):
    """Vote in a topic's poll, or change the vote until it closes: those who may reply may vote."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    topic, poll = _topic_with_poll(request, pk)
    if not access.can_reply(user, topic):
        return refuse_writer(request)
    error = None
    try:
        survey_services.poll_vote(poll=poll, member=user, option_ids=_option_ids(request))
    except survey_services.SurveyError as refusal:
        error = " ".join(refusal.messages)
    if request.htmx:  # htmx swaps only a 200: a refusal is said inside the poll
        context = polls.poll_context(poll, user, may_vote=True)
        context["error"] = error
        return render(
            request,
            "forum/_poll.html",
            {"poll": context, "topic": topic, "can_moderate": access.can_moderate(user)},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Your vote is counted.")
    return redirect(topic.get_absolute_url() + "#poll")


def _topic_with_poll(request, pk):
    """The topic (access.Refused when it may not be read) and its poll (404 without one)."""
    topic = access.get_topic_for_read(request, pk, queryset=Topic.objects.select_related("poll__question"))
    poll = polls.poll_for(topic)
    if poll is None:
        raise Http404("This topic has no poll.")
    return topic, poll


def _option_ids(request):
    values = request.POST.getlist("option")[:50]
    if not all(value.isdigit() and len(value) < 12 for value in values):
        return []
    return values


@refusable
@require_POST
def poll_close(request, pk):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    topic, poll = _topic_with_poll(request, pk)
    if not access.can_moderate(user):
        raise PermissionDenied("Only moderators can close a poll.")
    survey_services.poll_close(poll=poll)
    messages.success(request, "The poll is closed.")
    return redirect(topic.get_absolute_url() + "#poll")
