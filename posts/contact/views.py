from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import refusal
from posts.contact import optouts, permissions, relay, stories
from posts.contact.forms import ConversationStartForm, MessageForm, MessageReportForm, OptOutForm
from posts.models import (
    Conversation,
    ConversationKind,
    Message,
    Moderation,
    OptOut,
    Post,
)
from reconnect import ratelimit


def opt_out(request):
    if not request.user.is_authenticated:
        if request.method == "POST":  # The members' form, sent without a log-in (or after a ban): log in first.
            return redirect_to_login(request.get_full_path())
        return redirect("posts:visitor_opt_out")  # "Is a request about you?" needs no account (visitor_views).
    # A member who may not register one still sees, and may withdraw, the opt-outs they have.
    register_refusal = refusal(permissions.check_register_opt_out, request.user)
    if request.method == "POST" and register_refusal is not None:
        raise register_refusal  # Before the form: a refused member is told why.
    form = OptOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        optouts.register_opt_out(user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Thank you. New requests that seem to be about you will wait for a moderator before anyone sees them."),
        )
        return redirect("posts:opt_out")
    context = {
        "form": form,
        "refusal": register_refusal,
        "opt_outs": OptOut.objects.filter(user=request.user),
    }
    return render(request, "posts/opt_out.html", context)


@require_POST
@login_required
def opt_out_withdraw(request, pk: int):
    opt_out = get_object_or_404(OptOut, pk=pk, user=request.user)
    optouts.withdraw_opt_out(opt_out=opt_out, by=request.user)
    messages.info(request, _("Your opt-out is withdrawn."))
    return redirect("posts:opt_out")


@login_required
@ratelimit.limited("claim")
def conversation_start(request, pk: int, kind: str):
    post = get_object_or_404(Post.objects.visible_to(request.user).for_page(), pk=pk)
    if kind not in ConversationKind.values or not post.is_published:
        raise Http404
    permissions.check_start_conversation(request.user, post)  # Before the form: a refused member is told why.
    existing = Conversation.objects.filter(post=post, starter=request.user, kind=kind).first()
    if existing and request.method != "POST":
        messages.info(request, _("You have already written to the poster about this. Continue here."))
        return redirect(existing)
    question = relay.claim_question_for(post, kind) if not (existing and existing.claim_answer) else ""
    form = ConversationStartForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = relay.start_conversation(
                post=post,
                by=request.user,
                kind=kind,
                answer=form.cleaned_data.get("answer", ""),
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your message is sent. We will email you when they reply; your address stays private.")
            )
            return redirect(conversation)
    return render(
        request,
        "posts/conversation_start.html",
        {"post": post, "form": form, "kind": ConversationKind(kind), "question": question},
        status=400 if form.errors else 200,
    )


@login_required
def conversation_list(request):
    conversations = (
        Conversation.objects.visible_to(request.user)
        .with_unread_count(request.user)
        .select_related("post__author", "starter")
    )
    page = Paginator(conversations, 30).get_page(request.GET.get("page"))
    for conversation in page:
        conversation.other = conversation.other_side(request.user)
    return render(request, "posts/conversation_list.html", {"page": page})


@login_required
@ratelimit.limited("message")
def conversation_detail(request, pk: int):
    conversation = get_object_or_404(
        # starter__visitor: whether they wrote without an account, in the same query.
        Conversation.objects.visible_to(request.user).select_related("post__author", "starter__visitor"),
        pk=pk,
    )
    reply_refusal = refusal(permissions.check_send_message, request.user, conversation)
    form = MessageForm(request.POST or None) if reply_refusal is None else None
    if request.method == "POST":
        if reply_refusal is not None or form is None:
            raise reply_refusal or PermissionDenied()
        if form.is_valid():
            try:
                message = relay.send_message(conversation=conversation, by=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error("body", error)
            else:
                if message.moderation == Moderation.PUBLISHED:
                    messages.success(request, _("Your message is sent."))
                else:
                    messages.warning(request, message.moderation_reason)
                return redirect(f"{conversation.get_absolute_url()}#latest")
    last_read_at = conversation.read_at_for(request.user)
    relay.mark_read(conversation=conversation, by=request.user)
    thread = list(conversation.messages.visible_to(request.user).select_related("author"))
    is_poster = request.user.pk == conversation.post.author_id
    context = {
        "conversation": conversation,
        "post": conversation.post,
        "other": conversation.other_side(request.user),
        "is_poster": is_poster,
        "from_visitor": _wrote_without_account(conversation),
        "thread": thread,
        "show_story_consent": stories.show_consent_panel(conversation, thread, is_poster=is_poster),
        "last_read_at": last_read_at,
        "form": form,
        "reply_refusal": reply_refusal,
        "report_reasons": relay.MESSAGE_REPORT_REASONS,
    }
    return render(request, "posts/conversation_detail.html", context, status=400 if form and form.errors else 200)


def _wrote_without_account(conversation: Conversation) -> bool:
    visitor = getattr(conversation.starter, "visitor", None)  # None when the related row is absent.
    return visitor is not None and visitor.account_made_at is None


@require_POST
@login_required
def conversation_story_consent(request, pk: int):
    """The starter agrees, or no longer agrees, that the poster may publish a story of their reunion."""
    conversation = get_object_or_404(Conversation.objects.visible_to(request.user), pk=pk)
    agree = request.POST.get("agree") == "1"
    stories.set_story_consent(conversation=conversation, by=request.user, agree=agree)
    if agree:
        messages.success(request, _("Thank you. The poster may now publish a short story of your reunion."))
    else:
        messages.info(request, _("You no longer agree to a reunion story. If one was published, it is hidden now."))
    return redirect(conversation)


@login_required
@ratelimit.limited("report")
def message_report(request, pk: int):
    """The other participant reports a message to the moderators; to anyone else the message does not exist."""
    message = get_object_or_404(
        Message.objects.reportable_by(request.user).select_related(
            "author", "conversation__post__author", "conversation__starter"
        ),
        pk=pk,
    )
    conversation = message.conversation
    permissions.check_report_message(request.user, message)  # Before the form: a refused member is told why.
    form = MessageReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _report, created = relay.report_message(reporter=request.user, message=message, **form.cleaned_data)
        if created:
            messages.success(request, _("Thank you. A moderator will look at your report."))
        else:
            messages.info(
                request, _("You already reported this: your report is updated, and a moderator will look at it.")
            )
        return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")
    context = {"form": form, "message": message, "conversation": conversation}
    return render(request, "posts/message_report_form.html", context, status=400 if form.errors else 200)
