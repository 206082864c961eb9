from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from posts import services
from posts.admin import ModerationAdminMixin


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
    actions = ("ban", "unban")

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
