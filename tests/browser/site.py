"""The site the browser suite drives: gunicorn on a free loopback port, on a SQLite database of its own with the
demo content (`seed_demo`) and what the journeys need on top (tests/browser/seed.py), static files collected as
in production, emails written to files.

Used by tests/browser/conftest.py and tests/browser/screenshots.py (`make screenshots`).
"""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.platform import servers

PROJECT_ROOT = servers.PROJECT_ROOT


class Site:
    def __init__(self, directory: Path):
        self.directory = directory
        self.emails = directory / "emails"
        self.process: subprocess.Popen | None = None
        self.url = ""
        self.seed: dict = {}

    def env(self, **overrides: str) -> dict[str, str]:
        return servers.server_env(
            DATABASE_URL=f"sqlite:///{self.directory / 'site.sqlite3'}",
            DJANGO_MEDIA_ROOT=str(self.directory / "media"),
            DJANGO_STATIC_ROOT=str(self.directory / "static"),
            # As in production: hashed, compressed static files served by WhiteNoise.
            DJANGO_PLAIN_STATIC="0",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=str(self.emails),
            # The seeded moderator has no authenticator app (two-factor: tests/moderation/test_moderator_mfa.py).
            DJANGO_MODERATOR_MFA="0",
            RECONNECT_SITE_URL=self.url or "http://127.0.0.1",
            **overrides,
        )

    def start(self) -> "Site":
        self.emails.mkdir(parents=True, exist_ok=True)
        port = servers.free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = self.env()
        self._run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        self._run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        self._run([sys.executable, "manage.py", "seed_demo"], env)
        self.seed = json.loads(self._run([sys.executable, str(Path(__file__).with_name("seed.py"))], env))
        self.process = servers.gunicorn(
            port=port,
            # One process: the local-memory cache (rate limits, kept pages) is then the whole site's.
            env={**env, "GUNICORN_MAX_REQUESTS": "0", "GUNICORN_ACCESS_LOG": ""},
            log=self.directory / "gunicorn.log",
            workers=1,
            threads=4,
        )
        return self

    def _run(self, args: list[str], env: dict[str, str]) -> str:
        result = subprocess.run(  # noqa: S603 - our own interpreter and scripts
            args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False, timeout=600
        )
        if result.returncode:
            raise RuntimeError(f"{' '.join(args[:3])} failed: {result.stderr[-3000:]}")
        return result.stdout

    def emails_to(self, address: str) -> list[str]:
        """The emails sent to `address`, oldest first, as the file backend wrote them."""
        found = []
        for path in sorted(self.emails.glob("*.log"), key=lambda p: p.stat().st_mtime):
            for message in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
                if re.search(rf"^To: .*{re.escape(address)}", message, re.MULTILINE | re.IGNORECASE):
                    found.append(message)
        return found

    def link_in_email(self, address: str, pattern: str, *, timeout: float = 15) -> str:
        """The first link matching `pattern` in the newest email to `address` that has one."""
        deadline = time.monotonic() + timeout
        while True:
            for message in reversed(self.emails_to(address)):
                if match := re.search(rf"https?://\S*{pattern}\S*", message):
                    return match.group(0).rstrip(".,)>")
            if time.monotonic() > deadline:
                raise AssertionError(f"no email to {address} with a link like {pattern!r}")
            time.sleep(0.2)

    def log_tail(self) -> str:
        path = self.directory / "gunicorn.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None:
            servers.stop(self.process)
