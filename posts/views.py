from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from accounts import trust
from posts import contact, notifications, permissions, ratelimit, search, services, stories, uploads
from posts.contact_forms import ConversationStartForm, MessageForm, MessageReportForm
from posts.filters import PostFilter
from posts.forms import (
    CommentEditForm,
    CommentForm,
    NotificationSettingsForm,
    OptOutForm,
    PhotoEditFormSet,
    PostForm,
    ReportForm,
    ResolveForm,
    SavedSearchForm,
    photo_changes,
    photo_upload_formset,
)
from posts.models import (
    Comment,
    Conversation,
    ConversationKind,
    EmailMode,
    Follow,
    Message,
    Moderation,
    NotificationKind,
    OptOut,
    Photo,
    Post,
    PostMatch,
    SavedSearch,
)
from posts.pfif import ExportParamsForm, export_document
from posts.tasks import UNSUBSCRIBE_SALT


def home(request):
    posts = Post.objects.published().for_cards()
    return render(
        request,
        "posts/home.html",
        {
            "filter": PostFilter(queryset=Post.objects.none()),
            "newest": posts.open().order_by("-published_at", "-pk")[:6],
            "reunions": posts.resolved().order_by("-resolved_at", "-pk")[:4],
        },
    )


def post_list(request):
    post_filter = PostFilter(request.GET or None, queryset=Post.objects.published().for_cards())
    page = Paginator(post_filter.qs, settings.RECONNECT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.get("q", "").strip()
    if query:
        for post in page:
            post.match_reasons = search.explain(post, query)
    return render(request, "posts/post_list.html", {"filter": post_filter, "page": page, "query": query})


def _all_valid(*forms) -> bool:
    """Validate every form, so each shows its own errors at once."""
    return all([form.is_valid() for form in forms])


def _visible_post(request, pk: int) -> Post:
    return get_object_or_404(
        Post.objects.visible_to(request.user)
        .select_related("author", "resolved_comment__author")
        .with_story_consent(),
        pk=pk,
    )


def _detail_context(request, post: Post, comment_form=None) -> dict:
    user = request.user
    comments = Comment.objects.visible_to(user, post).select_related("author")
    can_comment = permissions.can_comment(user, post)
    return {
        "post": post,
        "photos": list(Photo.objects.visible_to(user).filter(post=post)),
        "comments": comments,
        "comment_form": comment_form or (CommentForm() if can_comment else None),
        "matches": list(PostMatch.objects.shown_for(post)[:5]) if post.is_published else [],
        "following": user.is_authenticated and Follow.objects.filter(user=user, post=post).exists(),
        "can_comment": can_comment,
        "can_edit": permissions.can_edit_post(user, post),
        "is_moderator": permissions.is_moderator(user),
        "needs_verified_email": user.is_authenticated and not permissions.has_verified_email(user),
    }


def post_detail(request, pk: int):
    post = _visible_post(request, pk)
    response = render(request, "posts/post_detail.html", _detail_context(request, post))
    if not post.is_published:
        # Held, hidden and removed requests stay out of search engines, even seen through their author.
        response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@ratelimit.limited("post")
def post_create(request):
    if permissions.has_verified_email(request.user) and request.user.is_silenced:
        raise PermissionDenied(services.silenced_message(request.user))
    if not permissions.can_post(request.user):
        return render(request, "posts/verify_first.html", status=403)
    form = PostForm(request.POST or None)
    photos = photo_upload_formset(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and _all_valid(form, photos):
        try:
            post = services.create_post(author=request.user, data=form.cleaned_data, photos=photos.new_photos())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            uploads.discard_all(photos.kept_tokens())
            if post.is_published:
                messages.success(request, _("Your request is published. We hope you find them."))
            else:
                messages.info(
                    request,
                    post.moderation_reason
                    or _(
                        "Thank you. Your first request waits for a moderator to review it; "
                        "we will email you when it is published."
                    ),
                )
            return redirect(post)
    if request.method == "POST":
        uploads.keep_checked_photos(photos, user=request.user)
    context = {"form": form, "photos": photos, "creating": True, "holds": trust.holds_for(request.user)}
    return render(request, "posts/post_form.html", context)


@login_required
def post_edit(request, pk: int):
    post = _visible_post(request, pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied(_("Only the person who posted this request can edit it."))
    data = request.POST or None
    form = PostForm(data, instance=post)
    existing = PhotoEditFormSet(data, queryset=post.photos.all(), prefix="existing")
    photos = photo_upload_formset(data, request.FILES or None, user=request.user, existing=post.photos.count())
    if request.method == "POST" and _all_valid(form, existing, photos):
        try:
            services.edit_post(
                post=post,
                by=request.user,
                data=form.cleaned_data,
                new_photos=photos.new_photos(),
                photo_changes=photo_changes(existing),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # A watched word, refused beside its field.
                form.add_error(None, error)
            else:
                photos._non_form_errors = photos.error_class(error.messages)
        else:
            uploads.discard_all(photos.kept_tokens())
            if post.moderation == Moderation.PENDING and post.moderation_reason:
                messages.info(request, post.moderation_reason)  # The edit sent it back to review: say why.
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect(post)
    if request.method == "POST":
        uploads.keep_checked_photos(photos, user=request.user)
    return render(
        request,
        "posts/post_form.html",
        {"form": form, "photos": photos, "existing": existing, "post": post, "creating": False},
    )


@login_required
def post_resolve(request, pk: int):
    post = _visible_post(request, pk)
    if not permissions.can_change_status(request.user, post):
        raise PermissionDenied(_("Only the person who posted this request can mark it reunited."))
    leads = Comment.objects.visible_to(request.user, post).published().select_related("author")
    story_allowed = stories.has_story_consent(post)
    form = ResolveForm(request.POST or None, comments=leads, story_allowed=story_allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_post(
                post=post, by=request.user, note=form.cleaned_data.get("note", ""), lead=form.cleaned_data["lead"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Marked as reunited. We are so glad."))
            return redirect(post)
    return render(
        request,
        "posts/post_resolve.html",
        {"post": post, "form": form, "story_allowed": story_allowed},
    )


@require_POST
@login_required
def post_close(request, pk: int):
    post = _visible_post(request, pk)
    services.close_post(post=post, by=request.user)
    messages.info(request, _("Your request is closed. You can reopen it at any time."))
    return redirect(post)


@require_POST
@login_required
def post_reopen(request, pk: int):
    post = _visible_post(request, pk)
    services.reopen_post(post=post, by=request.user)
    messages.success(request, _("Your request is open again."))
    return redirect(post)


@require_POST
@login_required
@ratelimit.limited("comment")
def comment_create(request, pk: int):
    post = _visible_post(request, pk)
    if not permissions.can_comment(request.user, post):
        raise PermissionDenied(_("You cannot comment on this request."))
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.add_comment(
                post=post,
                author=request.user,
                body=form.cleaned_data["body"],
                is_lead=form.cleaned_data["is_lead"],
                is_private=form.cleaned_data["is_private"],
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if comment.is_published:
                messages.success(request, _("Thank you. Your comment is posted."))
            else:
                messages.warning(request, comment.moderation_reason)
            return redirect(comment)
    return render(request, "posts/post_detail.html", _detail_context(request, post, comment_form=form), status=400)


def _visible_comment(request, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
    if not Comment.objects.visible_to(request.user, comment.post).filter(pk=pk).exists():
        raise Http404
    return comment


@login_required
def comment_edit(request, pk: int):
    comment = _visible_comment(request, pk)
    if not permissions.can_edit_comment(request.user, comment):
        raise PermissionDenied(
            _("Comments can be edited by their author for %(minutes)d minutes after posting.")
            % {"minutes": settings.RECONNECT_COMMENT_EDIT_MINUTES}
        )
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(comment=comment, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if comment.moderation == Moderation.PENDING and comment.moderation_reason:
                messages.info(request, comment.moderation_reason)  # The edit sent it back to review: say why.
            else:
                messages.success(request, _("Your comment is updated."))
            return redirect(comment)
    return render(request, "posts/comment_form.html", {"form": form, "comment": comment})


@login_required
def comment_delete(request, pk: int):
    comment = _visible_comment(request, pk)
    if not permissions.can_delete_comment(request.user, comment):
        raise PermissionDenied(_("Only the author of a comment can delete it."))
    if request.method == "POST":
        post = comment.post
        services.delete_comment(comment=comment, by=request.user)
        messages.info(request, _("Your comment is deleted."))
        return redirect(post)
    return render(request, "posts/comment_confirm_delete.html", {"comment": comment})


def _report(request, *, post: Post | None = None, comment: Comment | None = None):
    if not permissions.can_report(request.user):
        return render(request, "posts/verify_first.html", status=403)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_content(reporter=request.user, post=post, comment=comment, **form.cleaned_data)
        messages.success(request, _("Thank you. A moderator will look at your report."))
        return redirect(post or comment)
    return render(request, "posts/report_form.html", {"form": form, "post": post, "comment": comment})


@login_required
@ratelimit.limited("report")
def report_post(request, pk: int):
    return _report(request, post=_visible_post(request, pk))


@login_required
@ratelimit.limited("report")
def report_comment(request, pk: int):
    return _report(request, comment=_visible_comment(request, pk))


def photo(request, pk: int, size: str):
    """Serve a photo only while its request is visible to the reader."""
    photo = get_object_or_404(Photo.objects.visible_to(request.user), pk=pk)
    field = photo.thumbnail if size == "thumb" else photo.image
    try:
        response = FileResponse(field.open("rb"))
    except FileNotFoundError as missing:
        raise Http404 from missing
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Saved searches ---------------------------------------------------------------------------


@require_POST
@login_required
@ratelimit.limited("saved_search")
def saved_search_create(request):
    try:
        saved = services.save_search(
            user=request.user, query=request.POST.get("query", ""), name=request.POST.get("name", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("posts:saved_searches")
    messages.success(
        request,
        _("Search saved as “%(name)s”. We will email you when a new request matches it.") % {"name": saved.name},
    )
    return redirect("posts:saved_searches")


@login_required
def saved_searches(request):
    return render(
        request,
        "posts/saved_searches.html",
        {
            "saved_searches": [
                (saved, SavedSearchForm(instance=saved, prefix=f"s{saved.pk}"))
                for saved in SavedSearch.objects.filter(user=request.user)
            ]
        },
    )


@require_POST
@login_required
def saved_search_edit(request, pk: int):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = SavedSearchForm(request.POST, instance=saved, prefix=f"s{saved.pk}")
    if form.is_valid():
        services.update_saved_search(
            saved_search=saved, by=request.user, name=form.cleaned_data["name"], alert=form.cleaned_data["alert"]
        )
        messages.success(request, _("Your saved search is updated."))
        return redirect("posts:saved_searches")
    others = [
        (s, SavedSearchForm(instance=s, prefix=f"s{s.pk}")) for s in SavedSearch.objects.filter(user=request.user)
    ]
    rows = [(s, form if s.pk == saved.pk else other_form) for s, other_form in others]
    return render(request, "posts/saved_searches.html", {"saved_searches": rows}, status=400)


@require_POST
@login_required
def saved_search_delete(request, pk: int):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    services.delete_saved_search(saved_search=saved, by=request.user)
    messages.info(request, _("The saved search is deleted."))
    return redirect("posts:saved_searches")


@csrf_exempt  # Mail clients send the one-click POST (RFC 8058) without a token; the signed link is the proof.
def saved_search_unsubscribe(request, token: str):
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as bad:
        raise Http404 from bad
    saved = get_object_or_404(SavedSearch, pk=pk)
    alert = request.method == "POST" and request.POST.get("resubscribe") == "1"
    services.set_saved_search_alert(saved_search=saved, alert=alert)
    return render(request, "posts/saved_search_unsubscribed.html", {"saved": saved, "token": token})


# Following and notifications ----------------------------------------------------------------


@require_POST
@login_required
def post_follow(request, pk: int):
    post = _visible_post(request, pk)
    if request.POST.get("follow") == "0":
        services.unfollow_post(user=request.user, post=post)
        messages.info(request, _("You no longer follow this request."))
    else:
        services.follow_post(user=request.user, post=post)
        messages.success(request, _("You follow this request: we will tell you of new leads and of a reunion."))
    return redirect(post)


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
    found = notifications.read_unsubscribe_token(token)
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


# PFIF interchange ---------------------------------------------------------------------------


@require_safe
def pfif(request):
    """Published requests and their public comments as PFIF XML, a page at a time (docs/pfif.md)."""
    params = ExportParamsForm(request.GET)
    if not params.is_valid():
        return HttpResponseBadRequest(params.error_text(), content_type="text/plain; charset=utf-8")
    return HttpResponse(export_document(**params.export_options()), content_type="application/xml; charset=utf-8")


# Opt-outs: the person sought decides ---------------------------------------------------------


@login_required
def opt_out(request):
    if not permissions.has_verified_email(request.user):
        return render(request, "posts/verify_first.html", status=403)
    form = OptOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.register_opt_out(user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Thank you. New requests that seem to be about you will wait for a moderator before anyone sees them."),
        )
        return redirect("posts:opt_out")
    return render(request, "posts/opt_out.html", {"form": form, "opt_outs": OptOut.objects.filter(user=request.user)})


@require_POST
@login_required
def opt_out_withdraw(request, pk: int):
    opt_out = get_object_or_404(OptOut, pk=pk, user=request.user)
    services.withdraw_opt_out(opt_out=opt_out, by=request.user)
    messages.info(request, _("Your opt-out is withdrawn."))
    return redirect("posts:opt_out")


# Conversations (the consent-gated relay, posts/contact.py) ------------------------------------


@login_required
@ratelimit.limited("claim")
def conversation_start(request, pk: int, kind: str):
    post = _visible_post(request, pk)
    if kind not in ConversationKind.values or not post.is_published:
        raise Http404
    if not permissions.has_verified_email(request.user):
        return render(request, "posts/verify_first.html", status=403)
    if not permissions.can_start_conversation(request.user, post):
        raise PermissionDenied(_("This is your own request."))
    existing = Conversation.objects.filter(post=post, starter=request.user, kind=kind).first()
    if existing and request.method != "POST":
        messages.info(request, _("You have already written to the poster about this. Continue here."))
        return redirect(existing)
    question = contact.claim_question_for(post, kind) if not (existing and existing.claim_answer) else ""
    form = ConversationStartForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = contact.start_conversation(
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
        Conversation.objects.visible_to(request.user).select_related("post__author", "starter"), pk=pk
    )
    can_reply = permissions.can_send_message(request.user, conversation)
    form = MessageForm(request.POST or None) if can_reply else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("This conversation is closed: its request is no longer published."))
        if form.is_valid():
            try:
                message = contact.send_message(
                    conversation=conversation, by=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                if message.moderation == Moderation.PUBLISHED:
                    messages.success(request, _("Your message is sent."))
                else:
                    messages.warning(request, message.moderation_reason)
                return redirect(f"{conversation.get_absolute_url()}#latest")
    last_read_at = conversation.read_at_for(request.user)
    contact.mark_read(conversation=conversation, by=request.user)
    context = {
        "conversation": conversation,
        "post": conversation.post,
        "other": conversation.other_side(request.user),
        "is_poster": request.user.pk == conversation.post.author_id,
        "thread": conversation.messages.visible_to(request.user).select_related("author"),
        "last_read_at": last_read_at,
        "form": form,
        "report_reasons": contact.MESSAGE_REPORT_REASONS if permissions.can_report(request.user) else (),
    }
    return render(request, "posts/conversation_detail.html", context, status=400 if form and form.errors else 200)


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
    if not permissions.can_report(request.user):
        return render(request, "posts/verify_first.html", status=403)
    form = MessageReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact.report_message(reporter=request.user, message=message, **form.cleaned_data)
        messages.success(request, _("Thank you. A moderator will look at your report."))
        return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")
    context = {"form": form, "message": message, "conversation": conversation}
    return render(request, "posts/message_report_form.html", context, status=400 if form.errors else 200)
