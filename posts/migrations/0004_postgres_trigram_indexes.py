from django.db import migrations

# PostgreSQL only: trigram GIN indexes that serve the typo-tolerant name lookup
# (`%` on the vocabulary) and the `contains` lookups on the folded text columns.
# SQLite has no use for them; there the search scans in place (see posts/search.py).
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS posts_vocab_key_trgm ON posts_namevocabulary USING gin (key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS posts_post_text_trgm ON posts_post USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS posts_post_places_trgm ON posts_post USING gin (search_places gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS posts_post_pinyin_trgm ON posts_post USING gin (search_pinyin gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS posts_vocab_key_trgm",
    "DROP INDEX IF EXISTS posts_post_text_trgm",
    "DROP INDEX IF EXISTS posts_post_places_trgm",
    "DROP INDEX IF EXISTS posts_post_pinyin_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("posts", "0003_search_keys_and_matches")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
