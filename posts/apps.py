from django.apps import AppConfig


class PostsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "posts"

    def ready(self):
        # Imported once the models are loaded, as Django asks of modules that register checks or connect receivers.
        import reconnect.checks  # noqa: F401 - registers the deploy checks
        from accounts.privacy.signals import anonymise_user, collect_user_data, erase_user_data
        from posts.contact import privacy as contact
        from posts.moderation import privacy as moderation
        from posts.reach import header, pagecache
        from posts.reach import privacy as reach
        from posts.requests import involvement
        from posts.requests import privacy as requests
        from posts.search import privacy as search
        from posts.translations import privacy as translations

        # accounts never imports posts: each room answers for what it holds of a member. Exported sections
        # come in data.json in this order.
        for export in (
            requests.export_requests,
            moderation.export_reports,
            requests.export_follows,
            search.export_saved_searches,
            contact.export_contact,
            reach.export_reach,
            translations.export_translations,
        ):
            collect_user_data.connect(export)
        anonymise_user.connect(moderation.scrub_admin_log)
        for erase in (
            translations.erase_translations,
            requests.erase_requests,
            contact.erase_contact,
            search.erase_saved_searches,
            reach.erase_reach,
            moderation.erase_reports,
        ):
            erase_user_data.connect(erase)
        # Saves and deletions make the pages kept for anonymous readers stale (posts/reach/pagecache.py).
        pagecache.connect()
        # Writes to notifications and messages make the header's kept counts stale (posts/reach/header.py).
        header.connect()
        # Follows and comments make a member's kept involvement stale (posts/requests/involvement.py).
        involvement.connect()
