"""Two app servers, one worker, shared PostgreSQL, Redis and SeaweedFS: what one server does, the other knows at once.

Runs with RECONNECT_CLUSTER_TESTS=1 (.ci/run sets it) when the services are there; `make test` skips it.
"""

import io
import os
import re
import time
import urllib.request
from http import HTTPStatus

import pytest
from PIL import Image

from tests.cluster.harness import Browser, Cluster, missing_services, photo_ids, request_form

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if os.environ.get("RECONNECT_CLUSTER_TESTS") != "1":
        pytest.skip("cluster tests run only with RECONNECT_CLUSTER_TESTS=1 (.ci/run sets it)")
    if missing := missing_services():
        # CI asks for them, and must not pass by skipping them.
        give_up = pytest.fail if os.environ.get("RECONNECT_CLUSTER_REQUIRED") == "1" else pytest.skip
        give_up("cluster tests need " + ", ".join(missing))
    running = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        running.start()
        yield running
    except Exception as error:
        raise RuntimeError(f"{error}\n{running.logs()}") from error
    finally:
        running.stop()


def jpeg(size=(1200, 800), colour=(180, 90, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the cluster's own SeaweedFS
        return response.status, response.read()


def logged_in(server: str, email: str) -> Browser:
    browser = Browser()
    assert browser.log_in(server, email).status == HTTPStatus.FOUND
    return browser


def test_both_servers_are_ready_on_the_shared_database_and_cache(cluster):
    for server in (cluster.a, cluster.b):
        response = Browser().get(f"{server}/readyz")
        assert (response.status, response.body) == (HTTPStatus.OK, b"ok\n")


def test_a_session_made_on_a_is_valid_on_b(cluster):
    browser = Browser()
    response = browser.log_in(cluster.a, cluster.seed["emails"]["reader"])
    assert response.status == HTTPStatus.FOUND

    on_b = browser.get(f"{cluster.b}/settings/data/")

    assert on_b.status == HTTPStatus.OK
    assert "Download" in on_b.text or "download" in on_b.text
    # And logging out on B ends it on A.
    assert browser.post(f"{cluster.b}/accounts/logout/", {}).status == HTTPStatus.FOUND
    assert browser.get(f"{cluster.a}/settings/data/").status == HTTPStatus.FOUND


def test_a_photo_uploaded_through_a_is_served_through_b_until_a_moderator_hides_it_on_a(cluster):
    poster = logged_in(cluster.a, cluster.seed["emails"]["poster"])
    original = jpeg()
    created = poster.post(
        f"{cluster.a}/requests/new/",
        request_form("Looking for the photographer Jonas"),
        files={"photos-0-image": ("jonas.jpg", original)},
    )
    assert created.status == HTTPStatus.FOUND, created.text[-2000:]
    post_path = created.headers["Location"]
    # With a worker the photo is re-encoded there; readers see it once it is ready, on a page kept in the
    # cache before that too (process_photo makes it stale).

    def photo_shown():
        """the worker has processed the photo and B's request page shows it"""
        return photo_ids(Browser().get(f"{cluster.b}{post_path}").text)

    [photo] = cluster.wait_for(photo_shown)

    # A streams it; B hands out a signed address of the bucket.
    through_a = Browser().get(f"{cluster.a}/photos/{photo}/full/")
    through_b = Browser().get(f"{cluster.b}/photos/{photo}/full/")
    assert through_a.status == HTTPStatus.OK
    assert Image.open(io.BytesIO(through_a.body)).size == (1200, 800)
    assert through_b.status == HTTPStatus.FOUND
    assert fetch(through_b.headers["Location"]) == (HTTPStatus.OK, through_a.body)

    # The worker makes the thumbnail A queued; B serves it.
    def thumbnail_made():
        """the thumbnail is served through B"""
        response = Browser().get(f"{cluster.b}/photos/{photo}/thumb/")
        if response.status != HTTPStatus.FOUND:
            return None
        status, body = fetch(response.headers["Location"])
        return body if status == HTTPStatus.OK and max(Image.open(io.BytesIO(body)).size) == 480 else None

    cluster.wait_for(thumbnail_made)

    moderator = logged_in(cluster.a, cluster.seed["emails"]["moderator"])
    post_pk = int(re.search(r"/requests/(\d+)/", post_path).group(1))
    hidden = moderator.post(
        f"{cluster.a}/admin/posts/post/",
        {"action": "hide", "_selected_action": str(post_pk), "apply": "1", "reason": "Posted without consent"},
    )
    assert hidden.status == HTTPStatus.FOUND, hidden.text[-2000:]

    for server in (cluster.a, cluster.b):
        for size in ("full", "thumb"):
            assert Browser().get(f"{server}/photos/{photo}/{size}/").status == HTTPStatus.NOT_FOUND
    assert cluster.sql(f"SELECT moderation FROM posts_post WHERE id = {post_pk:d}") == [("hidden",)]  # noqa: S608


def test_a_comment_posted_on_a_is_on_bs_page_at_once_and_its_email_is_sent_by_the_worker(cluster):
    post_path = f"/requests/{cluster.seed['post']}/"
    reader = Browser()
    assert "A lead from the cluster test" not in reader.get(f"{cluster.b}{post_path}").text  # Cached, if at all.
    commenter = logged_in(cluster.a, cluster.seed["emails"]["commenter"])

    posted = commenter.post(
        f"{cluster.a}{post_path}comments/", {"body": "A lead from the cluster test: try Hamburg.", "is_lead": "on"}
    )

    assert posted.status == HTTPStatus.FOUND
    assert "A lead from the cluster test" in reader.get(f"{cluster.b}{post_path}").text
    # A only queued the email to the poster; the worker sends it.
    poster = cluster.seed["emails"]["poster"]

    def email_sent():
        """the worker wrote the poster's email about the lead"""
        return [mail for mail in cluster.sent_emails() if f"To: {poster}" in mail and "Commenter left a lead" in mail]

    cluster.wait_for(email_sent)
    run_by_a_worker = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE worker_ids::text <> '[]'"
    assert cluster.sql(run_by_a_worker)[0][0] > 0


def test_a_rate_limit_counted_on_a_holds_on_b(cluster):
    # Last in this file: its failed passwords also pause log-in from this address for a minute (allauth's
    # login_failed per address, which the admin's log-in counts too), and every test here comes from 127.0.0.1.
    # The admin log-in allows 10 tries a minute per address: 5 on each server use them all.
    # Limits count in fixed windows (reconnect/ratelimit.py): start early in a minute, so all 12 fall in one.
    if (left := 60 - time.time() % 60) < 25:
        time.sleep(left + 0.5)
    visitor = Browser()
    wrong = {"username": cluster.seed["emails"]["moderator"], "password": "not the password"}
    codes = [visitor.post(f"{server}/admin/login/", wrong).status for server in (cluster.a, cluster.b) * 5]
    assert codes == [HTTPStatus.OK] * 10

    assert visitor.post(f"{cluster.b}/admin/login/", wrong).status == HTTPStatus.TOO_MANY_REQUESTS
    assert visitor.post(f"{cluster.a}/admin/login/", wrong).status == HTTPStatus.TOO_MANY_REQUESTS
