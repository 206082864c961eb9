"""What a newcomer runs first: `make run` on the port they choose, and documentation that stays inside the
repository."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make_run_commands(*args: str) -> str:
    """What `make run` would do, without doing it (`make -n`)."""
    make = shutil.which("make") or "make"
    done = subprocess.run([make, "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, check=True)  # noqa: S603
    return done.stdout


def test_make_run_serves_prints_and_links_the_port_given():
    commands = make_run_commands("PORT=8123")

    assert "runserver 127.0.0.1:8123" in commands
    assert "http://127.0.0.1:8123/admin/" in commands
    # The emails' links come from RECONNECT_SITE_URL, so it follows the port too.
    assert re.search(r"RECONNECT_SITE_URL=http://127\.0\.0\.1:8123 \S+ manage\.py runserver", commands)
    assert ":8000" not in commands


def test_make_run_defaults_to_port_8000():
    commands = make_run_commands()

    assert "runserver 127.0.0.1:8000" in commands
    assert "RECONNECT_SITE_URL=http://127.0.0.1:8000" in commands


def documentation() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", documentation(), ids=lambda page: page.name)
def test_documentation_links_stay_inside_the_repository(page):
    text = page.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)", text) + re.findall(r"`(\.\./[^`]+)`", text)

    for target in targets:
        if re.match(r"[a-z]+:", target):
            continue  # An address on the web.
        resolved = (page.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), f"{page.name} points outside the repository: {target}"
        assert resolved.exists(), f"{page.name} points to a file that does not exist: {target}"
