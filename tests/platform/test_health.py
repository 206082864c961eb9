"""Health checks for load balancers, and gunicorn serving the site from its environment-driven config."""

import runpy
import urllib.request
from http import HTTPStatus
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from tests.platform import servers

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_the_database(django_assert_num_queries, settings):
    # Probed over plain HTTP and by address: neither the HTTPS redirect nor the host check may refuse it.
    settings.SECURE_SSL_REDIRECT = True
    with django_assert_num_queries(0):
        response = Client().get("/healthz", HTTP_HOST="10.1.2.3")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_while_the_database_is_down():
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError):
        response = Client().get("/healthz")
    assert response.status_code == HTTPStatus.OK


def test_readyz_checks_the_database_and_the_cache(settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/readyz", HTTP_HOST="10.1.2.3")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok\n"


def test_readyz_is_503_naming_the_database_when_it_is_down():
    with mock.patch("reconnect.health._database", side_effect=OperationalError("connection refused")):
        response = Client().get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.content == b"failed: database\n"


def test_readyz_is_503_naming_the_cache_when_it_is_down():
    with mock.patch("django.core.cache.cache.set", side_effect=ConnectionError("redis is gone")):
        response = Client().get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.content == b"failed: cache\n"


def test_readyz_is_503_when_the_cache_loses_what_it_was_given():
    with mock.patch("django.core.cache.cache.get", return_value=None):
        response = Client().get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert b"cache" in response.content


def test_other_pages_still_check_the_host():
    response = Client().get("/", HTTP_HOST="evil.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_gunicorn_config_reads_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001,127.0.0.1:9002")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "45")
    config = runpy.run_path(str(servers.PROJECT_ROOT / "gunicorn.conf.py"))
    assert config["bind"] == ["127.0.0.1:9001", "127.0.0.1:9002"]
    assert (config["workers"], config["threads"], config["timeout"]) == (3, 8, 45)


def test_gunicorn_config_takes_a_platform_port(monkeypatch):
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    monkeypatch.setenv("PORT", "5000")
    assert runpy.run_path(str(servers.PROJECT_ROOT / "gunicorn.conf.py"))["bind"] == ["0.0.0.0:5000"]


def test_gunicorn_serves_the_site(tmp_path):
    port = servers.free_port()
    env = servers.server_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    process = servers.gunicorn(port=port, env=env, log=tmp_path / "gunicorn.log", workers=1, threads=2)
    try:
        for path in ("/healthz", "/readyz"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                assert (response.status, response.read()) == (HTTPStatus.OK, b"ok\n")
    finally:
        servers.stop(process)
    assert "Booting worker" in (tmp_path / "gunicorn.log").read_text()
