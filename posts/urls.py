from django.urls import path

from posts import feeds, views

app_name = "posts"

urlpatterns = [
    path("requests/", views.post_list, name="list"),
    path("requests/new/", views.post_create, name="create"),
    path("feeds/requests/", feeds.RequestsFeed(), name="requests_feed"),
    path("feeds/reunions/", feeds.ReunionsFeed(), name="reunions_feed"),
    path("requests/<int:pk>/", views.post_detail, name="detail"),
    path("requests/<int:pk>/feed/", feeds.CommentsFeed(), name="comments_feed"),
    path("requests/<int:pk>/edit/", views.post_edit, name="edit"),
    path("requests/<int:pk>/resolve/", views.post_resolve, name="resolve"),
    path("requests/<int:pk>/close/", views.post_close, name="close"),
    path("requests/<int:pk>/reopen/", views.post_reopen, name="reopen"),
    path("requests/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("requests/<int:pk>/report/", views.report_post, name="report"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/report/", views.report_comment, name="comment_report"),
    path("photos/<int:pk>/<str:size>/", views.photo, name="photo"),
    path("pfif/", views.pfif, name="pfif"),
    path("requests/<int:pk>/follow/", views.post_follow, name="follow"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/read/", views.notification_mark_all_read, name="notifications_read"),
    path("notifications/unsubscribe/<str:token>/", views.notification_unsubscribe, name="notification_unsubscribe"),
    path("settings/notifications/", views.notification_settings, name="notification_settings"),
    path("opt-out/", views.opt_out, name="opt_out"),
    path("opt-out/<int:pk>/withdraw/", views.opt_out_withdraw, name="opt_out_withdraw"),
    path("searches/", views.saved_searches, name="saved_searches"),
    path("searches/save/", views.saved_search_create, name="saved_search_create"),
    path("searches/<int:pk>/edit/", views.saved_search_edit, name="saved_search_edit"),
    path("searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("searches/unsubscribe/<str:token>/", views.saved_search_unsubscribe, name="saved_search_unsubscribe"),
    path("requests/<int:pk>/contact/<str:kind>/", views.conversation_start, name="conversation_start"),
    path("conversations/", views.conversation_list, name="conversations"),
    path("conversations/<int:pk>/", views.conversation_detail, name="conversation"),
    path("messages/<int:pk>/report/", views.message_report, name="message_report"),
    path(
        "conversations/<int:pk>/story-consent/",
        views.conversation_story_consent,
        name="conversation_story_consent",
    ),
]
