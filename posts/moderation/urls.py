"""The moderators' own pages, served inside the admin.

reconnect.admin.ReconnectAdminSite mounts this URLconf (the setting RECONNECT_ADMIN_URLS names it) under
/admin/, puts every view behind the admin's log-in, and keeps its namespace: "admin:moderation:queue".
"""

from django.urls import path

from posts.moderation import views

app_name = "moderation"
urlpatterns = [
    path("queue/", views.review_queue, name="queue"),
    path("queue/<int:pk>/", views.handle_item, name="queue_item"),
    path("people/<int:user_id>/", views.person, name="person"),
]
