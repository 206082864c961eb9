"""`manage.py seed_bench`: the page benchmark's data set (bench/pages.py). The data is built in posts/demo/bench.py."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from posts.demo import bench


class Command(BaseCommand):
    help = (
        "Load the page benchmark's data: N requests (names in Latin and Han scripts, one for 李响灿 / Li Xiangcan), "
        "and one viral request with many comments, leads, photos and followers. Rerunning first WIPES the previous "
        f"bench data: every member whose address ends in @{bench.BENCH_DOMAIN}, and all they wrote. "
        f"The logged-in member is {bench.MEMBER_EMAIL} (password: {bench.PASSWORD})."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=100_000, help="requests to create (default 100000)")
        parser.add_argument("--viral-comments", type=int, default=5000, help="comments on the viral request")
        parser.add_argument("--viral-leads", type=int, default=300, help="of those, leads")
        parser.add_argument("--viral-private", type=int, default=40, help="of those leads, private ones")
        parser.add_argument("--followers", type=int, default=2000, help="members following the viral request")
        parser.add_argument("--photos", type=int, default=6, help="photos of the viral request")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        wiped = bench.wipe()
        if wiped:
            self.stdout.write(f"Wiped the previous bench data ({wiped} rows) in {time.monotonic() - started:.1f} s.")
        started = time.monotonic()
        seeded = bench.seed(
            requests=max(options["requests"], 2),
            viral_comments=options["viral_comments"],
            viral_leads=options["viral_leads"],
            viral_private=options["viral_private"],
            followers=options["followers"],
            photos=options["photos"],
            now=timezone.now(),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {seeded.requests} requests, {seeded.comments} comments ({seeded.leads} leads, "
                f"{seeded.private_leads} private), {seeded.photos} photos, {seeded.followers} followers and "
                f"{seeded.members} members in {time.monotonic() - started:.1f} s. "
                f"Viral request: /requests/{seeded.viral_pk}/; {bench.TARGET_NAME}: /requests/{seeded.target_pk}/. "
                f"Log in as {bench.MEMBER_EMAIL} (password: {bench.PASSWORD})."
            )
        )
