"""Pages of visitors, who act without an account (posts/contact/visitors.py): thin, like the members' pages.

A signed link is the visitor's only key, so none of these pages may be kept by a browser or a cache.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.permissions import refusal
from posts.contact import permissions, relay, stories, visitors
from posts.contact.forms import (
    MessageForm,
    MessageReportForm,
    VisitorAccountForm,
    VisitorContactForm,
    VisitorOptOutForm,
    VisitorRemovalForm,
)
from posts.models import Message, Moderation, Post, VisitorRequestKind
from posts.reach import visitor_links
from reconnect import ratelimit


def _post_for(pk: int) -> Post:
    # Not only the visible ones: a request taken down is refused with that reason (check_visitor_request).
    return get_object_or_404(Post.objects.select_related("author"), pk=pk)


@never_cache
def visitor_start(request, pk: int, kind: str):
    """ "This is me", "I know this person" or "please take it down", for someone without an account."""
    if kind not in VisitorRequestKind.values or kind == VisitorRequestKind.OPT_OUT:
        raise Http404
    post = _post_for(pk)
    if request.user.is_authenticated:  # A member acts from their account.
        if kind == VisitorRequestKind.REMOVAL:
            return redirect("posts:report", pk=post.pk)
        return redirect("posts:conversation_start", pk=post.pk, kind=kind)
    permissions.check_visitor_request(request.user, post, kind)  # Before the form: the true reason.
    removal = kind == VisitorRequestKind.REMOVAL
    question = "" if removal else relay.claim_question_for(post, kind)
    data = request.POST if request.method == "POST" else None
    form = VisitorRemovalForm(data) if removal else VisitorContactForm(data, question=question, kind=kind)
    if request.method == "POST" and form.is_valid():
        scope = "report" if removal else "claim"
        wait = ratelimit.over(request, "visitor", email=form.cleaned_data["email"]) or ratelimit.over(request, scope)
        if wait:
            return ratelimit.too_many(request, wait)
        try:
            visitors.ask(
                post=post,
                kind=kind,
                email=form.cleaned_data["email"],
                body=form.cleaned_data.get("body", ""),
                answer=form.cleaned_data.get("answer", ""),
                proof=form.cleaned_data.get("proof", ""),
                language=get_language() or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("posts:visitor_sent", pk=post.pk, kind=kind)
    context = {
        "post": post,
        "form": form,
        "kind": VisitorRequestKind(kind),
        "question": question,
        "login_url": reverse("account_login")
        + "?"
        + urlencode(
            {
                "next": reverse("posts:report", args=[post.pk])
                if removal
                else reverse("posts:conversation_start", args=[post.pk, kind])
            }
        ),
        "link_hours": settings.RECONNECT_VISITOR_LINK_HOURS,
    }
    return render(request, "posts/visitor_start.html", context, status=400 if form.errors else 200)


@never_cache
def visitor_opt_out(request):
    """ "Is a request about you?" for someone without an account: their choices, and "do not post about me"."""
    if request.user.is_authenticated:
        return redirect("posts:opt_out")
    form = VisitorOptOutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if wait := ratelimit.over(request, "visitor", email=form.cleaned_data["email"]):
            return ratelimit.too_many(request, wait)
        try:
            visitors.ask(
                post=None,
                kind=VisitorRequestKind.OPT_OUT,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                other_names=form.cleaned_data.get("other_names", ""),
                body=form.cleaned_data.get("body", ""),
                language=get_language() or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("posts:visitor_opt_out_sent")
    context = {
        "form": form,
        "login_url": reverse("account_login") + "?" + urlencode({"next": reverse("posts:opt_out")}),
        "link_hours": settings.RECONNECT_VISITOR_LINK_HOURS,
    }
    return render(request, "posts/visitor_opt_out.html", context, status=400 if form.errors else 200)


@never_cache
def visitor_opt_out_sent(request):
    context = {"post": None, "kind": VisitorRequestKind.OPT_OUT, "link_hours": settings.RECONNECT_VISITOR_LINK_HOURS}
    return render(request, "posts/visitor_sent.html", context)


@never_cache
def visitor_sent(request, pk: int, kind: str):
    """ "Check your email": what happens next, the same whatever the address (it tells nobody who has an account)."""
    if kind not in VisitorRequestKind.values:
        raise Http404
    post = get_object_or_404(Post.objects.visible_to(AnonymousUser()), pk=pk)
    context = {"post": post, "kind": VisitorRequestKind(kind), "link_hours": settings.RECONNECT_VISITOR_LINK_HOURS}
    return render(request, "posts/visitor_sent.html", context)


@never_cache
def visitor_verify(request, token: str):
    """The link in the email: shows what will be sent, and sends it when the button is pressed (a mail scanner
    that opens links sends nothing)."""
    visitor_request = visitors.request_for_link(token)  # LinkRefused: the reason, on the 403 page.
    context: dict[str, Any] = {"visitor_request": visitor_request, "post": visitor_request.post, "errors": []}
    if request.method != "POST":
        return render(request, "posts/visitor_confirm.html", context)
    try:
        outcome = visitors.confirm(visitor_request)
    except ValidationError as error:
        # Nothing was sent and the link still works; what they wrote is on the page to copy.
        context["errors"] = error.messages
        return render(request, "posts/visitor_confirm.html", context, status=400)
    if outcome.has_account:
        return render(request, "posts/visitor_has_account.html", context)
    if outcome.opt_out is not None:
        return render(request, "posts/visitor_opt_out_done.html", context)
    if outcome.report is not None:
        context["report"] = outcome.report
        return render(request, "posts/visitor_removal_sent.html", context)
    conversation = outcome.conversation
    assert conversation is not None
    first = conversation.messages.order_by("-created_at", "-pk").first()
    if first is not None and first.moderation != Moderation.PUBLISHED:
        messages.warning(request, first.moderation_reason)
    else:
        messages.success(
            request, _("Your message is sent. We will email you when they reply; your address stays private.")
        )
    return redirect(visitor_links.conversation_path(conversation))


@never_cache
def visitor_conversation(request, token: str):
    """A visitor's conversation, opened by the signed link in their email: read it and answer, without an account."""
    conversation, visitor = visitors.conversation_for_link(token)
    reply_refusal = refusal(permissions.check_send_message, visitor, conversation)
    form = MessageForm(request.POST or None) if reply_refusal is None else None
    if request.method == "POST":
        if reply_refusal is not None or form is None:
            raise reply_refusal or PermissionDenied()
        if wait := ratelimit.over(request, "message", user=visitor):
            return ratelimit.too_many(request, wait)
        if form.is_valid():
            try:
                message = relay.send_message(conversation=conversation, by=visitor, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error("body", error)
            else:
                if message.moderation == Moderation.PUBLISHED:
                    messages.success(request, _("Your message is sent."))
                else:
                    messages.warning(request, message.moderation_reason)
                return redirect(request.path + "#latest")
    last_read_at = conversation.read_at_for(visitor)
    relay.mark_read(conversation=conversation, by=visitor)
    thread = conversation.messages.visible_to(visitor).select_related("author")
    context = {
        "conversation": conversation,
        "post": conversation.post,
        "viewer": visitor,
        "other": conversation.post.author,
        "thread": thread,
        "show_story_consent": stories.show_consent_panel(conversation, thread, is_poster=False),
        "last_read_at": last_read_at,
        "form": form,
        "reply_refusal": reply_refusal,
        "report_reasons": relay.MESSAGE_REPORT_REASONS,
        "token": token,
    }
    return render(request, "posts/visitor_conversation.html", context, status=400 if form and form.errors else 200)


@require_POST
@never_cache
def visitor_story_consent(request, token: str):
    """The visitor agrees, or no longer agrees, that the poster may publish a story of their reunion."""
    conversation, visitor = visitors.conversation_for_link(token)
    agree = request.POST.get("agree") == "1"
    stories.set_story_consent(conversation=conversation, by=visitor, agree=agree)
    if agree:
        messages.success(request, _("Thank you. The poster may now publish a short story of your reunion."))
    else:
        messages.info(request, _("You no longer agree to a reunion story. If one was published, it is hidden now."))
    return redirect(visitor_links.conversation_path(conversation) + "#story-consent")


@require_POST
@never_cache
def visitor_message_report(request, token: str, pk: int):
    """The visitor reports a message of the poster's to the moderators, as a member would."""
    conversation, visitor = visitors.conversation_for_link(token)
    message = get_object_or_404(Message.objects.reportable_by(visitor).filter(conversation=conversation), pk=pk)
    if wait := ratelimit.over(request, "report", user=visitor):
        return ratelimit.too_many(request, wait)
    form = MessageReportForm(request.POST)
    back = visitor_links.conversation_path(conversation)
    if not form.is_valid():
        messages.error(request, _("Choose a reason."))
        return redirect(f"{back}#message-{message.pk}")
    _report, created = relay.report_message(reporter=visitor, message=message, **form.cleaned_data)
    if created:
        messages.success(request, _("Thank you. A moderator will look at your report."))
    else:
        messages.info(request, _("You already reported this: your report is updated, and a moderator will look at it."))
    return redirect(f"{back}#message-{message.pk}")


@never_cache
def visitor_account(request, token: str):
    """ "Create an account to keep this conversation": offered, never asked for."""
    conversation, visitor = visitors.conversation_for_link(token)
    form = VisitorAccountForm(request.POST or None, user=visitor)
    if request.method == "POST" and form.is_valid():
        visitors.make_account(
            user=visitor, display_name=form.cleaned_data["display_name"], password=form.cleaned_data["password1"]
        )
        login(request, visitor, backend="accounts.backends.AuthenticationBackend")
        messages.success(
            request,
            _(
                "Your account is made, and this conversation is in it. "
                "Log in with your email address and password next time."
            ),
        )
        return redirect(conversation)
    context = {"conversation": conversation, "post": conversation.post, "form": form, "token": token}
    return render(request, "posts/visitor_account.html", context, status=400 if form.errors else 200)
