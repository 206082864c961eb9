"""The SQLite default under concurrent writers: `make run`'s server gives no "database is locked" 500."""

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from threading import Barrier

import pytest

from tests.platform import servers

pytestmark = pytest.mark.django_db

COMMENTERS = 50
CSRF = "k" * 32  # Django accepts the cookie's secret itself as the form's token.

SETUP = """
import json, django
django.setup()
from django.test import Client
from tests.factories import PostFactory, UserFactory
post = PostFactory()
cookies = []
for _ in range({count}):
    client = Client()
    client.force_login(UserFactory())
    cookies.append(client.cookies["sessionid"].value)
print(json.dumps({{"post": post.pk, "sessions": cookies}}))
"""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_form(url: str, session: str, data: dict[str, str]) -> int:
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode()
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - our own loopback server
    request.add_header("Cookie", f"sessionid={session}; csrftoken={CSRF}")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def run_python(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *code], cwd=servers.PROJECT_ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_concurrent_commenters_on_sqlite_get_no_500_and_nothing_is_lost(tmp_path):
    database = tmp_path / "db.sqlite3"
    # As `make run` serves it: debugging on, SQLite, Django's threaded development server.
    # Emails (each comment tells every earlier commenter) are dropped rather than printed.
    env = servers.server_env(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_DEBUG="1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    run_python(["manage.py", "migrate", "--noinput", "-v0"], env)
    setup = json.loads(run_python(["-c", SETUP.format(count=COMMENTERS)], env))
    port = servers.free_port()
    server = servers.start(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        log=tmp_path / "runserver.log",
    )
    try:
        servers.wait_for_http(f"http://127.0.0.1:{port}/healthz", process=server)
        base = f"http://127.0.0.1:{port}/requests/{setup['post']}"
        start_together = Barrier(COMMENTERS)

        def commenter(number: int) -> list[int]:
            session = setup["sessions"][number]
            start_together.wait()
            return [
                post_form(f"{base}/comments/", session, {"body": f"A lead from commenter {number}"}),
                post_form(f"{base}/follow/", session, {"follow": "1"}),
            ]

        with ThreadPoolExecutor(COMMENTERS) as pool:
            codes = [code for codes in pool.map(commenter, range(COMMENTERS)) for code in codes]
    finally:
        servers.stop(server)

    log = (tmp_path / "runserver.log").read_text()
    assert "database is locked" not in log
    assert codes == [HTTPStatus.FOUND] * (2 * COMMENTERS), log[-3000:]
    counts = run_python(
        [
            "-c",
            "import django; django.setup(); from posts.models import Comment, Follow; "
            f"print(Comment.objects.filter(post_id={setup['post']}).count(), "
            f"Follow.objects.filter(post_id={setup['post']}).count())",
        ],
        env,
    )
    # Every comment acknowledged is there, and every follow.
    assert counts.split() == [str(COMMENTERS), str(COMMENTERS)]


def test_the_sqlite_default_is_wal_with_a_busy_timeout_and_immediate_transactions(tmp_path):
    env = servers.server_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    code = (
        "import django; django.setup(); from django.db import connection; cursor = connection.cursor(); "
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], "
        "cursor.execute('PRAGMA busy_timeout').fetchone()[0], connection.transaction_mode)"
    )
    assert run_python(["-c", code], env).split() == ["wal", "20000", "IMMEDIATE"]
