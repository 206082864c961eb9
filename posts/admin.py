"""Moderation through the Django admin.

Moderators hold view permissions and `posts.moderate_post`; every change of
moderation state goes through an action that calls a service, which checks
the permission and writes the moderation log (`posts.moderation.log.record`).
The state fields are read-only here so that nothing bypasses that path.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import is_moderator
from posts.models import (
    Comment,
    Conversation,
    Message,
    OptOut,
    Photo,
    Post,
    Report,
    ReportStatus,
    Revision,
    Translation,
    TranslationRequest,
    WatchedWord,
)
from posts.moderation import actions, reports, revisions, watched
from posts.moderation.admin import ModerationHistoryMixin


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("The author sees this reason."),
        max_length=2000,
    )


class ModerationAdminMixin(ModerationHistoryMixin):
    """Shared by the admins whose actions change moderation state; their History shows the moderation log."""

    def has_moderate_permission(self, request) -> bool:
        return is_moderator(request.user)

    def run_with_reason(self, request, queryset, *, title: str, apply, done: Callable[[int], str]):
        """Ask for a reason on an intermediate page, then apply the service to each object."""
        if "apply" in request.POST:
            form = ReasonForm(request.POST)
            if form.is_valid():
                return self.apply_each(request, queryset, lambda obj: apply(obj, form.cleaned_data["reason"]), done)
        else:
            form = ReasonForm()
        return self.reason_page(request, queryset, title, form)

    def reason_page(self, request, queryset, title, form):
        """The intermediate page that asks for a reason (and any other choice) before an action runs."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": request.POST.get("action"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/moderation_reason.html", context)

    def apply_each(self, request, queryset, apply, done: Callable[[int], str]):
        """Apply the service to each object; `done(count)` says how many, in the plural that count takes."""
        count = 0
        for obj in queryset:
            try:
                apply(obj)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request, f"{obj}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
            else:
                count += 1
        self.message_user(request, done(count) % {"count": count}, messages.SUCCESS)
        return None


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ("preview", "caption", "alt_text", "order")
    readonly_fields = ("preview", "caption", "alt_text", "order")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo"))
    def preview(self, photo):
        return format_html(
            '<a href="{}"><img src="{}" alt="" width="120"></a>', photo.get_image_url(), photo.get_thumbnail_url()
        )


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ("author", "body", "is_lead", "is_private", "moderation", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


def revision_state(revision: Revision) -> str:
    """What the admin says about a version instead of its text once it is hidden."""
    if not revision.hidden:
        return ""
    return _("hidden by %(moderator)s: %(reason)s") % {
        "moderator": revision.hidden_by or _("a former moderator"),
        "reason": revision.hidden_reason,
    }


class ModeratorReadOnlyMixin:
    """Records moderators may read and nobody may change here: conversations, earlier versions, opt-outs, failed
    emails. The one way to make such an admin; one that lets someone more (a superuser deleting) overrides that."""

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RevisionInline(ModeratorReadOnlyMixin, admin.TabularInline):
    """Earlier versions, newest first, each linking to its differences; never their text."""

    model = Revision
    extra = 0
    fields = ("created_at", "edited_by", "state", "changes_link")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("earlier versions")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edited_by", "hidden_by")

    @admin.display(description=_("state"))
    def state(self, revision):
        return revision_state(revision) or _("shown")

    @admin.display(description=_("changes"))
    def changes_link(self, revision):
        url = reverse("admin:posts_revision_change", args=[revision.pk])
        return format_html('<a href="{}">{}</a>', url, _("see what this edit changed"))


@admin.register(Post)
class PostAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = (
        "title",
        "sought_name",
        "author_email",
        "status",
        "moderation",
        "met_country",
        "now_country",
        "relationship",
        "created_at",
        "open_reports",
    )
    list_filter = ("moderation", "status", "relationship", "met_country", "now_country", "created_at")
    search_fields = ("title", "sought_name", "sought_other_names", "sought_nickname", "author__email")
    date_hierarchy = "created_at"
    list_select_related = ("author",)
    raw_id_fields = ("author", "resolved_comment")
    readonly_fields = (
        "moderation",
        "moderation_reason",
        "published_at",
        "created_at",
        "updated_at",
        "last_activity_at",
        "resolved_at",
    )
    inlines = (PhotoInline, CommentInline, RevisionInline)
    actions = ("publish", "hide", "remove", "restore")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(open_report_count=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
        )

    @admin.display(description=_("author"), ordering="author__email")
    def author_email(self, post):
        return post.author.email

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, post):
        return post.open_report_count

    @admin.action(description=_("Publish selected requests"), permissions=("moderate",))
    def publish(self, request, queryset):
        return self.apply_each(
            request,
            queryset,
            lambda post: actions.publish_post(post=post, by=request.user),
            lambda n: ngettext("Published %(count)d request.", "Published %(count)d requests.", n),
        )

    @admin.action(description=_("Hide selected requests (asks for a reason)"), permissions=("moderate",))
    def hide(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset,
            title=_("Hide requests"),
            apply=lambda post, reason: actions.hide_post(post=post, by=request.user, reason=reason),
            done=lambda n: ngettext("Hid %(count)d request.", "Hid %(count)d requests.", n),
        )

    @admin.action(description=_("Remove selected requests (asks for a reason)"), permissions=("moderate",))
    def remove(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset,
            title=_("Remove requests"),
            apply=lambda post, reason: actions.remove_post(post=post, by=request.user, reason=reason),
            done=lambda n: ngettext("Removed %(count)d request.", "Removed %(count)d requests.", n),
        )

    @admin.action(description=_("Restore selected requests"), permissions=("moderate",))
    def restore(self, request, queryset):
        return self.apply_each(
            request,
            queryset,
            lambda post: actions.restore_post(post=post, by=request.user),
            lambda n: ngettext("Restored %(count)d request.", "Restored %(count)d requests.", n),
        )


@admin.register(Comment)
class CommentAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ("short_body", "post", "author_email", "is_lead", "is_private", "moderation", "created_at")
    list_filter = ("moderation", "is_lead", "is_private", "created_at")
    search_fields = ("body", "author__email", "post__title")
    date_hierarchy = "created_at"
    list_select_related = ("author", "post")
    raw_id_fields = ("author", "post")
    readonly_fields = ("moderation", "moderation_reason", "created_at", "edited_at")
    inlines = (RevisionInline,)
    actions = ("publish", "hide", "remove", "restore")

    @admin.display(description=_("comment"))
    def short_body(self, comment):
        return comment.body[:80]

    @admin.display(description=_("author"), ordering="author__email")
    def author_email(self, comment):
        return comment.author.email

    @admin.action(description=_("Publish selected comments"), permissions=("moderate",))
    def publish(self, request, queryset):
        return self.apply_each(
            request,
            queryset,
            lambda comment: actions.publish_comment(comment=comment, by=request.user),
            lambda n: ngettext("Published %(count)d comment.", "Published %(count)d comments.", n),
        )

    @admin.action(description=_("Hide selected comments (asks for a reason)"), permissions=("moderate",))
    def hide(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset,
            title=_("Hide comments"),
            apply=lambda comment, reason: actions.hide_comment(comment=comment, by=request.user, reason=reason),
            done=lambda n: ngettext("Hid %(count)d comment.", "Hid %(count)d comments.", n),
        )

    @admin.action(description=_("Remove selected comments (asks for a reason)"), permissions=("moderate",))
    def remove(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset,
            title=_("Remove comments"),
            apply=lambda comment, reason: actions.remove_comment(comment=comment, by=request.user, reason=reason),
            done=lambda n: ngettext("Removed %(count)d comment.", "Removed %(count)d comments.", n),
        )

    @admin.action(description=_("Restore selected comments"), permissions=("moderate",))
    def restore(self, request, queryset):
        return self.apply_each(
            request,
            queryset,
            lambda comment: actions.restore_comment(comment=comment, by=request.user),
            lambda n: ngettext("Restored %(count)d comment.", "Restored %(count)d comments.", n),
        )


class ReportStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ReportStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Report)
class ReportAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ("reason", "target_link", "target_state", "reporter_email", "status", "created_at")
    list_filter = (ReportStatusFilter, "reason", "created_at")
    search_fields = ("details", "reporter__email", "post__title", "comment__body")
    list_select_related = ("reporter", "post", "comment", "comment__post", "message")
    raw_id_fields = ("reporter", "post", "comment", "message")
    readonly_fields = (
        "reporter",
        "post",
        "comment",
        "message",
        "reason",
        "details",
        "status",
        "handled_by",
        "handled_at",
        "created_at",
    )
    actions = ("resolve", "dismiss", "hide_content")

    def get_queryset(self, request):
        return super().get_queryset(request).queue()

    def get_ordering(self, request):
        # The queue's own order; an empty one would let the changelist put Meta.ordering (newest first) first.
        return Report.objects.queue().query.order_by

    @admin.display(description=_("reported"))
    def target_link(self, report):
        target = report.target
        opts = target._meta
        if isinstance(target, Message):
            # Messages are read in their conversation, which has the admin page.
            url = reverse("admin:posts_conversation_change", args=[target.conversation_id])
        else:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
        return format_html('<a href="{}">{}: {}</a>', url, opts.verbose_name, str(target)[:60])

    @admin.display(description=_("its state"))
    def target_state(self, report):
        return report.target.get_moderation_display()

    @admin.display(description=_("reporter"), ordering="reporter__email")
    def reporter_email(self, report):
        return report.reporter.email if report.reporter else _("the site (a watched word)")

    @admin.action(description=_("Resolve selected reports"), permissions=("moderate",))
    def resolve(self, request, queryset):
        return self.apply_each(
            request,
            queryset.filter(status=ReportStatus.OPEN),
            lambda report: reports.resolve_report(report=report, by=request.user),
            lambda n: ngettext("Resolved %(count)d report.", "Resolved %(count)d reports.", n),
        )

    @admin.action(description=_("Dismiss selected reports"), permissions=("moderate",))
    def dismiss(self, request, queryset):
        return self.apply_each(
            request,
            queryset.filter(status=ReportStatus.OPEN),
            lambda report: reports.dismiss_report(report=report, by=request.user),
            lambda n: ngettext("Dismissed %(count)d report.", "Dismissed %(count)d reports.", n),
        )

    @admin.action(description=_("Hide the reported content and resolve (asks for a reason)"), permissions=("moderate",))
    def hide_content(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset.filter(status=ReportStatus.OPEN),
            title=_("Hide reported content"),
            apply=lambda report, reason: reports.hide_reported_content(report=report, by=request.user, reason=reason),
            done=lambda n: ngettext("Hid the content of %(count)d report.", "Hid the content of %(count)d reports.", n),
        )


