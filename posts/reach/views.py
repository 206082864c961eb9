from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from posts.models import EmailMode, NotificationKind
from posts.reach import notifications
from posts.reach.forms import NotificationSettingsForm
from posts.reach.unsubscribe import read_notification_token


@login_required
def notification_list(request):
    page = Paginator(notifications.for_user(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "posts/notifications.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(notifications.for_user(request.user), pk=pk)
    notifications.mark_read(user=request.user, notification=notification)
    return redirect(notification.comment or notification.post)


@require_POST
@login_required
def notification_mark_all_read(request):
    notifications.mark_read(user=request.user)
    messages.info(request, _("All notifications are marked as read."))
    return redirect("posts:notifications")


@login_required
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        for kind, mode in form.cleaned_data.items():
            notifications.set_email_mode(user=request.user, kind=kind, mode=mode)
        messages.success(request, _("Your email settings are saved."))
        return redirect("posts:notification_settings")
    return render(request, "posts/notification_settings.html", {"form": form})


@csrf_exempt  # Mail clients send the one-click POST (RFC 8058) without a token; the signed link is the proof.
def notification_unsubscribe(request, token: str):
    found = read_notification_token(token)
    if found is None:
        raise Http404
    user_id, kind = found
    user = get_object_or_404(get_user_model(), pk=user_id)
    resubscribe = request.method == "POST" and request.POST.get("resubscribe") == "1"
    mode = EmailMode.EACH if resubscribe else EmailMode.NONE
    notifications.set_email_mode(user=user, kind=kind, mode=mode)
    return render(
        request,
        "posts/notification_unsubscribed.html",
        {"kind_label": NotificationKind(kind).label, "resubscribed": resubscribe},
    )
