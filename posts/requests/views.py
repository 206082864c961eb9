from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import allows, check_can_write, refusal
from accounts.roles import is_moderator
from posts.contact import permissions as contact_permissions
from posts.contact import stories
from posts.models import (
    Comment,
    Moderation,
    Photo,
    Post,
)
from posts.moderation import permissions as report_permissions
from posts.moderation import reports, trust
from posts.reach import header, pagecache
from posts.requests import involvement, permissions, photo_files, services, uploads
from posts.requests.forms import (
    PHOTO_FORM_TAMPERED,
    CommentEditForm,
    CommentForm,
    PhotoEditFormSet,
    PostForm,
    ReportForm,
    ResolveForm,
    photo_changes,
    photo_forms_intact,
    photo_upload_formset,
)
from posts.search.filters import PostFilter
from posts.search.query import explain
from posts.translations import permissions as translation_permissions
from posts.translations.reading import reading
from reconnect import pagecache as reconnect_pagecache
from reconnect import ratelimit
from reconnect.paginator import CappedPaginator

# Home and the list show published requests only, the same for every reader: their content is kept as
# fragments (posts.reach.pagecache) for members too, and what the fragments show is read lazily, on a miss.


@pagecache.home_page
def home(request):
    # The cards show their titles translated into the reader's language (templates/includes/post_card.html).
    # Every QuerySet is built on a miss of the kept block only: building them costs a third of a kept page.
    def posts():
        return Post.objects.published().for_cards().with_translations()

    return render(
        request,
        "posts/home.html",
        {
            "newest": SimpleLazyObject(lambda: posts().open().order_by("-published_at", "-pk")[:6]),
            # With the agreement to their stories in the same query (Post.reunion_story).
            "reunions": SimpleLazyObject(
                lambda: posts().resolved().with_story_consent().order_by("-resolved_at", "-pk")[:4]
            ),
            "reunion_count": lambda: posts().resolved().count(),  # Called by the template on a miss only.
            "shared": pagecache.home_fragments(request),
        },
    )


@pagecache.list_page
def post_list(request):
    shared = pagecache.list_fragments(request)  # First: it spells the query string the one way the key reads.
    # Lazily, like the page below: building the filter form's choices costs more than a kept page.
    post_filter = SimpleLazyObject(
        lambda: PostFilter(request.GET or None, queryset=Post.objects.published().for_cards().with_translations())
    )
    query = request.GET.get("q", "").strip()

    def results():
        paginator = CappedPaginator(post_filter.qs, settings.RECONNECT_PAGE_SIZE, cap=settings.RECONNECT_COUNT_CAP)
        page = paginator.get_page(request.GET.get("page"))
        if query:
            for post in page:
                post.match_reasons = explain(post, query)
        return page

    context = {
        "filter": post_filter,
        "page": SimpleLazyObject(results),
        "query": query,
        "shared": shared,
    }
    return render(request, "posts/post_list.html", context)


def _all_valid(*forms) -> bool:
    """Validate every form, so each shows its own errors at once."""
    return all([form.is_valid() for form in forms])


def _refuse_tampered(form) -> None:
    """Say beside the request's own fields that the photo forms were not as sent, keeping what was typed."""
    form.is_valid()
    form.add_error(None, PHOTO_FORM_TAMPERED)


def _visible_post(request, pk: int) -> Post:
    return get_object_or_404(Post.objects.visible_to(request.user).for_page(), pk=pk)


# The query parameter of a request page's page of comments (`?comments=2`); `page` is the list's.
COMMENTS_PAGE = "comments"


def _replies_to(user, post: Post):
    """The comments `user` may answer on `post` (posts.requests.services.can_reply_to says the same)."""
    return Comment.objects.visible_to(user, post).published().select_related("author", "post")


def _replying_to(request, post: Post, comment_form) -> Comment | None:
    """The comment the form answers: as posted, or as chosen by a comment's "Reply" link (?reply_to=<pk>)."""
    pk = comment_form["reply_to"].value() if comment_form is not None else request.GET.get("reply_to")
    if not str(pk or "").isdigit() or not request.user.is_authenticated:
        return None
    return _replies_to(request.user, post).filter(pk=pk).first()


def _reads_publicly(user, post: Post) -> bool:
    """Whether a member sees no more of this request than a visitor does: it is published, and they are
    neither its poster nor a moderator (its comments aside: see `_reads_as_visitor`)."""
    return user.is_authenticated and post.is_published and post.author_id != user.pk and not is_moderator(user)


