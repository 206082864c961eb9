"""gunicorn's settings, read from the environment (docs/deploy.md lists them).

Start the web process with `gunicorn --config gunicorn.conf.py reconnect.wsgi`.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


# A platform that hands the process a port (PORT) gets every interface; otherwise loopback, behind a proxy.
bind = [
    address.strip()
    for address in os.environ.get(
        "GUNICORN_BIND", f"0.0.0.0:{os.environ['PORT']}" if os.environ.get("PORT") else "127.0.0.1:8000"
    ).split(",")
    if address.strip()
]
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# More than one thread makes gunicorn use its gthread worker: a slow upload no longer holds a whole process.
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then, staggered, so a slow leak never takes every process at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)
# Addresses allowed to set X-Forwarded-* for gunicorn itself; Django's own rule is DJANGO_TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "reconnect"
