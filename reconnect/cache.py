"""Django's Redis cache, with one Redis client per connection pool instead of one per cache call.

Django's RedisCacheClient.get_client builds a new `redis.Redis` for every get, set and get_many, and each
build fills a table of about 170 response callbacks: about a third of a millisecond of CPU per call, more than
the round trip itself on loopback. A client is safe to share between threads (its pool hands out
connections), so each pool gets one and keeps it.
"""

import os
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}
        self._clients_lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with self._clients_lock:
                client = self._clients.get(index)
                if client is None:
                    if index not in self._pools:  # As RedisCacheClient._get_connection_pool, for this index.
                        self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
                    client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self._tracked: dict[str, TrackedKeys] = {}

    def tracked(self, prefix: str) -> "TrackedKeys":
        """This process's copies of the keys under `prefix` (a key as callers name it, before make_key)."""
        full = self.make_key(prefix)
        if full not in self._tracked:
            self._tracked[full] = TrackedKeys(self, full)
        return self._tracked[full]


class TrackedKeys:
    """This process's copies of some keys' values, dropped the moment Redis says a key changed.

    A connection of its own asks Redis to track every key under one prefix (CLIENT TRACKING ON BCAST PREFIX,
    RESP3): Redis then pushes an invalidation to it whenever any client writes such a key, and does so before
    it answers the writer. Before each use the copies are checked against what has arrived (a non-blocking
    read, some microseconds), so a write anywhere, once its writer has heard back, is seen here at once. If
    the connection fails, or cannot be made, nothing is copied until it is made again.
    For the page versions (reconnect/pagecache.py): read on every page, changed rarely.
    """

    RETRY_SECONDS = 5.0

    def __init__(self, backend: RedisCache, prefix: str) -> None:
        self.backend, self.prefix = backend, prefix
        self.values: dict[str, object] = {}
        self.lock = threading.Lock()
        self.connection = None
        self.pid = 0
        self.retry_at = 0.0

    def _connect(self):
        if self.connection is not None and self.pid == os.getpid():
            return self.connection
        self.values.clear()
        self.connection = None
        if time.monotonic() < self.retry_at:
            return None
        try:
            import redis

            server = self.backend._servers[0]
            pool = redis.ConnectionPool.from_url(server, protocol=3, socket_connect_timeout=2, socket_timeout=2)
            connection = pool.make_connection()
            connection.connect()
            connection._parser.set_invalidation_push_handler(self._invalidated)
            connection.send_command("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", self.prefix)
            if connection.read_response() not in (b"OK", "OK"):
                raise redis.exceptions.ConnectionError("CLIENT TRACKING was refused")
        except Exception:  # No copies then; the cache itself still answers.
            self.retry_at = time.monotonic() + self.RETRY_SECONDS
            return None
        self.connection, self.pid = connection, os.getpid()
        return connection

    def _invalidated(self, message) -> None:
        keys = message[1] if len(message) > 1 else None
        if keys is None:  # FLUSHDB, FLUSHALL, or keys evicted in bulk
            self.values.clear()
            return
        for key in keys:
            self.values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def fresh(self) -> bool:
        """Apply what Redis has pushed; whether the copies may be used."""
        connection = self._connect()
        if connection is None:
            return False
        try:
            while connection.can_read(0):
                connection.read_response(push_request=True, timeout=0)
        except Exception:  # Start again from nothing.
            self.values.clear()
            self.connection = None
            self.retry_at = time.monotonic() + self.RETRY_SECONDS
            return False
        return True

    def get_many(self, keys: list[str]) -> dict[str, object]:
        """The copies held of these keys (full cache keys, as `backend.make_key` makes them)."""
        with self.lock:
            if not self.fresh():
                return {}
            return {key: self.values[key] for key in keys if key in self.values}

    def put(self, found: dict[str, object]) -> None:
        """Copy values just read from Redis (read after the last `fresh`, so any later write still drops them)."""
        with self.lock:
            if self.connection is not None:
                self.values.update(found)

    def drop(self, keys) -> None:
        with self.lock:
            for key in keys:
                self.values.pop(key, None)
