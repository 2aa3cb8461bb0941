"""A member's messaging preferences (who may start a conversation, email content) and blocks."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from messaging import services
from messaging.forms import PreferencesForm
from messaging.limits import MessagingError
from messaging.models import Block
from messaging.views.common import private


@private
def preferences(request):
    user = request.user
    current = services.preferences_for(user)
    initial = {"who_can_start": current.who_can_start, "email_content": "yes" if current.email_content else "no"}
    form = PreferencesForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.preferences_save(
                user=user,
                who_can_start=form.cleaned_data["who_can_start"],
                email_content=form.cleaned_data["email_content"],
            )
            messages.success(request, "Your messaging preferences are saved.")
            return redirect("messaging:preferences")
        status = 400
    blocks = Block.objects.filter(blocker=user).select_related("blocked").order_by("-created")
    return render(request, "messaging/preferences.html", {"form": form, "blocks": blocks}, status=status)


@require_POST
@private
def block(request, username):
    user = request.user
    other = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
    if other is None:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "block":
            services.block(blocker=user, blocked=other)
            messages.success(
                request,
                f"You blocked {other.public_name}. They can no longer message you, and you will not see "
                "what they write in conversations you share. They are not told.",
            )
        elif action == "unblock":
            services.unblock(blocker=user, blocked=other)
            messages.success(request, f"You unblocked {other.public_name}.")
        else:
            messages.error(request, "Unknown action.")
    except MessagingError as error:
        messages.error(request, str(error))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("messaging:preferences")
