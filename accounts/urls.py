from django.urls import path

from accounts import views
from accounts.privacy import views as data_views

app_name = "accounts"

urlpatterns = [
    path("people/<int:pk>/", views.profile, name="profile"),
    path("settings/profile/", views.profile_edit, name="profile_edit"),
    path("settings/data/", data_views.data_settings, name="data"),
    path("settings/data/export/", data_views.data_export, name="data_export"),
    path("settings/data/export/<str:token>/", data_views.data_download, name="data_download"),
    path("settings/data/delete/", data_views.account_delete, name="account_delete"),
]
