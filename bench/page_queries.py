"""Query counts of pages, for bench/pages.py: `page_queries.py MEMBER_EMAIL '["/path", ...]'` prints JSON.

Runs Django's test client against the database and settings of the environment (the benchmark's), anonymous and
logged in as MEMBER_EMAIL; each page is requested twice and both counts are kept: [cold, warm].
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconnect.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402 - after django.setup()
from django.db import connection  # noqa: E402 - after django.setup()
from django.test import Client  # noqa: E402 - after django.setup()
from django.test.utils import CaptureQueriesContext  # noqa: E402 - after django.setup()


def counts(client: Client, paths: list[str]) -> dict[str, list[int]]:
    found = {}
    for path in paths:
        measured = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                client.get(path, HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="127.0.0.1")
            measured.append(len(queries))
        found[path] = measured
    return found


def main() -> None:
    email, paths = sys.argv[1], json.loads(sys.argv[2])
    anonymous = counts(Client(raise_request_exception=False), paths)
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(email=email))
    member = counts(client, paths)
    print(json.dumps({"anonymous": anonymous, "member": member}))


if __name__ == "__main__":
    main()
