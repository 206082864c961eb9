"""`/healthz` and `/readyz` for load balancers, answered before anything else runs.

They sit in a middleware at the top of the stack rather than in the URLs: a
balancer probes over plain HTTP and by address, so neither the HTTPS redirect
nor the allowed-hosts check may stand in the way, and no session is read.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse

logger = logging.getLogger(__name__)

LIVE_PATH = "/healthz"
READY_PATH = "/readyz"


def alive() -> HttpResponse:
    """The process answers: nothing else is asked, so a slow database never takes the server out of rotation."""
    return _plain("ok")


def ready() -> HttpResponse:
    """The process can serve pages: the database and the cache both answer; 503 naming what failed."""
    failed = [name for name, check in (("database", _database), ("cache", _cache)) if not _passes(name, check)]
    if failed:
        return _plain("failed: " + ", ".join(failed), status=503)
    return _plain("ok")


def _passes(name: str, check) -> bool:
    try:
        return check()
    except Exception:
        logger.exception("Readiness check %s failed", name)
        return False


def _database() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache() -> bool:
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    seen = cache.get(key)
    cache.delete(key)
    return seen == value


def _plain(text: str, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            if request.path_info == LIVE_PATH:
                return alive()
            if request.path_info == READY_PATH:
                return ready()
        return self.get_response(request)
