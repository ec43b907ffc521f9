"""Reads of the forum that lists need: counts, latest activity and unread state, each in a
fixed number of queries however many categories, topics or posts there are."""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import User
from forum.models import (
    Category,
    CategoryReadState,
    Notification,
    Reaction,
    Topic,
    TopicReadState,
)

TOPICS_PER_PAGE = 30
POSTS_PER_PAGE = 20

_LISTED = Q(topics__merged_into__isnull=True, topics__is_hidden=False)


def _only_unread(queryset, user):
    """The topics of `queryset` the person has not read to the end, leaving out those with no
    activity since they marked the category (or everything) read. The one definition of
    "unread" behind the index, the lists, "new since your last visit" and the header."""
    return queryset.exclude(
        Exists(
            TopicReadState.objects.filter(
                topic=OuterRef("pk"), user=user, last_read_number__gte=OuterRef("last_number")
            )
        )
    ).exclude(
        Exists(
            CategoryReadState.objects.filter(
                category=OuterRef("category"),
                user=user,
                marked_read_at__gte=OuterRef("last_post_at"),
            )
        )
    )


def _unread_topics(user, *, category_ref: str):
    """Unread topics of one category (for a subquery per category row)."""
    return _only_unread(
        Topic.objects.filter(merged_into__isnull=True, is_hidden=False), user
    ).filter(category=OuterRef(category_ref))


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


def new_since_visit(user, *, since=None):
    """ "Nové od poslední návštěvy": unread topics with activity after `since` (the previous
    visit), every unread topic when there was none. Opening the forum does not empty it:
    a topic leaves it when it is read, or marked read."""
    queryset = _only_unread(topics_for_list(user), user)
    if since is not None:
        queryset = queryset.filter(last_post_at__gt=since)
    return queryset


def unread_topic_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return _only_unread(Topic.objects.visible_to(user).listed(), user).count()


def unread_notification_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()


def _count(queryset):
    """`queryset`'s row count as a scalar subquery."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )


def header_counts(user) -> dict:
    """Unread topics and unread notifications for the site header: one query for a
    signed-in person (both counts as subqueries), none for a visitor, and computed once
    per request (kept on the request's user object)."""
    if not user.is_authenticated:
        return {"topics": 0, "notifications": 0}
    cached = getattr(user, "_forum_header_counts", None)
    if cached is None:
        topics = _only_unread(Topic.objects.visible_to(user).listed(), user)
        notifications = Notification.objects.visible_to(user).unread()
        cached = (
            User.objects.filter(pk=user.pk)
            .annotate(topics=_count(topics), notifications=_count(notifications))
            .values("topics", "notifications")
            .first()
        ) or {"topics": 0, "notifications": 0}
        user._forum_header_counts = cached
    return cached


@dataclass
class AudienceChange:
    """Who reads a topic now, who would after moving it to `category`, and which of the
    people who take part in it (authors, followers) would lose access."""

    old: Category
    new: Category
    changed: bool
    now_readers: str
    new_readers: str
    losing: list = field(default_factory=list)
    gaining_members: list = field(default_factory=list)


def readers_description(category: Category) -> str:
    if category.visibility == Category.Visibility.PUBLIC:
        return _("každý, i návštěvníci bez přihlášení")
    if category.visibility == Category.Visibility.PARTNERS:
        return _("členové partnerských obcí, poradci a moderátoři")
    return _("jen členové skupiny „%(name)s“ (%(count)s) a moderátoři") % {
        "name": category.name,
        "count": category.members.count(),
    }


def audience_change(*, topic: Topic, category: Category) -> AudienceChange:
    old = Category.objects.get(pk=topic.category_id)
    changed = Category.objects.audience_key(old) != Category.objects.audience_key(category)
    losing, gaining = [], []
    if changed:
        participants = User.objects.filter(
            Q(pk__in=topic.posts.values("author_id"))
            | Q(pk__in=topic.subscriptions.values("user_id"))
        ).order_by("last_name", "first_name", "pk")
        losing = [
            person
            for person in participants
            if not Category.objects.visible_to(person).filter(pk=category.pk).exists()
        ]
        if category.visibility == Category.Visibility.CLOSED:
            gaining = [
                person
                for person in category.members.order_by("last_name", "first_name", "pk")
                if not Category.objects.visible_to(person).filter(pk=old.pk).exists()
            ]
    return AudienceChange(
        old=old,
        new=category,
        changed=changed,
        now_readers=readers_description(old),
        new_readers=readers_description(category),
        losing=losing,
        gaining_members=gaining,
    )


def page_of_number(number: int) -> int:
    return max((number - 1) // POSTS_PER_PAGE + 1, 1)


def helpful_post_ids(user, posts) -> set[int]:
    """Which of `posts` the person marked "Pomohlo mi to" (one query for a page)."""
    if not user.is_authenticated or not posts:
        return set()
    return set(
        Reaction.objects.filter(user=user, post__in=[post.pk for post in posts]).values_list(
            "post_id", flat=True
        )
    )
