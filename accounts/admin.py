from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from accounts.models import Sanction, SanctionKind, User
from posts import services
from posts.admin import ModerationAdminMixin, ReasonForm
from posts.models import is_moderator


class SanctionForm(ReasonForm):
    days = forms.TypedChoiceField(
        label=_("For how long"),
        coerce=int,
        choices=[(days, _("%(days)d days") % {"days": days}) for days in services.SANCTION_DAYS],
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


@admin.register(User)
class UserAdmin(ModerationAdminMixin, DjangoUserAdmin):
    ordering = ("-date_joined",)
    list_display = ("email", "display_name", "country", "is_active", "is_staff", "banned_at", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups", "country")
    search_fields = ("email", "display_name")
    readonly_fields = ("banned_at", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "country", "languages", "bio", "interface_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "banned_at", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ("ban", "unban", "silence", "suspend")
    inlines = (SanctionInline,)

    def _sanction(self, request, queryset, kind: str, title: str):
        if "apply" in request.POST:
            form = SanctionForm(request.POST)
            if form.is_valid():
                return self.apply_each(
                    request,
                    queryset,
                    lambda user: services.sanction_user(
                        user=user,
                        by=request.user,
                        kind=kind,
                        days=form.cleaned_data["days"],
                        reason=form.cleaned_data["reason"],
                    ),
                    _("Applied to %(count)d members."),
                )
        else:
            form = SanctionForm()
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
            apply=lambda user, reason: services.ban_user(user=user, by=request.user, reason=reason),
            done=_("Banned %(count)d users."),
        )

    @admin.action(description=_("Lift the ban and restore what it hid"), permissions=("moderate",))
    def unban(self, request, queryset):
        return self.apply_each(
            request,
            queryset.filter(banned_at__isnull=False),
            lambda user: services.unban_user(user=user, by=request.user),
            _("Lifted the ban on %(count)d users."),
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
            lambda sanction: services.lift_sanction(sanction=sanction, by=request.user),
            _("Lifted %(count)d sanctions."),
        )
