"""Store the sanitised HTML of every comment and story, so that a page no longer renders Markdown per read.

From now on the fields fill themselves whenever a row is saved (reconnect.markdown.RenderedMarkdownField);
this fills the rows that exist, in batches, through the same `render_markdown` the pages used to call.
"""

from django.db import migrations

import reconnect.markdown

BATCH = 500


def _fill(model, source: str, target: str) -> None:
    # Batches by primary key, not one open cursor: SQLite gives no isolation between reading and writing a table.
    last = 0
    while batch := list(model.objects.filter(pk__gt=last).only("pk", source).order_by("pk")[:BATCH]):
        for row in batch:
            setattr(row, target, reconnect.markdown.render_markdown(getattr(row, source)))
        model.objects.bulk_update(batch, [target])
        last = batch[-1].pk


def render_stored_html(apps, schema_editor):
    _fill(apps.get_model("posts", "Comment"), "body", "body_html")
    _fill(apps.get_model("posts", "Post"), "story", "story_html")


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0016_db_list_and_pfif_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=reconnect.markdown.RenderedMarkdownField(source="body"),
        ),
        migrations.AddField(
            model_name="post",
            name="story_html",
            field=reconnect.markdown.RenderedMarkdownField(source="story"),
        ),
        # Going back drops the columns; nothing to undo before that.
        migrations.RunPython(render_stored_html, migrations.RunPython.noop, elidable=True),
    ]
