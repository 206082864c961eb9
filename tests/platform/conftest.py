import os
import uuid

import pytest
from django.test import override_settings

from reconnect.settings import redis_caches

REDIS_TEST_URL = os.environ.get("RECONNECT_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def redis_client_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(
            f"Redis is not reachable at {REDIS_TEST_URL} ({error}); start it (docs/deploy.md) "
            "or point RECONNECT_TEST_REDIS_URL at one"
        )
    return client


@pytest.fixture
def on_redis():
    """Settings as REDIS_URL gives them: the cache and sessions in Redis, under a key prefix of this test's own.

    Other people's keys in the same Redis database are left alone: nothing here flushes it.
    """
    client = redis_client_or_skip()
    prefix = f"reconnect-test-{uuid.uuid4().hex[:12]}"
    with override_settings(
        CACHES=redis_caches(REDIS_TEST_URL, key_prefix=prefix),
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
    ):
        yield RedisKeys(client, prefix)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


class RedisKeys:
    """What this test's cache holds in Redis, read with a client of its own, as another process would."""

    def __init__(self, client, prefix: str):
        self.client, self.prefix = client, prefix

    def names(self, pattern: str = "*") -> list[str]:
        return sorted(key.decode() for key in self.client.scan_iter(match=f"{self.prefix}:1:{pattern}"))

    def get(self, name: str) -> bytes | None:
        return self.client.get(f"{self.prefix}:1:{name}")

    def delete_all(self) -> None:
        for key in self.client.scan_iter(match=f"{self.prefix}:*"):
            self.client.delete(key)
