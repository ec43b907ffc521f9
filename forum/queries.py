"""Reads of the forum that lists need: counts, latest activity and unread state, each in a
fixed number of queries however many categories, topics or posts there are."""

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from forum.models import Category, CategoryReadState, Notification, Topic, TopicReadState

TOPICS_PER_PAGE = 30
POSTS_PER_PAGE = 20

_LISTED = Q(topics__merged_into__isnull=True, topics__is_hidden=False)


def _unread_topics(user, *, category_ref: str):
    """Topics the person has not read to the end, since they last marked the category read."""
    return (
        Topic.objects.filter(merged_into__isnull=True, is_hidden=False)
        .exclude(
            Exists(
                TopicReadState.objects.filter(
                    topic=OuterRef("pk"), user=user, last_read_number__gte=OuterRef("last_number")
                )
            )
        )
        .exclude(
            Exists(
                CategoryReadState.objects.filter(
                    category=OuterRef("category"),
                    user=user,
                    marked_read_at__gte=OuterRef("last_post_at"),
                )
            )
        )
        .filter(category=OuterRef(category_ref))
    )


def categories_for_index(user):
    """Readable categories with topic and post counts, latest activity and (signed in) the
    number of unread topics: one query."""
    latest = Topic.objects.filter(
        category=OuterRef("pk"), merged_into__isnull=True, is_hidden=False
    ).order_by("-last_post_at", "-pk")
    queryset = Category.objects.visible_to(user).annotate(
        topic_count=Count("topics", filter=_LISTED),
        post_count=Coalesce(Sum("topics__post_count", filter=_LISTED), 0),
        last_activity=Max("topics__last_post_at", filter=_LISTED),
        latest_topic_id=Subquery(latest.values("pk")[:1]),
        latest_topic_title=Subquery(latest.values("title")[:1]),
    )
    if user.is_authenticated:
        queryset = queryset.annotate(
            unread_count=Coalesce(
                Subquery(
                    _unread_topics(user, category_ref="pk")
                    .order_by()
                    .values("category")
                    .annotate(count=Count("pk"))
                    .values("count")[:1],
                    output_field=IntegerField(),
                ),
                0,
            )
        )
    return queryset.order_by("order", "name")


def topics_for_list(user, queryset=None):
    """Visible, listed topics with what a list row shows; pinned first, then by activity."""
    queryset = (queryset if queryset is not None else Topic.objects.all()).visible_to(user)
    queryset = queryset.listed().select_related(
        "category", "author", "last_post_author", "accepted_answer"
    )
    if user.is_authenticated:
        queryset = queryset.annotate(
            read_number=Subquery(
                TopicReadState.objects.filter(topic=OuterRef("pk"), user=user).values(
                    "last_read_number"
                )[:1]
            ),
            category_marked_at=Subquery(
                CategoryReadState.objects.filter(category=OuterRef("category"), user=user).values(
                    "marked_read_at"
                )[:1]
            ),
        )
    return queryset.order_by("-is_pinned", "-last_post_at", "-pk")


def unread_state(topic, user) -> tuple[bool, int]:
    """(is unread, how many posts are new) for a topic from `topics_for_list`."""
    if not user.is_authenticated:
        return False, 0
    marked = getattr(topic, "category_marked_at", None)
    if marked is not None and marked >= topic.last_post_at:
        return False, 0
    read = getattr(topic, "read_number", None) or 0
    new = max(topic.last_number - read, 0)
    return new > 0, new


def unread_notification_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def page_of_number(number: int) -> int:
    return max((number - 1) // POSTS_PER_PAGE + 1, 1)
