"""`make run`'s server, with room for a crowd: the development server's listen queue holds 10 connections.

Fifty people pressing "send" at once overflow that queue, and the connections
beyond it are reset before Django sees them. The rest of runserver (whitenoise's
--nostatic, the autoreloader) is unchanged.
"""

from django.core.servers.basehttp import WSGIServer
from whitenoise.runserver_nostatic.management.commands.runserver import Command as WhiteNoiseRunserverCommand


class CrowdWSGIServer(WSGIServer):
    request_queue_size = 128


class Command(WhiteNoiseRunserverCommand):
    server_cls = CrowdWSGIServer
