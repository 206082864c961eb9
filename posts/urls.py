from django.urls import path

from posts.contact import views as contact_views
from posts.contact import visitor_views
from posts.interchange import views as interchange_views
from posts.reach import feeds, pagecache
from posts.reach import views as reach_views
from posts.requests import views as requests_views
from posts.search import views as search_views
from posts.translations import views as translations_views

app_name = "posts"

urlpatterns = [
    path("requests/", requests_views.post_list, name="list"),
    path("requests/new/", requests_views.post_create, name="create"),
    path("feeds/requests/", pagecache.requests_feed(feeds.RequestsFeed()), name="requests_feed"),
    path("feeds/reunions/", pagecache.listing_feed(feeds.ReunionsFeed()), name="reunions_feed"),
    path("requests/<int:pk>/", requests_views.post_detail, name="detail"),
    path("requests/<int:pk>/feed/", pagecache.comments_feed(feeds.CommentsFeed()), name="comments_feed"),
    path("requests/<int:pk>/edit/", requests_views.post_edit, name="edit"),
    path("requests/<int:pk>/resolve/", requests_views.post_resolve, name="resolve"),
    path("requests/<int:pk>/close/", requests_views.post_close, name="close"),
    path("requests/<int:pk>/reopen/", requests_views.post_reopen, name="reopen"),
    path("requests/<int:pk>/comments/", requests_views.comment_create, name="comment_create"),
    path("requests/<int:pk>/report/", requests_views.report_post, name="report"),
    path("comments/<int:pk>/", requests_views.comment_permalink, name="comment"),
    path("comments/<int:pk>/edit/", requests_views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", requests_views.comment_delete, name="comment_delete"),
    path("comments/<int:pk>/report/", requests_views.report_comment, name="comment_report"),
    path("photos/<int:pk>/", requests_views.photo_page, name="photo_page"),
    path("photos/<int:pk>/<str:size>/", requests_views.photo, name="photo"),
    path("requests/<int:pk>/translate/", translations_views.translation_create, name="translation_create"),
    path("requests/<int:pk>/translations/ask/", translations_views.translation_ask, name="translation_ask"),
    path("translations/<int:pk>/", translations_views.translation_detail, name="translation"),
    path("translations/<int:pk>/decide/", translations_views.translation_decide, name="translation_decide"),
    path("translations/<int:pk>/edit/", translations_views.translation_edit, name="translation_edit"),
    path("translations/<int:pk>/confirm/", translations_views.translation_confirm, name="translation_confirm"),
    path("translate/", translations_views.help_translate, name="help_translate"),
    path("pfif/", interchange_views.pfif, name="pfif"),
    path("requests/<int:pk>/follow/", requests_views.post_follow, name="follow"),
    path("notifications/", reach_views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", reach_views.notification_open, name="notification_open"),
    path("notifications/read/", reach_views.notification_mark_all_read, name="notifications_read"),
    path(
        "notifications/unsubscribe/<str:token>/", reach_views.notification_unsubscribe, name="notification_unsubscribe"
    ),
    path("settings/notifications/", reach_views.notification_settings, name="notification_settings"),
    path("opt-out/", contact_views.opt_out, name="opt_out"),
    path("opt-out/<int:pk>/withdraw/", contact_views.opt_out_withdraw, name="opt_out_withdraw"),
    path("searches/", search_views.saved_searches, name="saved_searches"),
    path("searches/save/", search_views.saved_search_create, name="saved_search_create"),
    path("searches/<int:pk>/edit/", search_views.saved_search_edit, name="saved_search_edit"),
    path("searches/<int:pk>/delete/", search_views.saved_search_delete, name="saved_search_delete"),
    path("searches/unsubscribe/<str:token>/", reach_views.saved_search_unsubscribe, name="saved_search_unsubscribe"),
    path("requests/<int:pk>/contact/<str:kind>/", contact_views.conversation_start, name="conversation_start"),
    # Without an account: the person sought, or someone who knows them, known by an email address they verify.
    path("requests/<int:pk>/without-account/<str:kind>/", visitor_views.visitor_start, name="visitor_start"),
    path("requests/<int:pk>/without-account/<str:kind>/sent/", visitor_views.visitor_sent, name="visitor_sent"),
    path("opt-out/without-account/", visitor_views.visitor_opt_out, name="visitor_opt_out"),
    path("opt-out/without-account/sent/", visitor_views.visitor_opt_out_sent, name="visitor_opt_out_sent"),
    path("visitor/verify/<str:token>/", visitor_views.visitor_verify, name="visitor_verify"),
    path("visitor/conversation/<str:token>/", visitor_views.visitor_conversation, name="visitor_conversation"),
    path(
        "visitor/conversation/<str:token>/story-consent/",
        visitor_views.visitor_story_consent,
        name="visitor_story_consent",
    ),
    path(
        "visitor/conversation/<str:token>/report/<int:pk>/",
        visitor_views.visitor_message_report,
        name="visitor_message_report",
    ),
    path("visitor/conversation/<str:token>/account/", visitor_views.visitor_account, name="visitor_account"),
    path("conversations/", contact_views.conversation_list, name="conversations"),
    path("conversations/<int:pk>/", contact_views.conversation_detail, name="conversation"),
    path("messages/<int:pk>/report/", contact_views.message_report, name="message_report"),
    path(
        "conversations/<int:pk>/story-consent/",
        contact_views.conversation_story_consent,
        name="conversation_story_consent",
    ),
]
