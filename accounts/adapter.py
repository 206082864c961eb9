from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts import lockout
from reconnect.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in, so emails reach them in it.
        user.interface_language = translation.get_language() or ""
        # The name others see, asked at sign-up so nobody shows as "Member 16" (accounts.forms.SignupForm).
        user.display_name = form.cleaned_data.get("display_name", "") or user.display_name
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request):
        # allauth's limits count against the same address as Reconnect's (one rule, reconnect/clientip.py).
        return client_ip(request) or super().get_client_ip(request)

    def pre_authenticate(self, request, **credentials):
        """Refuse a password log-in over allauth's limit; if the account is locked, say so and tell its owner."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            if not lockout.is_locked(request, key=key):
                raise  # The address is over its limit, not the account.
            lockout.tell_owner_once(email=credentials.get("email", ""), key=key)
            raise ValidationError(lockout.LOCKED_MESSAGE, code="account_locked") from None
