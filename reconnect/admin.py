"""The admin site the moderators work in.

It mounts the moderators' own pages (the review queue, each member's record) from the URLconf that the
setting RECONNECT_ADMIN_URLS names, behind the admin's log-in, so that reconnect/ imports no domain and
nothing is mounted in front of the admin.

Its log-in is the site's log-in rule with the admin's form: limited per address here, per account by
allauth's adapter (the same count of failed passwords as the site's log-in), and finished by allauth, so
that an account with an authenticator app is asked for its code. With RECONNECT_MODERATOR_MFA a member
without one cannot use the admin at all: they are sent to set one up.
"""

import functools
from importlib import import_module

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import perform_password_login
from allauth.account.models import Login
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.shortcuts import redirect
from django.urls import URLPattern, include, path, reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from reconnect import ratelimit


def has_authenticator_app(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's log-in form, checking the password through allauth's adapter and its limits."""

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip()
        password = self.cleaned_data.get("password")
        if email and password:
            # Raises the lockout's ValidationError before a password is tried (accounts/adapter.py).
            self.user_cache = get_adapter(self.request).authenticate(self.request, email=email, password=password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    @property
    def locked(self) -> bool:
        return self.is_bound and self.has_error(NON_FIELD_ERRORS, code="account_locked")


class AdminLoginView(LoginView):
    def get_default_redirect_url(self):
        return reverse("admin:index")

    def form_valid(self, form):
        # Finished as allauth finishes its own password log-in: the password is recorded in the session as a
        # way this member authenticated, then the login stages ask an account with an app for its code.
        email = form.cleaned_data["username"].strip()
        login = Login(user=form.get_user(), email=email, redirect_url=self.get_success_url())
        return perform_password_login(self.request, {"email": email}, login)


class ReconnectAdminSite(admin.AdminSite):
    site_header = _("Reconnect moderation")
    site_title = _("Reconnect moderation")
    index_title = _("Moderation")
    login_form = AdminLoginForm

    def get_urls(self):
        # First: the admin's own patterns end in a catch-all that would answer for these paths.
        return [*self.mounted_urls(), *super().get_urls()]

    def mounted_urls(self) -> list:
        """The pages of RECONNECT_ADMIN_URLS, each behind `admin_view`, in that URLconf's own namespace."""
        dotted = getattr(settings, "RECONNECT_ADMIN_URLS", "")
        if not dotted:
            return []
        urlconf = import_module(dotted)
        patterns = []
        for pattern in urlconf.urlpatterns:
            if not isinstance(pattern, URLPattern):
                raise ImproperlyConfigured(f"{dotted} may list only path()s to views, not include()s.")
            view = self.admin_view(pattern.callback)
            patterns.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
        return [path("", include((patterns, urlconf.app_name)))]

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)

        @functools.wraps(protected)
        def inner(request, *args, **kwargs):
            if self.needs_authenticator_app(request):
                messages.warning(
                    request,
                    _(
                        "Moderators must use two-factor log-in. Set up an authenticator app on your phone, "
                        "then the moderation pages open."
                    ),
                )
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return protected(request, *args, **kwargs)

        return inner

    def needs_authenticator_app(self, request) -> bool:
        """A member who may use the admin but has no authenticator app, while moderators must have one."""
        return bool(
            getattr(settings, "RECONNECT_MODERATOR_MFA", False)
            and self.has_permission(request)
            and not has_authenticator_app(request.user)
        )

    @method_decorator(ratelimit.limited("admin_login"))
    def login(self, request, extra_context=None):
        if request.method == "GET" and self.has_permission(request):
            return redirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        view = AdminLoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form,
            template_name=self.login_template or "admin/login.html",
        )
        return view(request)