def _actions(user, post: Post, following: bool) -> tuple[str, ...]:
    """What the actions under a request offer a member who reads it publicly (`_reads_publicly`), as the names
    of those offered: what their kept copy varies by (templates/posts/post_detail.html, "request-actions")."""
    offered = {
        "write": contact_permissions.can_start_conversation(user, post),
        "follow": permissions.can_follow(user, post),
        "following": following,
        "report": report_permissions.can_report_post(user, post),
        "translate": translation_permissions.can_offer_translation(user, post),
    }
    return tuple(name for name, given in offered.items() if given)


def _reads_as_visitor(request, post: Post) -> bool:
    """Whether the member reads this request's comments as a visitor does, so that a kept copy may serve them:
    not its poster, not a moderator, no comment of their own on it (their own pending comments and private
    leads are shown to them), and nothing in the address but the page of comments (no reply being written)."""
    user = request.user
    return (
        user.is_authenticated
        and set(request.GET) <= {COMMENTS_PAGE}
        and post.author_id != user.pk
        and not is_moderator(user)
        and not involvement.wrote_on(user, post.pk)
    )


def _photos(user, post: Post) -> list[Photo]:
    """The request's photos as the reader may see them: a visitor's, kept with the request, unless they are its
    poster or a moderator (who also see photos still processing, or withheld)."""
    kept = getattr(post, "visitor_photos", None)
    if kept is not None and post.is_published and post.author_id != user.pk and not is_moderator(user):
        return kept
    return list(Photo.objects.visible_to(user).filter(post=post))


def _detail_context(request, post: Post, comment_form=None) -> dict:
    user = request.user
    # Lazily: a kept comments block (below) reads neither, and building the QuerySet costs more than the block.
    thread = SimpleLazyObject(lambda: Comment.objects.visible_to(user, post).select_related("author").thread())
    comments = SimpleLazyObject(
        lambda: Paginator(thread, settings.RECONNECT_COMMENTS_PAGE_SIZE).get_page(request.GET.get(COMMENTS_PAGE))
    )
    comment_refusal = refusal(permissions.check_comment, user, post)  # shown in place of the form
    replying_to = _replying_to(request, post, comment_form) if comment_refusal is None else None
    unbound_form = comment_form is None or not comment_form.is_bound
    may_comment = comment_form is not None or comment_refusal is None
    if comment_form is None and may_comment:
        # Lazily: a kept comment form (below) never reads it.
        comment_form = SimpleLazyObject(lambda: CommentForm(initial={"reply_to": replying_to}))
    # The page's parts the same for every member who is neither its poster nor a moderator (a published
    # request, read by someone who sees no more of it than a visitor does): kept, so a member's page costs
    # little more than a visitor's. Their actions are kept for all who are given the same ones.
    request_shared = actions_shared = None
    actions: tuple[str, ...] = ()
    following = involvement.follows(user, post.pk)
    if pagecache.keeping() and _reads_publicly(user, post):
        actions = _actions(user, post, following)
        request_shared = pagecache.request_fragments(request, post)
        actions_shared = pagecache.request_actions(request, post, actions=actions)
    shared = shell = None
    if pagecache.keeping() and unbound_form and _reads_as_visitor(request, post):
        # What the links of such members differ by: whether they may report, and whether they may reply.
        may_report = allows(check_can_write, user)
        shared = pagecache.comment_fragments(request, post, may_report=may_report, may_reply=may_comment)
        if request_shared is not None and not len(get_messages(request)):
            # The whole page is then the same for every member given the same actions and form: kept whole.
            offered = (*actions, f"report={may_report:d}", f"comment={may_comment:d}")
            refused = (str(comment_refusal), str(getattr(comment_refusal, "verify_email", False)))
            shell = pagecache.request_shell(request, post, vary_on=(*offered, *refused))
    return {
        "post": post,
        "photos": _photos(user, post),
        "comments": comments,
        "comment_counts": SimpleLazyObject(lambda: thread.counts),
        "shared": shared,
        "shell": shell,
        "request_shared": request_shared,
        "actions_shared": actions_shared,
        # The comment form, when it is as everyone is first given it (no reply, nothing typed).
        "comment_form_shared": request_shared if unbound_form and replying_to is None else None,
        "may_comment": may_comment,
        "comments_page_param": COMMENTS_PAGE,
        "comment_form": comment_form,
        "replying_to": replying_to,
        "match_panel": pagecache.match_panel(post),
        "following": following,
        "comment_refusal": comment_refusal,
        "can_edit": permissions.can_edit_post(user, post),
        "can_resolve": permissions.can_resolve_post(user, post),
        "is_moderator": is_moderator(user),
        # The translation read (`?lang=zh-hans`, `?lang=original`, or the reader's language) and the switch.
        "translation_reading": reading(post, user=user, asked=request.GET.get("lang", "").strip()),
    }


