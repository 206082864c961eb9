"""Production settings, security headers and CSRF."""

import os
import secrets
import subprocess
import sys
from http import HTTPStatus

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from posts.models import Comment, Moderation

PROJECT_ROOT = settings.BASE_DIR


def production_env(**overrides: str) -> dict[str, str]:
    """The test run's environment without any DJANGO_* variable, then `overrides`."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "reconnect.settings"
    env.update(overrides)
    return env


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_deploy_check_passes_with_production_settings():
    env = production_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="example.org",
        REDIS_URL="redis://127.0.0.1:6379/5",
    )
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_that_rate_limits_count_per_process_without_redis():
    env = production_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="x.org")
    env.pop("REDIS_URL", None)
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "reconnect.W001" in result.stderr + result.stdout
    assert "REDIS_URL" in result.stderr + result.stdout


@pytest.mark.parametrize(("count", "warned"), [("0", True), ("1", False)])
def test_deploy_check_warns_behind_a_proxy_without_a_trusted_proxy_count(count, warned):
    env = production_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="x.org",
        REDIS_URL="redis://127.0.0.1:6379/5",
        DJANGO_BEHIND_PROXY="1",
        DJANGO_TRUSTED_PROXY_COUNT=count,
    )
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert ("reconnect.W002" in result.stderr + result.stdout) is warned
    assert (result.returncode != 0) is warned


def test_deploy_check_fails_on_the_development_key():
    """The check itself is live: it catches the insecure key the debug settings fall back to."""
    env = production_env(DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS="example.org")
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


@pytest.mark.parametrize("secret_key", [None, ""])
def test_site_is_not_served_without_a_secret_key_when_debug_is_off(secret_key):
    env = production_env(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    for server in ("reconnect.wsgi", "reconnect.asgi"):
        result = run_python("-c", f"import {server}", env=env)
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "DJANGO_SECRET_KEY" in result.stderr


def test_management_commands_work_without_a_secret_key_but_the_deploy_check_fails():
    env = production_env(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")
    assert run_python("manage.py", "check", env=env).returncode == 0
    deploy = run_python("manage.py", "check", "--deploy", env=env)
    assert deploy.returncode != 0
    assert "reconnect.E001" in deploy.stderr + deploy.stdout


def test_site_is_served_with_a_secret_key():
    env = production_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="x.org")
    result = run_python("-c", "import reconnect.wsgi", env=env)
    assert result.returncode == 0, result.stderr


def test_settings_load_without_a_secret_key_for_local_development():
    result = run_python(
        "-c",
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        env=production_env(DJANGO_DEBUG="1"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_debug_is_off_unless_asked_for():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = run_python("-c", code, env=production_env(DJANGO_SECRET_KEY=secrets.token_urlsafe(64)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# Headers --------------------------------------------------------------------------


@pytest.mark.parametrize("url", [reverse("home"), reverse("posts:list"), reverse("account_login")])
def test_pages_carry_the_security_headers(client, db, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    policy = dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"].split()[0] == "'self'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_detail_page_carries_the_security_headers(client, post):
    response = client.get(post.get_absolute_url())
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_script_src_allows_the_nonce_a_page_uses():
    """django-csp writes the nonce into the header only on pages that use it, so use it here."""

    def page_with_inline_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

    request = RequestFactory().get("/")
    response = CSPMiddleware(page_with_inline_script)(request)
    nonce = str(request.csp_nonce)
    script_src = next(
        directive for directive in response["Content-Security-Policy"].split(";") if "script-src" in directive
    )
    assert script_src.split() == ["script-src", "'self'", f"'nonce-{nonce}'"]
    assert len(nonce) >= 16


def test_session_cookie_is_secure_and_http_only(member):
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "correct horse battery staple"}
    )
    assert response.status_code == HTTPStatus.FOUND
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


# CSRF -------------------------------------------------------------------------------


def test_comment_without_a_csrf_token_is_refused_and_nothing_saved(post, stranger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(stranger)

    response = client.post(reverse("posts:comment_create", args=[post.pk]), {"body": "Forged lead"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.count() == 0


def test_comment_with_the_csrf_token_from_the_page_is_accepted(post, stranger):
    """The same request succeeds with the page's token, so the refusal above is the CSRF check."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(stranger)
    page = client.get(post.get_absolute_url())
    token = page.context["csrf_token"]

    response = client.post(
        reverse("posts:comment_create", args=[post.pk]), {"body": "A real lead", "csrfmiddlewaretoken": str(token)}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.get().body == "A real lead"


def test_admin_action_without_a_csrf_token_is_refused(moderator, post):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(
        reverse("admin:posts_post_changelist"),
        {"action": "hide", "_selected_action": [post.pk], "apply": "1", "reason": "Forged"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    post.refresh_from_db()
    assert post.moderation == Moderation.PUBLISHED


@pytest.mark.parametrize(
    ("overrides", "max_age"),
    [
        ({"DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "DJANGO_DEBUG": "0"}, "60"),
        ({"DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "DJANGO_DEBUG": "1"}, "0"),
        ({"DATABASE_URL": "postgres://u@127.0.0.1:5432/x", "DATABASE_CONN_MAX_AGE": "5"}, "5"),
        ({"DATABASE_URL": "sqlite:///x.sqlite3", "DJANGO_DEBUG": "0"}, "0"),
    ],
)
def test_production_keeps_postgresql_connections_open_and_checks_them(overrides, max_age):
    env = {name: value for name, value in production_env().items() if not name.startswith("DATABASE_")}
    env.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), **overrides)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )
    result = run_python("-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [max_age, "True"]
