from allauth.account import apps as allauth_account
from allauth.mfa import apps as allauth_mfa
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True  # "accounts" in INSTALLED_APPS is this one, not the two below.
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    # "Members", not "Accounts": allauth's app of the same label is the second "Accounts" the admin showed.
    verbose_name = _("Members")

    def ready(self):
        from accounts import roles, standing
        from accounts.receivers import record_failed_email
        from reconnect.emails import delivery_failed

        delivery_failed.connect(record_failed_email, dispatch_uid="accounts.record_failed_email")
        # A kept answer to "is this member a moderator?" goes stale when their roles change (accounts/roles.py).
        roles.connect()
        # So do whether they may write: their verified address and their sanctions (accounts/standing.py).
        standing.connect()


class SignInConfig(allauth_account.AccountConfig):
    """allauth.account (its email addresses), under a name of its own in the admin's index."""

    verbose_name = _("Sign-in")


class TwoFactorConfig(allauth_mfa.MFAConfig):
    """allauth.mfa (moderators' authenticator apps), named as the site names it."""

    verbose_name = _("Two-factor log-in")
