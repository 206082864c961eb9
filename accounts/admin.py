from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ContactMessage, FailedEmail, Sanction, SanctionKind, StaffNote, User
from accounts.roles import is_moderator
from posts.admin import ModerationAdminMixin, ModeratorReadOnlyMixin, ReasonForm
from posts.moderation import actions, policy, trust


def _days(days: int) -> str:
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


# Translated when shown, in the reader's language, not once when this module is imported.
_days_label = lazy(_days, str)


class SanctionForm(ReasonForm):
    days = forms.TypedChoiceField(
        label=_("For how long"),
        coerce=int,
        choices=[(days, _days_label(days)) for days in policy.SANCTION_DAYS],
    )


class SanctionInline(admin.TabularInline):
    model = Sanction
    fk_name = "user"
    extra = 0
    fields = ("kind", "reason", "starts_at", "ends_at", "created_by", "lifted_at", "lifted_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)


class UserAdminForm(DjangoUserAdmin.form):
    """The change form, with the reason a moderator gives when they set a member's trust level."""

    trust_reason = forms.CharField(
        label=_("Reason for changing the trust level"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you change the level; it goes into the moderation log."),
    )

    def clean(self):
        cleaned = super().clean()
        if "trust_level" in self.changed_data and not (cleaned.get("trust_reason") or "").strip():
            self.add_error("trust_reason", _("Give a reason for the new trust level; it goes into the moderation log."))
        return cleaned


@admin.register(User)
class UserAdmin(ModerationAdminMixin, DjangoUserAdmin):
    form = UserAdminForm
    ordering = ("-date_joined",)
    list_display = (
        "email",
        "display_name",
        "country",
        "trust_status",
        "is_active",
        "is_staff",
        "banned_at",
        "date_joined",
    )
    list_filter = ("is_active", "is_staff", "is_superuser", "trust_level", "groups", "country")
    search_fields = ("email", "display_name")
    readonly_fields = ("banned_at", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "country", "languages", "bio", "interface_language")}),
        (_("Trust"), {"fields": ("earned_trust", "trust_level", "trust_reason")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "banned_at", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ("ban", "unban", "silence", "suspend")
    inlines = (SanctionInline,)

    # Trust levels (accounts/trust.py) ------------------------------------------------------------

    def get_queryset(self, request):
        return trust.with_standing(super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        # Moderators may set a member's trust level, and nothing else on the account (get_readonly_fields).
        return super().has_change_permission(request, obj) or is_moderator(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not is_moderator(request.user):
            # Only moderators set levels, so only they give a reason for one.
            fieldsets = tuple(
                (name, {**options, "fields": tuple(f for f in options["fields"] if f != "trust_reason")})
                for name, options in fieldsets
            )
        if obj is not None and not request.user.has_perm("accounts.change_user"):
            # Not even the password hash, for those who may not change the account.
            fieldsets = tuple(
                (name, {**options, "fields": tuple(f for f in options["fields"] if f != "password")})
                for name, options in fieldsets
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = (*super().get_readonly_fields(request, obj), "earned_trust")
        if not is_moderator(request.user):
            readonly = (*readonly, "trust_level")
        if obj is not None and not request.user.has_perm("accounts.change_user"):
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
            editable = ("trust_level", "trust_reason")
            readonly = (*readonly, *(f for f in fields if f not in editable and f not in readonly))
        return readonly

    def user_change_password(self, request, id, form_url=""):
        if not request.user.has_perm("accounts.change_user"):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        level_changed = change and "trust_level" in form.changed_data
        if level_changed:
            level, obj.trust_level = obj.trust_level, form.initial.get("trust_level", "")
        if not change or request.user.has_perm("accounts.change_user"):
            super().save_model(request, obj, form, change)
        if level_changed:
            # Checks the moderator again, and writes old and new level to the moderation log.
            trust.set_level(user=obj, by=request.user, level=level, reason=form.cleaned_data.get("trust_reason", ""))
            obj.trust_level_logged = set(form.changed_data) <= {"trust_level", "trust_reason"}

    def log_change(self, request, obj, message):
        if getattr(obj, "trust_level_logged", False):
            return None  # set_level wrote the entry, with old and new level
        return super().log_change(request, obj, message)

    @admin.display(description=_("trust level"))
    def trust_status(self, user: User) -> str:
        if user.trust_level:
            return _("%(level)s (set by a moderator)") % {"level": user.get_trust_level_display()}
        return trust.earned_level(user).label

    @admin.display(description=_("earned trust level"))
    def earned_trust(self, user: User) -> str:
        facts = trust.standing(user)
        return _(
            "%(level)s — verified email: %(verified)s; joined %(days)d days ago; published: %(requests)d "
            "requests, %(comments)d comments; ever sanctioned: %(sanctioned)s"
        ) % {
            "level": trust.earned_level(user).label,
            "verified": _("yes") if facts.verified_email else _("no"),
            "days": (timezone.now() - facts.date_joined).days,
            "requests": facts.published_requests,
            "comments": facts.published_comments,
            "sanctioned": _("yes") if facts.sanctioned else _("no"),
        }

    def _sanction(self, request, queryset, kind: str, title: str):
        if "apply" in request.POST:
            form = SanctionForm(request.POST)
            if form.is_valid():
                return self.apply_each(
                    request,
                    queryset,
                    lambda user: actions.sanction_user(
                        user=user,
                        by=request.user,
                        kind=kind,
                        days=form.cleaned_data["days"],
                        reason=form.cleaned_data["reason"],
                    ),
                    lambda n: ngettext("Applied to %(count)d member.", "Applied to %(count)d members.", n),
                )
        else:
            form = SanctionForm()
        return self.reason_page(request, queryset, title, form)

    @admin.action(
        description=_("Silence selected members: they can read, not write (asks for days and a reason)"),
        permissions=("moderate",),
    )
    def silence(self, request, queryset):
        return self._sanction(request, queryset, SanctionKind.SILENCE, _("Silence members"))

    @admin.action(
        description=_("Suspend selected members: they cannot log in (asks for days and a reason)"),
        permissions=("moderate",),
    )
    def suspend(self, request, queryset):
        return self._sanction(request, queryset, SanctionKind.SUSPEND, _("Suspend members"))

    @admin.action(
        description=_("Ban selected users and hide what they posted (asks for a reason)"), permissions=("moderate",)
    )
    def ban(self, request, queryset):
        return self.run_with_reason(
            request,
            queryset.filter(is_active=True),
            title=_("Ban users"),
            apply=lambda user, reason: actions.ban_user(user=user, by=request.user, reason=reason),
            done=lambda n: ngettext("Banned %(count)d user.", "Banned %(count)d users.", n),
        )

    @admin.action(description=_("Lift the ban and restore what it hid"), permissions=("moderate",))
    def unban(self, request, queryset):
        return self.apply_each(
            request,
            queryset.filter(banned_at__isnull=False),
            lambda user: actions.unban_user(user=user, by=request.user),
            lambda n: ngettext("Lifted the ban on %(count)d user.", "Lifted the ban on %(count)d users.", n),
        )


@admin.register(Sanction)
class SanctionAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ("user", "kind", "starts_at", "ends_at", "created_by", "lifted_at")
    list_filter = ("kind", "starts_at")
    search_fields = ("user__email", "user__display_name", "reason")
    list_select_related = ("user", "created_by")
    readonly_fields = ("user", "kind", "reason", "starts_at", "ends_at", "created_by", "lifted_at", "lifted_by")
    actions = ("lift",)

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Lift selected sanctions"), permissions=("moderate",))
    def lift(self, request, queryset):
        return self.apply_each(
            request,
            queryset.filter(lifted_at__isnull=True),
            lambda sanction: actions.lift_sanction(sanction=sanction, by=request.user),
            lambda n: ngettext("Lifted %(count)d sanction.", "Lifted %(count)d sanctions.", n),
        )


@admin.register(StaffNote)
class StaffNoteAdmin(admin.ModelAdmin):
    """Moderators read and add notes; a note is a record, so only a superuser may change or delete one."""

    list_display = ("user", "excerpt", "author", "created_at")
    list_filter = ("created_at",)
    search_fields = ("user__email", "user__display_name", "body")
    list_select_related = ("user", "author")
    raw_id_fields = ("user",)
    fields = ("user", "body", "author", "created_at")
    readonly_fields = ("author", "created_at")
    date_hierarchy = "created_at"

    @admin.display(description=_("note"))
    def excerpt(self, note: StaffNote) -> str:
        return Truncator(note.body).chars(80)

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_add_permission(self, request):
        return is_moderator(request.user)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(FailedEmail)
class FailedEmailAdmin(ModeratorReadOnlyMixin, admin.ModelAdmin):
    """Emails that could not be sent (logged at ERROR too): moderators read them; nobody edits them; a superuser
    may delete one."""

    list_display = ("failed_at", "user", "kind", "excerpt")
    list_filter = ("kind", "failed_at")
    search_fields = ("user__email", "user__display_name", "kind")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    fields = ("user", "kind", "error", "failed_at")
    readonly_fields = fields
    date_hierarchy = "failed_at"

    @admin.display(description=_("error"))
    def excerpt(self, failure: FailedEmail) -> str:
        return Truncator(failure.error).chars(100)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """What people wrote on the Contact page: moderators read it, answer by email and mark it handled."""

    list_display = ("created_at", "topic", "email", "user", "excerpt", "handled_at")
    list_filter = (("handled_at", admin.EmptyFieldListFilter), "topic", "created_at")
    search_fields = ("email", "name", "body", "user__email", "user__display_name")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    fields = ("topic", "name", "email", "user", "language", "body", "created_at", "handled_at", "handled_by")
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = ("mark_handled",)

    @admin.display(description=_("message"))
    def excerpt(self, message: ContactMessage) -> str:
        return Truncator(message.body).chars(100)

    @admin.action(description=_("Mark as handled"))
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now(), handled_by=request.user)
        self.message_user(
            request,
            ngettext("Marked %(count)d message as handled.", "Marked %(count)d messages as handled.", count)
            % {"count": count},
        )

    def has_view_permission(self, request, obj=None):
        return is_moderator(request.user)

    def has_change_permission(self, request, obj=None):
        # Only the action changes a message (nothing in it is edited): the action needs this permission.
        return is_moderator(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