class MessageInline(ModeratorReadOnlyMixin, admin.TabularInline):
    model = Message
    extra = 0
    fields = ("author", "body", "created_at", "moderation", "moderation_reason")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Conversation)
class ConversationAdmin(ModeratorReadOnlyMixin, admin.ModelAdmin):
    list_display = ("post", "kind", "starter_email", "poster_email", "created_at", "last_message_at")
    list_filter = ("kind", "created_at")
    search_fields = ("post__title", "starter__email", "post__author__email")
    list_select_related = ("post__author", "starter")
    fields = ("post", "kind", "starter", "claim_question", "claim_answer", "created_at", "last_message_at")
    readonly_fields = fields
    inlines = (MessageInline,)

    @admin.display(description=_("started by"), ordering="starter__email")
    def starter_email(self, conversation):
        return conversation.starter.email

    @admin.display(description=_("poster"), ordering="post__author__email")
    def poster_email(self, conversation):
        return conversation.post.author.email


@admin.register(OptOut)
class OptOutAdmin(ModeratorReadOnlyMixin, admin.ModelAdmin):
    """Who asked not to be posted about: moderators read these when a request is held for matching one."""

    list_display = ("name", "other_names", "user", "created_at")
    search_fields = ("name", "other_names", "details", "user__email")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "other_names", "details", "created_at")


