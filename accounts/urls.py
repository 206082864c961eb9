from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("people/<int:pk>/", views.profile, name="profile"),
    path("settings/profile/", views.profile_edit, name="profile_edit"),
]