@pagecache.request_page
def post_detail(request, pk: int):
    post = pagecache.kept_request(pk, lambda: _visible_post(request, pk))
    context = _detail_context(request, post)
    shell = context["shell"]
    nav = header.member_nav(request) if shell is not None else None
    if nav is not None:
        # A member who reads it as a visitor does: the page kept whole, with their header and token filled in.
        page = shell.kept()
        if page is None:
            kept_context = {**context, "member_chrome": shell.nav, "csrf_token": reconnect_pagecache.CSRF_PLACEHOLDER}
            page = render_to_string("posts/post_detail.html", kept_context, request=request)
            shell.keep(page)
        return HttpResponse(shell.fill(page, nav=nav))
    response = render(request, "posts/post_detail.html", context)
    if not post.is_published:
        # Held, hidden and removed requests stay out of search engines, even seen through their author.
        response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@ratelimit.limited("post")
def post_create(request):
    permissions.check_create_post(request.user)  # Before the form: a refused member is told why.
    form = PostForm(request.POST or None)
    photos = photo_upload_formset(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and not photo_forms_intact(photos):
        photos = photo_upload_formset(user=request.user)
        _refuse_tampered(form)
    elif request.method == "POST" and _all_valid(form, photos):
        try:
            post = services.create_post(author=request.user, data=form.cleaned_data, photos=photos.new_photos())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            uploads.discard_all(photos.kept_tokens())
            if post.is_published:
                messages.success(request, _("Your request is published. We hope you find them."))
            # A request held for review says so, and why, in one notice on its own page (posts/post_detail.html).
            return redirect(post)
    if request.method == "POST" and photos.is_bound:
        uploads.keep_checked_photos(photos, user=request.user)
    context = {"form": form, "photos": photos, "creating": True, "holds": trust.holds_for(request.user)}
    return render(request, "posts/post_form.html", context)


@login_required
def post_edit(request, pk: int):
    post = _visible_post(request, pk)
    permissions.check_edit_post(request.user, post)  # Before the form: a refused member is told why.
    data = request.POST or None
    form = PostForm(data, instance=post)
    existing = PhotoEditFormSet(data, queryset=post.photos.all(), prefix="existing")
    photos = photo_upload_formset(
        data, request.FILES or None, user=request.user, existing=post.photos.count(), deleting=existing
    )
    if request.method == "POST" and not photo_forms_intact(existing, photos):
        # Shown again as the request's photos are now; what was typed in the text fields stays.
        existing = PhotoEditFormSet(queryset=post.photos.all(), prefix="existing")
        photos = photo_upload_formset(user=request.user, existing=post.photos.count())
        _refuse_tampered(form)
    elif request.method == "POST" and _all_valid(form, existing, photos):
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
            # If the edit sent it back to review, its page's notice says why.
            messages.success(request, _("Your changes are saved."))
            return redirect(post)
    if request.method == "POST" and photos.is_bound:
        uploads.keep_checked_photos(photos, user=request.user)
    return render(
        request,
        "posts/post_form.html",
        {"form": form, "photos": photos, "existing": existing, "post": post, "creating": False},
    )


@login_required
def post_resolve(request, pk: int):
    post = _visible_post(request, pk)
    permissions.check_resolve_post(request.user, post)  # Before the form: a refused member is told why.
    # The poster's own comments did not lead them anywhere: the picker offers what others wrote.
    leads = Comment.objects.visible_to(request.user, post).published().exclude(author=post.author_id)
    leads = leads.select_related("author")
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
    permissions.check_comment(request.user, post)  # Before the form: a refused member is told why.
    form = CommentForm(request.POST, replies_to=_replies_to(request.user, post))
    if form.is_valid():
        try:
            comment = services.add_comment(
                post=post,
                author=request.user,
                body=form.cleaned_data["body"],
                is_lead=form.cleaned_data["is_lead"],
                is_private=form.cleaned_data["is_private"],
                reply_to=form.cleaned_data["reply_to"],
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            if comment.is_published:
                messages.success(request, _("Thank you. Your comment is posted."))
            else:
                messages.warning(request, comment.moderation_reason)
            return redirect(_comment_location(request.user, comment))
    return render(request, "posts/post_detail.html", _detail_context(request, post, comment_form=form), status=400)


def _visible_comment(request, pk: int) -> Comment:
    """A comment the reader may read, on a request the reader may see: otherwise 404, as for the request.

    Comment ids are sequential: a page found by one must not tell the title of a request hidden from the reader.
    """
    visible_posts = Post.objects.visible_to(request.user)
    comment = get_object_or_404(Comment.objects.select_related("post").filter(post__in=visible_posts), pk=pk)
    if not Comment.objects.visible_to(request.user, comment.post).filter(pk=pk).exists():
        raise Http404
    return comment


def _comment_location(user, comment: Comment) -> str:
    """Where `user` reads `comment`: its request, on the page of comments that holds it, scrolled to it."""
    before = Comment.objects.visible_to(user, comment.post).count_before(comment)
    number = before // settings.RECONNECT_COMMENTS_PAGE_SIZE + 1
    page = f"?{COMMENTS_PAGE}={number}" if number > 1 else ""
    return f"{comment.post.get_absolute_url()}{page}#comment-{comment.pk}"


def comment_permalink(request, pk: int):
    """A comment's address in notifications, emails, feeds and the reunion's thanks: sent on to its page."""
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=pk)
    post_shown = Post.objects.visible_to(request.user).filter(pk=comment.post_id).exists()
    if post_shown and Comment.objects.visible_to(request.user, comment.post).filter(pk=pk).exists():
        return redirect(_comment_location(request.user, comment))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())  # A private lead, say, in an email to the poster.
    if post_shown:
        return redirect(comment.post)  # Hidden since, say: its request is still there.
    raise Http404


