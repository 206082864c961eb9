"""The request form tells a member, before they write, which limits of their trust level apply."""

from django.urls import reverse

from tests.conftest import login
from tests.factories import PostFactory, UserFactory


def holds_on_form(client) -> str:
    page = client.get(reverse("posts:create")).text
    if 'id="trust-holds"' not in page:
        return ""
    return page.split('id="trust-holds"', 1)[1].split("</div>", 1)[0]


def test_a_new_member_reads_the_daily_limit_and_first_day_rules_before_writing(newbie_client):
    holds = holds_on_form(newbie_client)
    assert "at most 3 requests in 24 hours" in holds
    assert "1 photo per request" in holds
    assert "first request waits for a moderator" in holds


def test_a_member_with_a_published_request_sees_no_notice(member):
    PostFactory(author=member)
    assert holds_on_form(login(member)) == ""


def test_a_member_without_a_published_request_is_told_it_will_be_reviewed(db):
    holds = holds_on_form(login(UserFactory()))
    assert "first request waits for a moderator" in holds
    assert "24 hours" not in holds
