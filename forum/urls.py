"""Addresses of the forum, under /forum/ (Czech) and /en/forum/ (English interface).

Fixed words come first; a category slug may not be one of them (a database constraint)."""

from django.urls import path

from forum import knowledge
from forum.views import moderation, notifications, reading, writing

app_name = "forum"

urlpatterns = [
    path("", reading.forum_index, name="index"),
    path("novinky/", reading.new_since_visit, name="new"),
    path("novinky/precteno/", reading.all_mark_read, name="all_read"),
    path("nezodpovezene/", reading.unanswered, name="unanswered"),
    path("upozorneni/", notifications.notification_list, name="notifications"),
    path("upozorneni/precist/", notifications.notifications_read_all, name="notifications_read"),
    path("upozorneni/<int:pk>/", notifications.notification_open, name="notification"),
    path("nastaveni/", notifications.profile_settings, name="settings"),
    path("odhlasit/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path("moderace/", moderation.queue, name="moderation_queue"),
    path("moderace/zaznam/", moderation.log, name="moderation_log"),
    path("moderace/prispevek/<int:pk>/", moderation.post_moderate, name="moderate_post"),
    path("moderace/tema/<int:pk>/", moderation.topic_moderate, name="moderate_topic"),
    path("moderace/clen/<int:pk>/", moderation.member_suspend, name="suspend"),
    path("moderace/skupiny/", moderation.group_list, name="groups"),
    path("moderace/skupiny/<slug:category>/", moderation.group_detail, name="group"),
    path(
        "moderace/skupiny/<slug:category>/odebrat/<int:pk>/",
        moderation.group_member_remove,
        name="group_member_remove",
    ),
    path("prispevek/zminky/", writing.mention_suggestions, name="mention_suggestions"),
    path("prispevek/<int:pk>/", reading.post_permalink, name="post"),
    path("prispevek/<int:pk>/upravit/", writing.post_edit, name="post_edit"),
    path("prispevek/<int:pk>/smazat/", writing.post_delete, name="post_delete"),
    path("prispevek/<int:pk>/nahlasit/", writing.post_flag, name="post_flag"),
    path("prispevek/<int:pk>/historie/", writing.post_history, name="post_history"),
    path("prispevek/<int:pk>/reseni/", writing.answer_accept, name="answer_accept"),
    path("prispevek/<int:pk>/pomohlo/", writing.post_helpful, name="post_helpful"),
    path("prispevek/<int:pk>/do-znalosti/", knowledge.post_to_knowledge, name="post_to_knowledge"),
    path("priloha/<int:pk>/<str:filename>", reading.attachment_download, name="attachment"),
    path("<slug:category>/", reading.category_detail, name="category"),
    path("<slug:category>/nove-tema/", writing.topic_new, name="topic_new"),
    path("<slug:category>/odber/", reading.subscription_toggle, name="category_subscription"),
    path("<slug:category>/precteno/", reading.category_mark_read, name="category_read"),
    path("<slug:category>/<int:topic>/", reading.topic_detail, name="topic"),
    path(
        "<slug:category>/<int:topic>/neprectene/", reading.topic_first_unread, name="topic_unread"
    ),
    path("<slug:category>/<int:topic>/odpovedet/", writing.topic_reply, name="topic_reply"),
    path(
        "<slug:category>/<int:topic>/odber/", reading.subscription_toggle, name="topic_subscription"
    ),
]
