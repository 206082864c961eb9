from django.urls import path

from posts import views

app_name = "posts"

urlpatterns = [
    path("requests/", views.post_list, name="list"),
    path("requests/new/", views.post_create, name="create"),
    path("requests/<int:pk>/", views.post_detail, name="detail"),
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
    path("searches/", views.saved_searches, name="saved_searches"),
    path("searches/save/", views.saved_search_create, name="saved_search_create"),
    path("searches/<int:pk>/edit/", views.saved_search_edit, name="saved_search_edit"),
    path("searches/<int:pk>/delete/", views.saved_search_delete, name="saved_search_delete"),
    path("searches/unsubscribe/<str:token>/", views.saved_search_unsubscribe, name="saved_search_unsubscribe"),
]
