from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.i18n import set_language as django_set_language

from accounts.forms import ProfileForm
from accounts.models import User
from accounts.permissions import EmailNotVerified, check_edit_profile, refusal
from accounts.profile import update_profile
from accounts.roles import is_moderator
from posts.models import Post
from posts.moderation import trust


def profile(request, pk: int):
    people = User.objects.all() if is_moderator(request.user) else User.objects.filter(is_active=True)
    person = get_object_or_404(people, pk=pk)
    posts = Post.objects.visible_to(request.user).filter(author=person).for_cards().order_by("-created_at")
    return render(request, "accounts/profile.html", {"person": person, "posts": posts})


@login_required
def profile_edit(request):
    # A member who may not change it still reaches the page, its standing and the other settings.
    edit_refusal = refusal(check_edit_profile, request.user)
    if request.method == "POST" and edit_refusal is not None:
        raise edit_refusal  # Before the form: a refused member is told why.
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        response = redirect(user)
        if user.interface_language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.interface_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response
    standing = {
        "level": trust.level_of(request.user),
        "set_by_moderator": trust.is_set_by_moderator(request.user),
        "holds": trust.holds_for(request.user),
        "next_step": trust.next_step(request.user),
    }
    return render(request, "accounts/profile_form.html", {"form": form, "refusal": edit_refusal, "trust": standing})


def set_language(request):
    """Django's language switch, which also remembers the choice on the member's account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.method == "POST" and request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(interface_language=language)
    return response


def permission_denied(request, exception):
    """The 403 page with the reason the check gave; an unverified address gets the page that says how to verify."""
    if isinstance(exception, EmailNotVerified):
        return render(request, "posts/verify_first.html", {"exception": exception}, status=403)
    return defaults.permission_denied(request, exception)
