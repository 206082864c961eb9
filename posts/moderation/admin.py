"""The moderation log in the admin: moderators read it, nobody adds, changes or deletes an entry.

`ModerationAction` rows are written only by `posts.moderation.log.record`. The admin's own change log
(`LogEntry`: edits made in change forms, such as watched words) stays readable, read-only too, from a link
on the moderation log and on each object's History page; the index lists the moderation log alone.
Each object's History page shows the moderation actions taken on it, above the admin's own entries.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_moderator
from posts.models import ModerationAction

HISTORY_ACTIONS_SHOWN = 100


class ReadOnlyForModeratorsAdmin(admin.ModelAdmin):
    """Moderators may read; nobody, superusers included, may add, change or delete."""

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyForModeratorsAdmin):
    list_display = ("created_at", "action", "target", "member", "actor_name", "reason", "facts")
    list_filter = ("action",)
    search_fields = ("target_repr", "reason", "actor__email")
    list_select_related = ("actor", "member", "target_type")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "action",
        "actor_name",
        "target_type",
        "target_id",
        "target_repr",
        "member",
        "reason",
        "facts",
        "details",
    )
    readonly_fields = fields

    @admin.display(description=_("target"), ordering="target_repr")
    def target(self, action: ModerationAction) -> str:
        return f"{action.target_type.name}: {action.target_repr}"

    @admin.display(description=_("by"), ordering="actor__email")
    def actor_name(self, action: ModerationAction) -> str:
        return action.actor.email if action.actor is not None else gettext("the site")

    @admin.display(description=_("facts"))
    def facts(self, action: ModerationAction) -> str:
        return action.summary()


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyForModeratorsAdmin):
    """The admin's own record of edits made in its change forms.

    Not listed in the admin's index beside the moderation log, which looked like the same page twice:
    the moderation log is the one log, and links here for the edits made in change forms (watched
    words), as each object's History page shows them too.
    """

    def has_module_permission(self, request):
        return False

    list_display = ("action_time", "user", "content_type", "object_repr", "message")
    list_filter = ("action_flag", "content_type", "action_time")
    search_fields = ("object_repr", "change_message", "user__email", "user__display_name")
    list_select_related = ("user", "content_type")
    date_hierarchy = "action_time"
    fields = ("action_time", "user", "content_type", "object_id", "object_repr", "action_flag", "message")
    readonly_fields = fields

    @admin.display(description=_("change message"))
    def message(self, entry: LogEntry) -> str:
        # The admin stores JSON; this turns it into a sentence.
        return entry.get_change_message()


def moderation_log_url(obj_type: ContentType, obj_id: int) -> str:
    """The moderation log, filtered to what was done to one object."""
    query = urlencode({"target_type": obj_type.pk, "target_id": obj_id})
    return f"{reverse('admin:posts_moderationaction_changelist')}?{query}"


class ModerationHistoryMixin(admin.ModelAdmin):
    """An object's History page lists the moderation actions taken on it, then the admin's own edits."""

    object_history_template = "admin/reconnect/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        context = dict(extra_context or {})
        try:
            pk = int(unquote(object_id))
        except ValueError:
            pk = None
        if pk is not None:
            obj_type = ContentType.objects.get_for_model(self.model, for_concrete_model=False)
            context["moderation_actions"] = (
                ModerationAction.objects.filter(target_type=obj_type, target_id=pk)
                .select_related("actor")
                .order_by("-created_at", "-pk")[:HISTORY_ACTIONS_SHOWN]
            )
            context["moderation_log_url"] = moderation_log_url(obj_type, pk)
        return super().history_view(request, object_id, extra_context=context)
