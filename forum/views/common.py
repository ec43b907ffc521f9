"""What every forum view needs: finding readable objects (404 otherwise) and the forum's own
navigation (unread notifications, moderation link)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from forum import permissions, queries
from forum.models import Category, Post, Topic


def readable_category(user, slug: str) -> Category:
    return get_object_or_404(Category.objects.visible_to(user), slug=slug)


def readable_topic(user, pk: int) -> Topic:
    return get_object_or_404(
        Topic.objects.visible_to(user).select_related("category", "author"), pk=pk
    )


def readable_post(user, pk: int) -> Post:
    post = get_object_or_404(
        Post.objects.visible_to(user).select_related("topic__category", "author"), pk=pk
    )
    if post.is_hidden and not permissions.can_moderate(user):
        raise Http404
    return post


def forum_context(request, **context) -> dict:
    user = request.user
    return {
        "can_moderate": permissions.can_moderate(user),
        "unread_notifications": queries.header_counts(user)["notifications"],
        **context,
    }


def topic_url(topic: Topic, *, number: int | None = None) -> str:
    url = topic.get_absolute_url()
    if number is None:
        return url
    page = queries.page_of_number(number)
    return f"{url}{'?strana=' + str(page) if page > 1 else ''}#prispevek-{number}"
