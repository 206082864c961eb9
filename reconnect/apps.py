from django.contrib.admin.apps import AdminConfig


class ReconnectAdminConfig(AdminConfig):
    """django.contrib.admin, with ReconnectAdminSite as `admin.site`."""

    default_site = "reconnect.admin.ReconnectAdminSite"
