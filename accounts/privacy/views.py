"""Account settings for a member's own data: download a copy, or delete the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.privacy.data import delete_account
from accounts.privacy.forms import DeleteAccountForm
from accounts.privacy.services import request_export
from accounts.privacy.tasks import read_export_token


@login_required
def data_settings(request):
    return render(request, "accounts/data_settings.html", {"form": DeleteAccountForm()})


@login_required
@require_POST
def data_export(request):
    try:
        request_export(user=request.user)
    except ValidationError as refusal:
        messages.info(request, refusal.messages[0])
    else:
        messages.success(request, _("We will email you a link when it is ready."))
    return redirect("accounts:data")


@login_required
def data_download(request, token: str):
    try:
        payload = read_export_token(token)
    except signing.BadSignature:
        raise Http404 from None
    # Someone else's link is as good as a forged one: nothing says the file exists.
    if payload.get("user") != request.user.pk or not default_storage.exists(payload.get("file", "")):
        raise Http404
    return FileResponse(default_storage.open(payload["file"], "rb"), as_attachment=True, filename="reconnect-data.zip")


@login_required
@require_POST
def account_delete(request):
    form = DeleteAccountForm(request.POST)
    if form.is_valid():
        try:
            delete_account(user=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account and everything personal in it are deleted."))
            return redirect("home")
    return render(request, "accounts/data_settings.html", {"form": form}, status=400)
