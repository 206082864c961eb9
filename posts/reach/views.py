from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.permissions import check_active_member
from posts.models import EmailMode, Notification, NotificationKind, SavedSearch
from posts.reach import delivery, notifications
from posts.reach.forms import NotificationSettingsForm
from posts.reach.unsubscribe import LinkExpired, read_notification_token, read_saved_search_token
from posts.search.saved_searches import set_saved_search_alert
from reconnect.paginator import CappedPaginator


@login_required
def notification_list(request):
    notes = Notification.objects.for_user(request.user)
    page = CappedPaginator(notes, 30, cap=settings.RECONNECT_COUNT_CAP).get_page(request.GET.get("page"))
    return render(request, "posts/notifications.html", {"page": page})


@login_required
def notification_open(request, pk: int):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notifications.mark_read(user=request.user, notification=notification)
    if notification.translation is not None and notification.kind == NotificationKind.TRANSLATION:
        return redirect(f"{notification.post.get_absolute_url()}?lang={notification.translation.language}")
    return redirect(notification.conversation or notification.comment or notification.translation or notification.post)


@require_POST
@login_required
def notification_mark_all_read(request):
    notifications.mark_read(user=request.user)
    messages.info(request, _("All notifications are marked as read."))
    return redirect("posts:notifications")


@login_required
def notification_settings(request):
    check_active_member(request.user)  # Before the form: a refused member is told why.
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delivery.save_email_settings(user=request.user, modes=form.cleaned_data)
        messages.success(request, _("Your email settings are saved."))
        return redirect("posts:notification_settings")
    return render(request, "posts/notification_settings.html", {"form": form})


def _expired_link(request, settings_url: str):
    """A genuine link past its time: say so, and where the same can be done now."""
    return render(
        request,
        "posts/unsubscribe_expired.html",
        {"settings_url": settings_url, "days": settings.RECONNECT_UNSUBSCRIBE_LINK_DAYS},
        status=HTTPStatus.GONE,
    )


# GET only asks (mail scanners follow every link); a POST acts. Mail clients send the one-click POST
# (RFC 8058, `List-Unsubscribe-Post`) without a CSRF token: the signed link is the proof.
@csrf_exempt
def notification_unsubscribe(request, token: str):
    try:
        found = read_notification_token(token)
    except LinkExpired:
        return _expired_link(request, reverse("posts:notification_settings"))
    if found is None:
        raise Http404
    user_id, kind = found
    user = get_object_or_404(get_user_model(), pk=user_id)
    context = {"kind_label": NotificationKind(kind).label, "confirming": request.method != "POST"}
    if request.method == "POST":
        resubscribe = request.POST.get("resubscribe") == "1"
        delivery.set_email_mode(user=user, kind=kind, mode=EmailMode.EACH if resubscribe else EmailMode.NONE)
        context["resubscribed"] = resubscribe
    return render(request, "posts/notification_unsubscribed.html", context)


@csrf_exempt  # As above: GET asks, POST acts, one-click POSTs carry no token.
def saved_search_unsubscribe(request, token: str):
    try:
        pk = read_saved_search_token(token)
    except LinkExpired:
        return _expired_link(request, reverse("posts:saved_searches"))
    if pk is None:
        raise Http404
    saved = get_object_or_404(SavedSearch, pk=pk)
    if request.method == "POST":
        set_saved_search_alert(saved_search=saved, alert=request.POST.get("resubscribe") == "1")
    context = {"saved": saved, "token": token, "confirming": request.method != "POST"}
    return render(request, "posts/saved_search_unsubscribed.html", context)
