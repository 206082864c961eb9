from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        from accounts import roles
        from accounts.receivers import record_failed_email
        from reconnect.emails import delivery_failed

        delivery_failed.connect(record_failed_email, dispatch_uid="accounts.record_failed_email")
        # A kept answer to "is this member a moderator?" goes stale when their roles change (accounts/roles.py).
        roles.connect()
