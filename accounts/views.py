from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import ApplicationForm, DecisionForm, DeleteAccountForm, DisplayNameForm
from accounts.models import MembershipApplication
from core.permissions import moderator_required


@login_required
def settings_view(request):
    form = DisplayNameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        # Only the name: the rest of the row (a suspension, a role change) may have changed meanwhile.
        form.save(commit=False).save(update_fields=["display_name"])
        messages.success(request, "Your display name has been saved.")
        return redirect("accounts:settings")
    application = MembershipApplication.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "application": application},
    )


@login_required
def apply_view(request):
    user = request.user
    if user.is_member:
        messages.info(request, "You are already a member.")
        return redirect("accounts:settings")
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        messages.warning(request, "Verify your email address before applying.")
        return redirect("account_email")
    application = MembershipApplication.objects.filter(user=user).first()
    if application and application.status == MembershipApplication.Status.PENDING and request.method != "POST":
        return render(request, "accounts/apply_pending.html", {"application": application})
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        services.application_submit(user=user, **form.cleaned_data)
        messages.success(request, "Thank you. A moderator will review your application and email you.")
        return redirect("accounts:settings")
    return render(request, "accounts/apply.html", {"form": form, "application": application})


@moderator_required
def application_queue(request):
    pending = MembershipApplication.objects.filter(status=MembershipApplication.Status.PENDING).select_related("user")
    recent = (
        MembershipApplication.objects.exclude(status=MembershipApplication.Status.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at")[:20]
    )
    page = Paginator(pending, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/application_queue.html",
        {"page_obj": page, "recent": recent, "form": DecisionForm()},
    )


def _decision_refused(request, application, form):
    """A refused decision comes back as that one application, with its error summary and what was typed."""
    page = Paginator([application], 1).get_page(1)
    context = {"page_obj": page, "recent": [], "form": form, "refused": application.pk}
    return render(request, "accounts/application_queue.html", context, status=400)


@moderator_required
@require_POST
def application_decide(request, pk):
    application = get_object_or_404(MembershipApplication, pk=pk, status=MembershipApplication.Status.PENDING)
    form = DecisionForm(request.POST, auto_id=f"application-{application.pk}-%s")
    if not form.is_valid():
        return _decision_refused(request, application, form)
    approve = form.cleaned_data["decision"] == "approve"
    services.application_decide(
        application=application, moderator=request.user, approve=approve, reason=form.cleaned_data["reason"]
    )
    verb = "approved" if approve else "declined"
    messages.success(request, f"{application.user.public_name}'s application was {verb}.")
    return redirect("accounts:application_queue")


@login_required
@reauthentication_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_erase(user=user)
        messages.success(request, "Your account has been deleted and your personal data erased.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def export_data(request):
    """GET explains what the file holds; POST downloads it. Suspended and not-yet-approved accounts may too."""
    if request.method != "POST":
        return render(request, "accounts/export.html")
    response = HttpResponse(services.export_json(request.user), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{services.export_filename(request.user)}"'
    # Personal data: no browser or proxy may keep a copy.
    response["Cache-Control"] = "no-store"
    return response
