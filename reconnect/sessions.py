"""Sessions read from Redis and written through to the database (Django's cached_db), with each process
keeping its own copies of the sessions it read, dropped the moment Redis says one changed or went.

A member's every request reads their session; this saves that round trip when nothing wrote to it since
(reconnect.cache.TrackedKeys: Redis pushes an invalidation when any process writes or deletes the key, or it
expires). On any other cache, this is Django's cached_db store unchanged.
"""

import copy

from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore


class SessionStore(CachedDBStore):
    def load(self):
        tracked = getattr(self._cache, "tracked", None)
        if tracked is None or self.session_key is None:
            return super().load()
        copies = tracked(KEY_PREFIX)
        key = self._cache.make_key(self.cache_key)
        found = copies.get_many([key])
        if key in found:
            return copy.deepcopy(found[key])
        data = super().load()  # from Redis, or from the database and then into Redis
        if data:
            copies.put({key: copy.deepcopy(data)})
        return data
