"""`manage.py seed_demo`: the demo people, requests, photos, leads and reports that `make run` shows.

The content is in posts/demo/data.py; posts/demo/loader.py loads it.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from posts.demo import loader
from posts.demo.data import FLAGS, MEMBER_EMAIL, MODERATOR_EMAIL, PASSWORD


class Command(BaseCommand):
    help = "Load demo people, requests, photos, leads and reports once (does nothing if they are already there)."

    def handle(self, *args: Any, **options: Any) -> None:
        if loader.is_loaded():
            self.stdout.write("Demo content is already loaded.")
            return
        started = time.monotonic()
        loaded = loader.load(now=timezone.now())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(loaded.posts)} requests, {loaded.photo_count} photos, {loaded.comment_count} comments, "
                f"{len(FLAGS)} reports and {len(loaded.users)} people in {time.monotonic() - started:.1f} s. "
                f"Log in as {MEMBER_EMAIL} or {MODERATOR_EMAIL} (password: {PASSWORD})."
            )
        )