@admin.register(Revision)
class RevisionAdmin(ModerationAdminMixin, admin.ModelAdmin):
    """Moderators read what each edit changed and hide a version that leaked private details.

    No search over the text: a match would tell what a hidden version says.
    """

    list_display = ("__str__", "target_link", "edited_by", "created_at", "state")
    list_filter = ("hidden", "created_at")
    list_select_related = ("post", "comment", "translation", "edited_by", "hidden_by")
    fields = ("target_link", "edited_by", "created_at", "state", "changes")
    readonly_fields = fields
    actions = ("hide",)

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("edited"))
    def target_link(self, revision):
        target = revision.target
        opts = target._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
        return format_html('<a href="{}">{}: {}</a>', url, opts.verbose_name, str(target)[:60])

    @admin.display(description=_("state"))
    def state(self, revision):
        return revision_state(revision) or _("shown")

    @admin.display(description=_("what the edit changed"))
    def changes(self, revision):
        if revision.hidden:
            return revision_state(revision)
        after = revisions.following_text(revision)
        if after is None:
            return _("The next version is hidden, so the changes cannot be shown.")
        changed = revisions.diff(revision.fields, after)
        if not changed:
            return _("The text did not change.")
        model = Post if revision.post_id else Comment if revision.comment_id else Translation
        return format_html_join(
            "",
            "<h3>{}</h3>{}",
            ((model._meta.get_field(name).verbose_name, html) for name, html in changed),
        )

    @admin.action(description=_("Hide selected versions (asks for a reason)"), permissions=("moderate",))
    def hide(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset,
            title=_("Hide earlier versions"),
            apply=lambda revision, reason: revisions.hide_revision(revision=revision, by=request.user, reason=reason),
            done=lambda n: ngettext("Hid %(count)d version.", "Hid %(count)d versions.", n),
        )


