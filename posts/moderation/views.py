"""Moderators' pages inside the admin: the review queue and one member's record (the log is in admin.py).

The pages only read and hand off: every change goes through the services of each room,
which checks the permission and writes the moderation log.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
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
from posts.models import (
    Comment,
    Message,
    Moderation,
    ModerationAction,
    Post,
    Report,
    ReportStatus,
    ReviewItem,
    Translation,
)
from posts.moderation import review_actions, watched
from posts.moderation.policy import REVIEW_QUEUE_PAGE_SIZE
from posts.moderation.trust import is_set_by_moderator, level_of
from reconnect.markdown import plain_text

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


def _excerpt(*parts: str) -> str:
    return Truncator(" — ".join(part for part in parts if part)).chars(EXCERPT_LENGTH)


def _target_excerpt(target: Post | Comment | Message | Translation) -> str:
    """What the queue shows of the text: a message in full (the moderator decides on all of it), a story, a
    comment or a translation as the words a reader sees, without its Markdown, cut to EXCERPT_LENGTH."""
    if isinstance(target, Translation):
        return _excerpt(f"[{target.source_language} → {target.language}]", target.title, plain_text(target.story))
    if isinstance(target, Message):
        return target.body
    if isinstance(target, Post):
        return _excerpt(target.title, plain_text(target.story))
    return _excerpt(plain_text(target.body))


def _target_texts(target: Post | Comment | Message | Translation) -> list[str]:
    if isinstance(target, Translation):
        return [target.title, target.story]
    if isinstance(target, Post):
        return [str(getattr(target, field) or "") for field in watched.POST_TEXT_FIELDS]
    return [target.body]


KINDS = {Post: "request", Comment: "comment", Message: "message", Translation: "translation"}


@dataclass(frozen=True)
class QueueRow:
    """One row of the queue: the item, what it is about, what the moderator weighs, and what they may do."""

    item: ReviewItem
    target: Post | Comment | Message | Translation
    excerpt: str
    open_reports: list[Report]
    history: AuthorHistory | None
    # The watched words it contains, so that the moderator knows what to look for.
    watched_words: tuple[str, ...]
    actions: tuple[review_actions.Action, ...]

    @property
    def kind(self) -> str:
        return KINDS[type(self.target)]

    @property
    def author(self):
        return self.item.author

    @property
    def plain_actions(self) -> tuple[review_actions.Action, ...]:
        return tuple(action for action in self.actions if not action.needs_reason)

    @property
    def reason_actions(self) -> tuple[review_actions.Action, ...]:
        """The actions that ask for a reason, under one set of reason fields."""
        return tuple(action for action in self.actions if action.needs_reason)


def review_queue_page(page_number: str | int | None) -> Page:
    """One page of `ReviewItem.objects.pending()`, as rows of the queue.

    In a fixed number of queries however long the queue: the items, their targets (one query per kind of
    target), the open reports on them, and the authors' histories.
    """
    paginator = Paginator(ReviewItem.objects.pending().select_related("author", "post"), REVIEW_QUEUE_PAGE_SIZE)
    page = paginator.get_page(page_number)
    items = list(page.object_list)
    prefetch_related_objects(
        items,
        GenericPrefetch(
            "target", [Post.objects.all(), Comment.objects.all(), Message.objects.all(), Translation.objects.all()]
        ),
    )
    items = [item for item in items if item.target is not None]
    targets = {(type(item.target), item.target_id) for item in items}
    open_reports: dict[tuple[type, int], list[Report]] = defaultdict(list)
    if any(model is not Translation for model, _pk in targets):  # Translations are not reported.
        about = Q()
        for model, field in ((Post, "post_id"), (Comment, "comment_id"), (Message, "message_id")):
            ids = [pk for kind, pk in targets if kind is model]
            if ids:
                about |= Q(**{f"{field}__in": ids})
        for report in Report.objects.open().filter(about).select_related("reporter").order_by("created_at", "pk"):
            model = Post if report.post_id else Comment if report.comment_id else Message
            open_reports[(model, report.post_id or report.comment_id or report.message_id)].append(report)
    histories = author_histories(item.author_id for item in items)
    page.object_list = [
        QueueRow(
            item=item,
            target=item.target,
            excerpt=_target_excerpt(item.target),
            open_reports=open_reports[(type(item.target), item.target_id)],
            history=histories.get(item.author_id),
            watched_words=watched.matched_patterns(*_target_texts(item.target)),
            actions=review_actions.build_actions(item),
        )
        for item in items
    ]
    return page


def waiting_count() -> int:
    """Everything the queue holds, counted in one query."""
    return ReviewItem.objects.pending().count()


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
        page=review_queue_page(request.GET.get("page")),
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


def _already_handled(request: HttpRequest) -> HttpResponse:
    messages.warning(request, _("Someone has already handled this; the queue is up to date now."))
    return redirect("admin:moderation:queue")


@require_POST
def handle_item(request: HttpRequest, pk: int) -> HttpResponse:
    """Do one of the item's actions, then go back to the queue saying what happened."""
    _require_moderator(request)
    item = get_object_or_404(ReviewItem, pk=pk)
    action = request.POST.get("action", "")
    if action not in review_actions.ACTION_NAMES:
        return HttpResponseBadRequest(gettext("Unknown action."))
    form = QueueReasonForm(request.POST)
    try:
        done = review_actions.perform(
            item, action, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except review_actions.AlreadyHandled:
        return _already_handled(request)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect("admin:moderation:queue")
