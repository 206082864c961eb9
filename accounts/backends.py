"""Log-in refuses suspended members; their open sessions are ended when the suspension starts."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


class RefuseSuspendedMixin:
    def authenticate(self, request, *args, **kwargs):
        user = super().authenticate(request, *args, **kwargs)
        if user is not None and user.is_suspended:
            return None
        return user


class ModelBackend(RefuseSuspendedMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(RefuseSuspendedMixin, AllauthBackend):
    pass
