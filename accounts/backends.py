"""Log-in refuses suspended members; their open sessions are ended when the suspension starts.

A logged-in member's row is read on every request: it is kept in the cache under their version
(accounts.roles.member_version, bumped by every save of the row and by the updates that go round it), so that
a member's page does not ask the database for it each time.
"""

import pickle

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from accounts.roles import member_version
from reconnect import pagecache

USER_PREFIX = "member:user:"


class RefuseSuspendedMixin:
    def authenticate(self, request, *args, **kwargs):
        user = super().authenticate(request, *args, **kwargs)
        if user is not None and user.is_suspended:
            return None
        return user


class KeptUserMixin:
    def get_user(self, user_id):
        if not pagecache.seconds():
            return super().get_user(user_id)
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return super().get_user(user_id)
        key = USER_PREFIX + pagecache.digest([*pagecache.versions([member_version(pk)]), str(pk)])
        row = pagecache.kept(key)
        if row is None:
            user = get_user_model()._default_manager.filter(pk=pk).first()
            if user is None:
                return None
            pagecache.keep(key, pickle.dumps(user), pagecache.VERSION_SECONDS)
        else:
            user = pickle.loads(row)  # noqa: S301 - our own pickle, as the cache's own values are
        return user if self.user_can_authenticate(user) else None


class ModelBackend(KeptUserMixin, RefuseSuspendedMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(KeptUserMixin, RefuseSuspendedMixin, AllauthBackend):
    pass
