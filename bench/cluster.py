"""A bounded soak on a loopback cluster: members read, search, comment and upload through two app servers.

Starts the cluster of tests/cluster/harness.py (two gunicorn servers, a db_worker, the local
PostgreSQL and Redis, a SeaweedFS of its own), lets --members simulated members work for
--seconds, then counts what was acknowledged against what is in the database and the bucket.
Every request goes to 127.0.0.1; the simulated members' addresses exist only in the
X-Forwarded-For header that the servers are told to trust from one proxy. See bench/README.md.
"""

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from http import HTTPStatus
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from tests.cluster.harness import Browser, Cluster, missing_services, photo_ids, request_form

SEARCHES = ["Simon", "Katharina", "李响灿", "xiangcan", "Wuhan", "classmate", "Hamburg", "Jonas", "Anna", "professor"]
# Below every per-member limit (30 comments an hour, 5 requests a day), so that a 429 is an error here.
MAX_COMMENTS, MAX_UPLOADS = 25, 3
ACTIONS = [("read", 40), ("list", 15), ("search", 20), ("comment", 18), ("upload", 7)]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self.comments_acknowledged: set[str] = set()
        self.uploads: list[tuple[Browser, str]] = []

    def record(self, started: float, status: int, what: str, expected: tuple[int, ...]) -> bool:
        with self.lock:
            self.latencies.append(time.monotonic() - started)
            self.statuses[status] += 1
            if status not in expected:
                self.errors.append(f"{what}: {status}")
                return False
        return True


def jpeg(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    colour = tuple(rng.randrange(256) for _ in range(3))
    Image.new("RGB", (rng.randrange(600, 1400), rng.randrange(400, 1000)), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def member(number: int, session: str, cluster: Cluster, posts: list[int], deadline: float, tally: Tally) -> None:
    rng = random.Random(number)
    browser = Browser(headers={"X-Forwarded-For": f"198.18.{number // 250}.{number % 250 + 1}"})
    browser.cookies["sessionid"] = session
    comments = uploads = 0
    names, weights = zip(*ACTIONS, strict=True)
    while time.monotonic() < deadline:
        server = rng.choice((cluster.a, cluster.b))  # As a balancer would spread them.
        action = rng.choices(names, weights)[0]
        started = time.monotonic()
        try:
            if action == "read":
                response = browser.get(f"{server}/requests/{rng.choice(posts)}/")
                tally.record(started, response.status, action, (HTTPStatus.OK,))
            elif action == "list":
                response = browser.get(f"{server}/requests/?page={rng.randrange(1, 3)}")
                tally.record(started, response.status, action, (HTTPStatus.OK,))
            elif action == "search":
                query = urllib.parse.quote(rng.choice(SEARCHES))
                response = browser.get(f"{server}/requests/?q={query}")
                tally.record(started, response.status, action, (HTTPStatus.OK,))
            elif action == "comment" and comments < MAX_COMMENTS:
                comments += 1
                body = f"Soak lead {number}-{comments}: try the alumni office."
                post = rng.choice(posts)
                response = browser.post(f"{server}/requests/{post}/comments/", {"body": body})
                if tally.record(started, response.status, action, (HTTPStatus.FOUND,)):
                    with tally.lock:
                        tally.comments_acknowledged.add(body)
            elif action == "upload" and uploads < MAX_UPLOADS:
                uploads += 1
                form = request_form(f"Soak request {number}-{uploads}", sought_name=rng.choice(SEARCHES))
                response = browser.post(
                    f"{server}/requests/new/", form, files={"photos-0-image": (f"soak-{number}.jpg", jpeg(rng))}
                )
                if tally.record(started, response.status, action, (HTTPStatus.FOUND,)):
                    with tally.lock:
                        tally.uploads.append((browser, response.headers["Location"]))
            else:
                continue
        except OSError as error:
            with tally.lock:
                tally.errors.append(f"{action}: {error!r}")
        time.sleep(rng.uniform(0.5, 2.0))  # A person reads before the next click.


def served_back(cluster: Cluster, browser: Browser, post_path: str) -> bool:
    """The uploader sees their photo, through the server that did not take the upload as often as the other."""
    ids = photo_ids(browser.get(f"{cluster.a}{post_path}").text)
    if len(ids) != 1:
        return False
    for server in (cluster.a, cluster.b):
        response = browser.get(f"{server}/photos/{ids[0]}/full/")
        if response.status == HTTPStatus.FOUND:  # B's signed redirect.
            with urllib.request.urlopen(response.headers["Location"], timeout=10) as signed:  # noqa: S310 - loopback
                body = signed.read()
        elif response.status == HTTPStatus.OK:
            body = response.body
        else:
            return False
        Image.open(io.BytesIO(body)).verify()
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--posts", type=int, default=30, help="published requests to read and comment on")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--json", type=Path, default=Path(__file__).parent / "out" / "cluster.json")
    args = parser.parse_args()
    if missing := missing_services():
        print("The cluster needs " + ", ".join(missing), file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="reconnect-soak-") as directory:
        cluster = Cluster(
            Path(directory),
            members=args.members,
            posts=args.posts,
            workers=args.workers,
            threads=args.threads,
            DJANGO_TRUSTED_PROXY_COUNT="1",
        )
        try:
            began = time.monotonic()
            cluster.start()
            print(f"cluster up in {time.monotonic() - began:.1f} s: A {cluster.a}, B {cluster.b}", flush=True)
            tally = Tally()
            deadline = time.monotonic() + args.seconds
            threads = [
                threading.Thread(
                    target=member, args=(n, session, cluster, cluster.seed["posts"], deadline, tally), daemon=True
                )
                for n, session in enumerate(cluster.seed["sessions"])
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.seconds + 120)
            elapsed = time.monotonic() - (deadline - args.seconds)
            stored = {row[0] for row in cluster.sql("SELECT body FROM posts_comment WHERE body LIKE 'Soak lead %'")}
            photos_in_database = cluster.sql("SELECT count(*) FROM posts_photo")[0][0]
            served = sum(served_back(cluster, browser, path) for browser, path in tally.uploads)
            waiting = cluster.sql("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'")
        finally:
            cluster.stop()

    latencies = sorted(tally.latencies)
    summary = {
        "members": args.members,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "errors": len(tally.errors),
        "statuses": {str(code): count for code, count in sorted(tally.statuses.items())},
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "comments_acknowledged": len(tally.comments_acknowledged),
        "comments_in_database": len(stored & tally.comments_acknowledged),
        "comments_lost": len(tally.comments_acknowledged - stored),
        "photos_uploaded": len(tally.uploads),
        "photos_in_database": photos_in_database,
        "photos_served_back": served,
        "photos_lost": len(tally.uploads) - served,
        "tasks_still_queued_at_the_end": waiting[0][0],
        "first_errors": tally.errors[:10],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(summary, indent=2))
    for key, value in summary.items():
        print(f"{key:32} {value}")
    return 0 if not (summary["errors"] or summary["comments_lost"] or summary["photos_lost"]) else 1


if __name__ == "__main__":
    sys.exit(main())