@login_required
def comment_edit(request, pk: int):
    comment = _visible_comment(request, pk)
    permissions.check_edit_comment(request.user, comment)  # Before the form: a refused member is told why.
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
            return redirect(_comment_location(request.user, comment))
    return render(request, "posts/comment_form.html", {"form": form, "comment": comment})


@login_required
def comment_delete(request, pk: int):
    comment = _visible_comment(request, pk)
    if request.method == "POST":
        post = comment.post
        services.delete_comment(comment=comment, by=request.user)
        messages.info(request, _("Your comment is deleted."))
        return redirect(post)
    permissions.check_delete_comment(request.user, comment)  # The confirmation page is refused for the same reason.
    return render(request, "posts/comment_confirm_delete.html", {"comment": comment})


def _report(request, *, post: Post | None = None, comment: Comment | None = None):
    # Before the form: a refused member is told why.
    if post is not None:
        report_permissions.check_report_post(request.user, post)
    else:
        report_permissions.check_report_comment(request.user, comment)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _report, created = reports.report_content(
            reporter=request.user, post=post, comment=comment, **form.cleaned_data
        )
        if created:
            messages.success(request, _("Thank you. A moderator will look at your report."))
        else:
            messages.info(
                request, _("You already reported this: your report is updated, and a moderator will look at it.")
            )
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


def photo_page(request, pk: int):
    """A photo on its own page, with its caption, "n of m", previous and next, and the way back to its request."""
    photo = get_object_or_404(
        Photo.objects.filter(post__in=Post.objects.visible_to(request.user)).select_related("post"), pk=pk
    )
    post = photo.post
    permissions.check_view_photos(request.user, post)  # Withheld: said so, rather than "not found".
    photos = list(Photo.objects.visible_to(request.user).filter(post=post).only("pk", "post_id", "order"))
    at = next((index for index, shown in enumerate(photos) if shown.pk == photo.pk), None)
    if at is None:  # Not ready yet, and not the reader's own: nothing to show (as on the request page).
        raise Http404
    context = {
        "post": post,
        "photo": photo,
        "number": at + 1,
        "count": len(photos),
        "previous": photos[at - 1] if at > 0 else None,
        "next": photos[at + 1] if at + 1 < len(photos) else None,
    }
    response = render(request, "posts/photo_detail.html", context)
    if not post.is_published:
        response["X-Robots-Tag"] = "noindex"
    return response


def photo(request, pk: int, size: str):
    """Serve a photo only while its request is visible to the reader."""
    photo = get_object_or_404(Photo.objects.visible_to(request.user), pk=pk)
    return photo_files.photo_response(photo, size=size)


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
