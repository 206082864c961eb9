"""Start and stop the real servers some tests talk to: gunicorn, db_worker, SeaweedFS."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

PROJECT_ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reachable(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for_http(url: str, *, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Wait until `url` answers at all (any status), or fail with what the process printed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout} s")


def server_env(**overrides: str) -> dict[str, str]:
    """The test run's environment, without the variables that would point a server at this run's settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="reconnect.settings",
        DJANGO_SECRET_KEY="test-only-secret-key-for-servers-started-by-tests",
        DJANGO_DEBUG="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_PLAIN_STATIC="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        RECONNECT_MIN_FILL_SECONDS="0",
    )
    env.update(overrides)
    return env


def start(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    handle = log.open("wb")
    return subprocess.Popen(  # noqa: S603 - our own commands
        args, cwd=PROJECT_ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen, *, grace: float = 10) -> None:
    """Stop the process and everything it started (gunicorn's workers)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)
    except ProcessLookupError:
        pass


def gunicorn(*, port: int, env: dict[str, str], log: Path, workers: int = 2, threads: int = 4) -> subprocess.Popen:
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    process = start(
        [sys.executable, "-m", "gunicorn", "--config", str(PROJECT_ROOT / "gunicorn.conf.py"), "reconnect.wsgi"],
        env=env,
        log=log,
    )
    wait_for_http(f"http://127.0.0.1:{port}/healthz", process=process)
    return process


def weed_command() -> str | None:
    """SeaweedFS's `weed`, from this interpreter's environment or the PATH."""
    beside = Path(sys.executable).with_name("weed")
    return str(beside) if beside.exists() else shutil.which("weed")
