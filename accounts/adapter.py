from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from reconnect.clientip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Remember the language the person signed up in, so emails reach them in it.
        user.interface_language = translation.get_language() or ""
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request):
        # allauth's limits count against the same address as Reconnect's (one rule, reconnect/clientip.py).
        return client_ip(request) or super().get_client_ip(request)
