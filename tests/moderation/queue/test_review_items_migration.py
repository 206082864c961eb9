"""Migration 0014: what waited before the review queue existed waits in it afterwards, nothing lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def with_posts_at(name: str) -> list[tuple[str, str]]:
    """Every app at its latest migration, and posts at `name`."""
    return [node for node in leaves() if node[0] != "posts"] + [("posts", name)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Migrating needs real transactions; the rollback puts back what data migrations wrote (the Moderators group).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_held_content_open_reports_and_the_sites_flags_become_review_items():
    apps = migrate(with_posts_at("0012_moderation_log_from_admin_log"))
    try:
        User = apps.get_model("accounts", "User")
        Post = apps.get_model("posts", "Post")
        Comment = apps.get_model("posts", "Comment")
        Conversation = apps.get_model("posts", "Conversation")
        Message = apps.get_model("posts", "Message")
        Report = apps.get_model("posts", "Report")

        def person(name, trust_level="", **fields):
            return User.objects.create(
                email=f"{name}@example.com", display_name=name, trust_level=trust_level, **fields
            )

        author, reporter, trusted = person("author"), person("reporter"), person("trusted", trust_level="trusted")
        moderator = person("moderator", is_superuser=True)

        def request(title, moderation="published"):
            return Post.objects.create(
                author=author,
                title=title,
                sought_name="Simon",
                relationship="classmate",
                story="…",
                languages=["en"],
                moderation=moderation,
            )

        held = request("Held", moderation="pending")
        reported = request("Reported twice")
        removal = request("This is me")
        flagged = request("Flagged by the site")
        handled = request("Flag handled before")
        comment = Comment.objects.create(post=reported, author=author, body="Held comment", moderation="pending")
        conversation = Conversation.objects.create(post=reported, starter=reporter, kind="i_know_them")
        message = Message.objects.create(
            conversation=conversation, author=reporter, body="+49 30 1234 5678", moderation="pending"
        )
        Report.objects.create(reporter=reporter, post=reported, reason="spam")
        Report.objects.create(reporter=trusted, post=reported, reason="harassment")
        Report.objects.create(reporter=reporter, post=removal, reason="spam")
        Report.objects.create(reporter=trusted, post=removal, reason="this_is_me")
        Report.objects.create(reporter=None, post=flagged, reason="watched", details="Watched words: lottery")
        Report.objects.create(reporter=reporter, post=held, reason="spam", status="dismissed", handled_by=moderator)
        Report.objects.create(reporter=None, post=handled, reason="watched", status="dismissed", handled_by=moderator)

        apps = migrate(with_posts_at("0013_review_items"))

        ReviewItem = apps.get_model("posts", "ReviewItem")
        ContentType = apps.get_model("contenttypes", "ContentType")
        Report = apps.get_model("posts", "Report")
        model = {ct.pk: ct.model for ct in ContentType.objects.filter(app_label="posts")}
        pending = {
            (model[item.target_type_id], item.target_id): (item.reason, item.score, item.flagged_by_site)
            for item in ReviewItem.objects.filter(status="pending")
        }
        assert pending == {
            ("post", held.pk): ("held", 0, False),
            ("comment", comment.pk): ("held", 0, False),
            ("message", message.pk): ("held", 0, False),
            ("post", reported.pk): ("reports", 3.0, False),  # a member and a trusted member
            ("post", removal.pk): ("removal_request", 3.0, False),
            ("post", flagged.pk): ("watched_flag", 3.0, True),
        }
        (before,) = ReviewItem.objects.exclude(status="pending")
        assert (model[before.target_type_id], before.target_id, before.status, before.handled_by_id) == (
            "post",
            handled.pk,
            "ignored",
            moderator.pk,
        )
        assert not Report.objects.filter(reporter__isnull=True).exists()
        assert Report.objects.filter(status="open").count() == 4

        # Going back, the site's flags are its reports again.
        apps = migrate(with_posts_at("0012_moderation_log_from_admin_log"))
        Report = apps.get_model("posts", "Report")
        site = Report.objects.filter(reporter__isnull=True, reason="watched")
        assert sorted(site.values_list("post_id", "status")) == sorted(
            [(flagged.pk, "open"), (handled.pk, "dismissed")]
        )
    finally:
        migrate(leaves())