@admin.register(Translation)
class TranslationAdmin(ModeratorReadOnlyMixin, ModerationAdminMixin, admin.ModelAdmin):
    """Moderators read every translation, and hide or remove one through the moderation services.

    Approving and rejecting are the poster's (or, left to them, the review queue's): nothing here changes the
    status, the text or who decided.
    """

    list_display = ("title", "post", "language", "source_language", "translator", "status", "moderation", "created_at")
    list_filter = ("status", "moderation", "language", "out_of_date", "created_at")
    search_fields = ("title", "translator__email", "post__title")
    list_select_related = ("translator", "post")
    fields = (
        "post",
        "translator",
        "language",
        "source_language",
        "title",
        "story",
        "status",
        "decided_by",
        "decided_at",
        "rejection_reason",
        "moderation",
        "moderation_reason",
        "out_of_date",
        "created_at",
    )
    readonly_fields = fields
    inlines = (RevisionInline,)
    actions = ("hide", "remove")

    @admin.action(description=_("Hide selected translations (asks for a reason)"), permissions=("moderate",))
    def hide(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset,
            title=_("Hide translations"),
            apply=lambda item, reason: actions.hide_translation(translation=item, by=request.user, reason=reason),
            done=lambda n: ngettext("Hid %(count)d translation.", "Hid %(count)d translations.", n),
        )

    @admin.action(description=_("Remove selected translations (asks for a reason)"), permissions=("moderate",))
    def remove(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset,
            title=_("Remove translations"),
            apply=lambda item, reason: actions.remove_translation(translation=item, by=request.user, reason=reason),
            done=lambda n: ngettext("Removed %(count)d translation.", "Removed %(count)d translations.", n),
        )


@admin.register(TranslationRequest)
class TranslationRequestAdmin(ModeratorReadOnlyMixin, admin.ModelAdmin):
    list_display = ("post", "source_language", "language", "created_at")
    list_filter = ("language", "source_language")
    list_select_related = ("post",)


class WatchedWordForm(forms.ModelForm):
    class Meta:
        model = WatchedWord
        fields = ("pattern", "is_regex", "action", "note")

    def clean(self):
        cleaned = super().clean()
        pattern = (cleaned.get("pattern") or "").strip()
        if not pattern:
            return cleaned
        cleaned["pattern"] = pattern
        try:
            compiled = watched.compile_pattern(pattern, cleaned.get("is_regex", False))
        except watched.PatternError as error:
            self.add_error(
                "pattern",
                ValidationError(
                    _("This is not a valid regular expression (%(error)s)."),
                    code="invalid_regex",
                    params={"error": error},
                ),
            )
            return cleaned
        if compiled.search(""):
            # A pattern that matches nothing at all would match every text ever written.
            self.add_error("pattern", ValidationError(_("This pattern matches any text."), code="matches_everything"))
        elif watched.is_too_slow(compiled):
            self.add_error(
                "pattern",
                ValidationError(
                    _(
                        "This pattern takes too long to check on long texts (it backtracks, as in “(a+)+”). "
                        "Please write it more simply."
                    ),
                    code="too_slow",
                ),
            )
        return cleaned


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    """Moderators keep the list themselves; the admin log records every addition, change and deletion."""

    form = WatchedWordForm
    list_display = ("pattern", "is_regex", "action", "note", "created_by", "created_at")
    list_filter = ("action", "is_regex")
    search_fields = ("pattern", "note")
    list_select_related = ("created_by",)
    readonly_fields = ("created_by", "created_at")

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_add_permission(self, request):
        return is_moderator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_module_permission(self, request):
        return is_moderator(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
