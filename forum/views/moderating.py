"""Moderators' pages: the flag queue, hiding posts, topic actions, suspensions and the log."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.permissions import moderator_required
from forum import moderation
from forum.forms import ReasonForm, SuspendForm, TopicModerationForm
from forum.models import Flag, ModerationAction, Post, Topic
from forum.services import ForumError


@moderator_required
def queue(request):
    flags = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related("post__topic__category", "post__author", "reporter")
        .order_by("created")
    )
    page_obj = Paginator(flags, 30).get_page(request.GET.get("page"))
    return render(request, "forum/moderation/queue.html", {"page_obj": page_obj, "public_page": False})


@require_POST
@moderator_required
def flag_act(request, pk):
    flag = get_object_or_404(Flag.objects.select_related("post__topic", "post__author"), pk=pk)
    action = request.POST.get("action")
    reason = (request.POST.get("reason") or "").strip()[:300]
    if action == "hide":
        if not reason:
            return _flag_refused(request, flag, "Give a reason for hiding the post: the member will see it.")
        moderation.post_hide(post=flag.post, moderator=request.user, reason=reason)
        messages.success(request, "The post is hidden.")
    elif action == "dismiss":
        moderation.flag_dismiss(flag=flag, moderator=request.user, reason=reason)
        messages.success(request, "Flag dismissed.")
    else:
        return _flag_refused(request, flag, "Choose whether to hide the post or dismiss the flag.")
    return redirect("forum:moderation_queue")


def _flag_refused(request, flag, error):
    """A refused action comes back as that one flag, with GOV.UK's error summary linked to its reason field."""
    context = {
        "page_obj": Paginator([flag], 1).get_page(1),
        "public_page": False,
        "refused": flag.pk,
        "error_items": [(f"#reason-{flag.pk}", error)],
    }
    return render(request, "forum/moderation/queue.html", context, status=400)


@moderator_required
def post_hide(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic__category", "author"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if post.hidden:
            moderation.post_unhide(post=post, moderator=request.user, reason=request.POST.get("reason", "")[:300])
            messages.success(request, "The post is shown again.")
            return redirect(post.get_absolute_url())
        if form.is_valid():
            moderation.post_hide(post=post, moderator=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "The post is hidden.")
            return redirect(post.get_absolute_url())
    context = {"post": post, "topic": post.topic, "form": form, "public_page": False}
    return render(request, "forum/moderation/post_hide.html", context)


@moderator_required
def topic_moderate(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("category"), pk=pk)
    form = TopicModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moderation.topic_moderate(
                topic=topic,
                moderator=request.user,
                action=data["action"],
                reason=data["reason"],
                category=data.get("category"),
            )
        except ForumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Done, and recorded in the moderation log.")
            return redirect(topic.get_absolute_url())
    return render(request, "forum/moderation/topic.html", {"topic": topic, "form": form, "public_page": False})


@moderator_required
def suspend(request, username):
    member = get_object_or_404(get_user_model(), username__iexact=username)
    form = SuspendForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("lift"):
            moderation.member_unsuspend(member=member, moderator=request.user, reason="Suspension lifted")
            messages.success(request, f"{member.public_name} can post again.")
            return redirect("forum:moderation_log")
        if form.is_valid():
            try:
                moderation.member_suspend(
                    member=member,
                    moderator=request.user,
                    until=form.cleaned_data["until"],
                    reason=form.cleaned_data["reason"],
                )
            except ForumError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"{member.public_name} is suspended.")
                return redirect("forum:moderation_log")
    return render(request, "forum/moderation/suspend.html", {"member": member, "form": form, "public_page": False})


@moderator_required
def log(request):
    actions = ModerationAction.objects.select_related("moderator", "topic", "post", "target_user")
    page_obj = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(request, "forum/moderation/log.html", {"page_obj": page_obj, "public_page": False})
