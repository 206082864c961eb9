"""Downloading one's own data: what the zip holds, and who may fetch it."""

import io
import json
import re
import zipfile
from datetime import timedelta
from http import HTTPStatus

from django.core import signing
from django.core.files.storage import default_storage
from django.urls import reverse

from accounts.privacy.data import build_export
from accounts.privacy.tasks import export_token
from tests.accounts.privacy.conftest import (
    LEAVER_ANSWER,
    LEAVER_BIO,
    LEAVER_CAPTION,
    LEAVER_COMMENT,
    LEAVER_EMAIL,
    LEAVER_MESSAGE,
    LEAVER_OPT_OUT,
    LEAVER_REPORT,
    LEAVER_SEARCH,
    LEAVER_STORY,
    LEAVER_TITLE,
    OTHER_EMAIL,
    OTHER_MESSAGE,
    OTHER_PRIVATE_LEAD,
    OTHER_REPLY,
)


def open_export(content: bytes) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("data.json")), files


def test_export_holds_everything_the_member_wrote_and_uploaded(world):
    data, files = open_export(build_export(world.leaver))

    assert data["profile"]["email"] == LEAVER_EMAIL
    assert data["profile"]["bio"] == LEAVER_BIO
    assert [address["email"] for address in data["email_addresses"]] == [LEAVER_EMAIL]
    [request] = data["requests"]
    assert (request["id"], request["title"], request["story"]) == (world.leaver_post.pk, LEAVER_TITLE, LEAVER_STORY)
    assert request["sought_name"] == "Marguerite Oyelaran"
    [photo] = request["photos"]
    assert photo["caption"] == LEAVER_CAPTION
    full, thumb = f"photos/{world.photo.pk}-full.jpg", f"photos/{world.photo.pk}-thumb.jpg"
    assert (photo["full"], photo["thumbnail"]) == (full, thumb)
    with default_storage.open(world.photo.image.name, "rb") as stored:
        assert files[full] == stored.read()
    assert set(files) == {full, thumb}
    comments = {comment["id"]: comment for comment in data["comments"]}
    assert comments[world.deleted_comment.pk]["body"] == LEAVER_COMMENT
    assert comments[world.deleted_comment.pk]["request"] == {"id": world.other_post.pk, "title": world.other_post.title}
    [report] = data["reports"]
    assert (report["details"], report["request_id"]) == (LEAVER_REPORT, world.other_post.pk)
    assert [follow["post_id"] for follow in data["follows"]] == [world.other_post.pk]
    assert [search["name"] for search in data["saved_searches"]] == [LEAVER_SEARCH]
    assert [opt_out["name"] for opt_out in data["opt_outs"]] == [LEAVER_OPT_OUT]
    [conversation] = data["conversations"]
    assert conversation["claim_answer"] == LEAVER_ANSWER
    assert [message["body"] for message in conversation["my_messages"]] == [LEAVER_MESSAGE]
    assert [notification["post_id"] for notification in data["notifications"]] == [world.other_post.pk]


def test_export_carries_nothing_of_other_members(world):
    content = build_export(world.leaver)
    data, _files = open_export(content)
    text = json.dumps(data, ensure_ascii=False)

    for private in (OTHER_EMAIL, OTHER_MESSAGE, OTHER_PRIVATE_LEAD, OTHER_REPLY):
        assert private not in text
    assert OTHER_EMAIL.encode() not in content
    assert all(comment["body"] != OTHER_PRIVATE_LEAD for comment in data["comments"])


def test_poster_export_leaves_out_the_other_sides_answer_and_messages(world):
    data, _files = open_export(build_export(world.other))
    text = json.dumps(data, ensure_ascii=False)

    assert OTHER_MESSAGE in text
    # The title of the leaver's request is there only because the other member commented on it.
    for theirs in (LEAVER_EMAIL, LEAVER_MESSAGE, LEAVER_ANSWER, LEAVER_COMMENT):
        assert theirs not in text


def download_path(mail) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/settings/data/export/\S+/)", mail.body).group(1)


def test_asking_for_the_export_emails_a_link_only_the_owner_can_use(
    world, leaver_client, other_client, committed, mailoutbox
):
    response = committed(leaver_client.post, reverse("accounts:data_export"), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "We will email you a link when it is ready" in response.text
    [mail] = mailoutbox
    assert mail.to == [LEAVER_EMAIL]
    path = download_path(mail)
    [stored] = default_storage.listdir("exports")[1]
    assert stored.endswith(".zip")

    download = leaver_client.get(path)
    assert download.status_code == HTTPStatus.OK
    assert download["Content-Disposition"] == 'attachment; filename="reconnect-data.zip"'
    data, _files = open_export(b"".join(download.streaming_content))
    assert data["profile"]["email"] == LEAVER_EMAIL

    assert other_client.get(path).status_code == HTTPStatus.NOT_FOUND
    anonymous = leaver_client.__class__().get(path)
    assert anonymous.status_code == HTTPStatus.FOUND
    assert anonymous["Location"].startswith(reverse("account_login"))


def test_forged_or_expired_download_link_is_not_found(world, leaver_client, committed, mailoutbox, monkeypatch):
    committed(leaver_client.post, reverse("accounts:data_export"))
    token = download_path(mailoutbox[0]).rstrip("/").rsplit("/", 1)[-1]
    name = signing.loads(token, salt="reconnect.data-export-download")["file"]

    forged = signing.dumps({"user": world.leaver.pk, "file": name}, salt="some-other-salt")
    edited = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, edited, "not-a-token"):
        url = reverse("accounts:data_download", kwargs={"token": bad})
        assert leaver_client.get(url).status_code == HTTPStatus.NOT_FOUND

    with monkeypatch.context() as patched:
        eight_days_ago = signing.time.time() - timedelta(days=8).total_seconds()
        patched.setattr(signing.time, "time", lambda: eight_days_ago)
        expired = export_token(user_id=world.leaver.pk, name=name)
    url = reverse("accounts:data_download", kwargs={"token": expired})
    assert leaver_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_export_needs_a_post(world, leaver_client, mailoutbox):
    response = leaver_client.get(reverse("accounts:data_export"))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert mailoutbox == []


def test_data_page_offers_download_and_deletion(world, leaver_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = leaver_client.get(reverse("accounts:data"))

    assert response.status_code == HTTPStatus.OK
    assert "Download my data" in response.text
    assert "Delete my account" in response.text
    assert f'href="{reverse("accounts:data")}" aria-current="page"' in response.text
