"""Moderators' pages inside the admin: the review queue and one member's record (the log is in admin.py).

The pages only read and hand off: every change goes through the services of each room,
which checks the permission and writes the moderation log.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from http import HTTPStatus
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Sanction
from accounts.notes import add_staff_note
from accounts.roles import is_moderator
from posts.contact import relay
from posts.models import Comment, Message, Moderation, ModerationAction, Post, Report, ReportReason, ReportStatus
from posts.moderation import actions, reports, watched
from posts.moderation.trust import is_set_by_moderator, level_of

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

User = get_user_model()

EXCERPT_LENGTH = 160
LOG_ENTRIES_SHOWN = 200

COMMON_REASONS = (
    ("contact_details", _("Contains personal contact details")),
    ("spam", _("Spam or advertising")),
    ("harassment", _("Harassment or hate")),
    ("removal_asked", _("The person sought asked for removal")),
    ("false_info", _("False or misleading information")),
    ("duplicate", _("Duplicate request")),
)


class QueueReasonForm(forms.Form):
    """A common reason, a reason in the moderator's own words, or both; the author sees it."""

    common_reason = forms.ChoiceField(
        label=_("Common reason"),
        choices=(("", _("Choose a common reason…")), *COMMON_REASONS),
        required=False,
        widget=forms.Select(attrs={"aria-label": _("Common reason")}),
    )
    reason_text = forms.CharField(
        label=_("Reason in your words"),
        max_length=2000,
        required=False,
        widget=forms.TextInput(attrs={"aria-label": _("Reason in your words"), "placeholder": _("or in your words")}),
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        common = dict(COMMON_REASONS).get(cleaned.get("common_reason") or "")
        text = (cleaned.get("reason_text") or "").strip()
        if not common and not text:
            raise ValidationError(_("Choose a common reason or write one; the author will see it."), code="required")
        cleaned["reason"] = f"{common}: {text}" if common and text else str(common or text)
        return cleaned


# Reading ---------------------------------------------------------------------


def _count(queryset: models.QuerySet, outer: str) -> Coalesce:
    """The number of rows of `queryset` whose `outer` is the outer row's key, as a subquery."""
    counted = queryset.order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def _open_reports_on(field: str) -> Coalesce:
    return _count(Report.objects.open().filter(**{field: OuterRef(field)}), field)


@dataclass(frozen=True)
class AuthorHistory:
    published_requests: int
    hidden_items: int
    reports_against: int
    active_sanction: Sanction | None


def author_histories(user_ids: Iterable[int]) -> dict[int, AuthorHistory]:
    """What moderators weigh about each author, in two queries however many authors there are."""
    hidden = (Moderation.HIDDEN, Moderation.REMOVED)
    now = timezone.now()
    active = Sanction.objects.filter(lifted_at__isnull=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )
    authors = (
        User.objects.filter(pk__in=set(user_ids))
        .annotate(
            published_requests=_count(
                Post.objects.filter(author=OuterRef("pk"), moderation=Moderation.PUBLISHED), "author"
            ),
            hidden_items=_count(Post.objects.filter(author=OuterRef("pk"), moderation__in=hidden), "author")
            + _count(Comment.objects.filter(author=OuterRef("pk"), moderation__in=hidden), "author")
            + _count(Message.objects.filter(author=OuterRef("pk"), moderation__in=hidden), "author"),
            reports_against=_count(Report.objects.filter(post__author=OuterRef("pk")), "post__author")
            + _count(Report.objects.filter(comment__author=OuterRef("pk")), "comment__author")
            + _count(Report.objects.filter(message__author=OuterRef("pk")), "message__author"),
        )
        .prefetch_related(Prefetch("sanctions", queryset=active.order_by("-starts_at"), to_attr="active_sanctions"))
    )
    return {
        author.pk: AuthorHistory(
            published_requests=author.published_requests,
            hidden_items=author.hidden_items,
            reports_against=author.reports_against,
            active_sanction=author.active_sanctions[0] if author.active_sanctions else None,
        )
        for author in authors
    }


@dataclass(frozen=True)
class QueueRow:
    kind: str  # "request", "comment", "message" or "report"
    obj: Post | Comment | Message | Report
    created_at: datetime
    excerpt: str
    author: models.Model
    open_reports: int
    is_removal_request: bool
    history: AuthorHistory | None = None
    # The watched words a held item contains, so that the moderator knows what to look for.
    watched_words: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[bool, datetime, int]:
        return (not self.is_removal_request, self.created_at, self.obj.pk)


def _excerpt(*parts: str) -> str:
    return Truncator(" — ".join(part for part in parts if part)).chars(EXCERPT_LENGTH)


def _target_excerpt(target: Post | Comment | Message) -> str:
    return _excerpt(target.title, target.story) if isinstance(target, Post) else _excerpt(target.body)


def _post_texts(post: Post) -> list[str]:
    return [str(getattr(post, field) or "") for field in watched.POST_TEXT_FIELDS]


def review_queue_rows() -> list[QueueRow]:
    """Held requests, held comments and open reports: removal requests first, then oldest first."""
    held_posts = (
        Post.objects.filter(moderation=Moderation.PENDING)
        .select_related("author")
        .annotate(open_report_count=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
    )
    held_comments = (
        Comment.objects.filter(moderation=Moderation.PENDING)
        .select_related("author", "post")
        .annotate(open_report_count=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
    )
    held_messages = (
        Message.objects.filter(moderation=Moderation.PENDING)
        .select_related("author", "conversation__post")
        .annotate(open_report_count=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
    )
    open_reports = (
        Report.objects.open()
        .select_related(
            "reporter",
            "post__author",
            "comment__author",
            "comment__post",
            "message__author",
            "message__conversation__post",
        )
        .annotate(
            post_open_reports=_open_reports_on("post"),
            comment_open_reports=_open_reports_on("comment"),
            message_open_reports=_open_reports_on("message"),
        )
    )
    rows = [
        *(
            QueueRow(
                kind="request",
                obj=post,
                created_at=post.created_at,
                excerpt=_target_excerpt(post),
                author=post.author,
                open_reports=post.open_report_count,
                is_removal_request=False,
                watched_words=watched.matched_patterns(*_post_texts(post)),
            )
            for post in held_posts
        ),
        *(
            QueueRow(
                kind="comment",
                obj=comment,
                created_at=comment.created_at,
                excerpt=_target_excerpt(comment),
                author=comment.author,
                open_reports=comment.open_report_count,
                is_removal_request=False,
                watched_words=watched.matched_patterns(comment.body),
            )
            for comment in held_comments
        ),
        *(
            QueueRow(
                kind="message",
                obj=message,
                created_at=message.created_at,
                excerpt=message.body,  # In full: the moderator decides on the whole message.
                author=message.author,
                open_reports=message.open_report_count,
                is_removal_request=False,
                watched_words=watched.matched_patterns(message.body),
            )
            for message in held_messages
        ),
        *(
            QueueRow(
                kind="report",
                obj=report,
                created_at=report.created_at,
                excerpt=_target_excerpt(report.target),
                author=report.target.author,
                open_reports=(
                    report.post_open_reports
                    if report.post_id
                    else report.comment_open_reports
                    if report.comment_id
                    else report.message_open_reports
                ),
                is_removal_request=report.reason == ReportReason.THIS_IS_ME,
            )
            for report in open_reports
        ),
    ]
    histories = author_histories(row.author.pk for row in rows)
    rows = [replace(row, history=histories.get(row.author.pk)) for row in rows]
    return sorted(rows, key=lambda row: row.sort_key)


def waiting_count() -> int:
    """Everything the queue holds, counted in one query."""
    held_posts = Post.objects.filter(moderation=Moderation.PENDING).order_by().values("pk")
    held_comments = Comment.objects.filter(moderation=Moderation.PENDING).order_by().values("pk")
    held_messages = Message.objects.filter(moderation=Moderation.PENDING).order_by().values("pk")
    open_reports = Report.objects.open().order_by().values("pk")
    return held_posts.union(held_comments, held_messages, open_reports, all=True).count()


# Views -----------------------------------------------------------------------


def _require_moderator(request: HttpRequest) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied


def _page(request: HttpRequest, template: str, title: "StrOrPromise", **context) -> TemplateResponse:
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, "subtitle": None, **context}
    )


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    return _page(
        request,
        "admin/reconnect/queue.html",
        _("Review queue"),
        rows=review_queue_rows(),
        reason_form=QueueReasonForm(auto_id=False),
    )


class StaffNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Add a staff note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Only moderators read staff notes; the member never sees them. Notes cannot be edited."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_moderator(request)
    member = get_object_or_404(User, pk=user_id)
    note_form = StaffNoteForm(request.POST or None)
    if request.method == "POST" and note_form.is_valid():
        try:
            add_staff_note(user=member, by=request.user, body=note_form.cleaned_data["body"])
        except ValidationError as error:
            note_form.add_error(None, error)
        else:
            messages.success(request, gettext("The staff note is saved."))
            return redirect(reverse("admin:moderation:person", args=[member.pk]) + "#person-notes")
    open_count = Count("reports", filter=Q(reports__status=ReportStatus.OPEN))
    report_targets = ("reporter", "post", "comment__post", "handled_by")
    response = _page(
        request,
        "admin/reconnect/person.html",
        _("Moderation record of %(member)s") % {"member": member.email},
        member=member,
        posts=Post.objects.filter(author=member).annotate(open_report_count=open_count).order_by("-created_at"),
        comments=(
            Comment.objects.filter(author=member)
            .select_related("post")
            .annotate(open_report_count=open_count)
            .order_by("-created_at", "-pk")
        ),
        reports_against=(
            Report.objects.filter(Q(post__author=member) | Q(comment__author=member) | Q(message__author=member))
            .select_related(*report_targets)
            .queue()
        ),
        reports_filed=Report.objects.filter(reporter=member).select_related(*report_targets).queue(),
        sanctions=member.sanctions.select_related("created_by", "lifted_by"),
        moderation_actions=(
            ModerationAction.objects.about_member(member)
            .select_related("actor", "target_type")
            .order_by("-created_at", "-pk")[:LOG_ENTRIES_SHOWN]
        ),
        moderation_actions_shown=LOG_ENTRIES_SHOWN,
        moderation_log_url=f"{reverse('admin:posts_moderationaction_changelist')}?member={member.pk}",
        staff_notes=member.staff_notes.select_related("author"),
        note_form=note_form,
        trust_level=level_of(member),
        trust_set_by_moderator=is_set_by_moderator(member),
    )
    if note_form.errors:
        response.status_code = HTTPStatus.BAD_REQUEST
    return response


def _run(request: HttpRequest, obj: models.Model, apply: Callable[[], object], done: "StrOrPromise") -> HttpResponse:
    """Call the service, then go back to the queue saying what happened."""
    try:
        apply()
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, f"{obj}: {' '.join(getattr(error, 'messages', [str(error)]))}")
    else:
        messages.success(request, done % {"item": obj})
    return redirect("admin:moderation:queue")


def _reason(request: HttpRequest, obj: models.Model) -> str | None:
    """The reason the moderator chose or wrote, or None after telling them what is missing."""
    form = QueueReasonForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["reason"]
    errors = " ".join(str(message) for field_errors in form.errors.values() for message in field_errors)
    messages.error(request, f"{obj}: {errors}")
    return None


def _already_handled(request: HttpRequest) -> HttpResponse:
    messages.warning(request, _("Someone has already handled this; the queue is up to date now."))
    return redirect("admin:moderation:queue")


def _unknown_action() -> HttpResponse:
    return HttpResponseBadRequest(gettext("Unknown action."))


@require_POST
def handle_request(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    post = get_object_or_404(Post, pk=pk)
    if post.moderation != Moderation.PENDING:
        return _already_handled(request)
    action = request.POST.get("action")
    if action == "publish":
        return _run(
            request, post, lambda: actions.publish_post(post=post, by=request.user), _("Published “%(item)s”.")
        )
    if action == "hide":
        if (reason := _reason(request, post)) is None:
            return redirect("admin:moderation:queue")
        return _run(
            request, post, lambda: actions.hide_post(post=post, by=request.user, reason=reason), _("Hid “%(item)s”.")
        )
    return _unknown_action()


@require_POST
def handle_comment(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    comment = get_object_or_404(Comment, pk=pk)
    if comment.moderation != Moderation.PENDING:
        return _already_handled(request)
    action = request.POST.get("action")
    if action == "publish":
        return _run(
            request,
            comment,
            lambda: actions.publish_comment(comment=comment, by=request.user),
            _("Published “%(item)s”."),
        )
    if action == "hide":
        if (reason := _reason(request, comment)) is None:
            return redirect("admin:moderation:queue")
        return _run(
            request,
            comment,
            lambda: actions.hide_comment(comment=comment, by=request.user, reason=reason),
            _("Hid “%(item)s”."),
        )
    return _unknown_action()


@require_POST
def handle_message(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    message = get_object_or_404(Message, pk=pk)
    if message.moderation != Moderation.PENDING:
        return _already_handled(request)
    action = request.POST.get("action")
    if action == "publish":
        return _run(
            request,
            message,
            lambda: relay.publish_message(message=message, by=request.user),
            _("Let the message “%(item)s” through."),
        )
    if action == "remove":
        if (reason := _reason(request, message)) is None:
            return redirect("admin:moderation:queue")
        return _run(
            request,
            message,
            lambda: relay.remove_message(message=message, by=request.user, reason=reason),
            _("Removed the message “%(item)s”."),
        )
    return _unknown_action()


@require_POST
def handle_report(request: HttpRequest, pk: int) -> HttpResponse:
    _require_moderator(request)
    report = get_object_or_404(Report.objects.select_related("post", "comment", "message"), pk=pk)
    if report.status != ReportStatus.OPEN:
        return _already_handled(request)
    action = request.POST.get("action")
    if action == "resolve":
        return _run(
            request,
            report,
            lambda: reports.resolve_report(report=report, by=request.user),
            _("Resolved the report “%(item)s”."),
        )
    if action == "dismiss":
        return _run(
            request,
            report,
            lambda: reports.dismiss_report(report=report, by=request.user),
            _("Dismissed the report “%(item)s”."),
        )
    if action == "hide_content":
        if (reason := _reason(request, report)) is None:
            return redirect("admin:moderation:queue")
        return _run(
            request,
            report,
            lambda: reports.hide_reported_content(report=report, by=request.user, reason=reason),
            _("Hid what “%(item)s” reported and resolved its reports."),
        )
    return _unknown_action()


