from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

from accounts.contact import send_contact_message
from accounts.forms import ContactForm, ProfileForm
from accounts.models import User
from accounts.permissions import EmailNotVerified, check_edit_profile, refusal
from accounts.profile import update_profile
from accounts.roles import is_moderator, member_changed
from posts.models import Comment, Moderation, Post
from posts.moderation import trust
from reconnect import ratelimit


def profiles_visible_to(viewer) -> QuerySet[User]:
    """Whose profile `viewer` may read: members who published something, themself; moderators read everyone's.

    A profile is public only once its member has published something others can read: a published request, or
    a published comment open to all on a published request. Someone who only registered an opt-out, or whose
    writing is all held, hidden or private, cannot be found by walking the ids.
    """
    if is_moderator(viewer):
        return User.objects.all()
    published = Exists(Post.objects.published().filter(author=OuterRef("pk"))) | Exists(
        Comment.objects.published().filter(
            author=OuterRef("pk"), is_private=False, post__moderation=Moderation.PUBLISHED
        )
    )
    if viewer is not None and viewer.is_authenticated:
        published |= Q(pk=viewer.pk)
    return User.objects.filter(published, is_active=True)


def profile(request, pk: int):
    person = get_object_or_404(profiles_visible_to(request.user), pk=pk)
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
            _remember_language(response, user.interface_language)
        return response
    standing = {
        "level": trust.level_of(request.user),
        "set_by_moderator": trust.is_set_by_moderator(request.user),
        "holds": trust.holds_for(request.user),
        "next_step": trust.next_step(request.user),
    }
    return render(request, "accounts/profile_form.html", {"form": form, "refusal": edit_refusal, "trust": standing})


@never_cache
def switch_language(request, code: str):
    """Show the site in `code` from now on, then go back to `next` (a page of this site).

    A plain link, not Django's POST-only `set_language` form: the footer of every page carries it, and a form
    would put a CSRF token, and so a cookie, in pages that anonymous readers share (reconnect/pagecache.py).
    A member's choice is remembered on their account too. An unknown language changes nothing.
    """
    next_url = request.GET.get("next", "")
    host = {request.get_host()}
    safe = url_has_allowed_host_and_scheme(next_url, allowed_hosts=host, require_https=request.is_secure())
    response = HttpResponseRedirect(next_url if safe else "/")
    if code in dict(settings.LANGUAGES):
        _remember_language(response, code)
        if request.user.is_authenticated:
            User.objects.filter(pk=request.user.pk).update(interface_language=code)
            member_changed(request.user.pk)  # An update sends no signal: the member's kept row is stale.
    return response


def _remember_language(response, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def permission_denied(request, exception):
    """The 403 page with the reason the check gave; an unverified address gets the page that says how to verify."""
    if isinstance(exception, EmailNotVerified):
        return render(request, "posts/verify_first.html", {"exception": exception}, status=403)
    return defaults.permission_denied(request, exception)


@ratelimit.limited("contact")
def contact(request):
    """How to reach the moderators: a form whose messages they read in the admin, and the address if there is one."""
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        send_contact_message(data=form.cleaned_data, user=request.user)
        messages.success(request, _("Thank you. Your message is with the moderators; they answer by email."))
        return redirect("contact")
    return render(request, "pages/contact.html", {"form": form, "contact_email": settings.RECONNECT_CONTACT_EMAIL})
