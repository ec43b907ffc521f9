"""What the forum contributes to search: one document per topic, readable by whoever may read
its category.

A topic in a public category is for everyone ("public"); a topic in any other category is for
the audience "forum-category:<pk>", and a person has that audience when
`Category.objects.visible_to()` lets them read the category. So the forum's own rule decides,
at query time: a new partner, a new member of a closed group or a new moderator finds the
topics at once, without re-indexing, and losing the role loses them at once too.

Hidden topics, merged ones (their address redirects) and hidden or deleted posts are never
in the index. Every write of the forum saves a topic, post or category, so the `post_save` and
`post_delete` signals below put each change into the outbox in the write's own transaction.
"""

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models import Category, Post, Topic
from search import registry
from search.documents import PUBLIC, SearchDocument, html_text
from search.outbox import outbox_add, outbox_remove

KIND = "forum_topic"
BODY_MAX_LENGTH = 50_000
CHUNK_SIZE = 200


def category_audience(category: Category) -> str:
    return f"forum-category:{category.pk}"


def topic_audiences(category: Category) -> tuple[str, ...]:
    if category.visibility == Category.Visibility.PUBLIC:
        return (PUBLIC,)
    return (category_audience(category),)


def user_category_audiences(user) -> set[str]:
    """The non-public categories this person may read, as audiences (the forum's rule)."""
    readable = Category.objects.visible_to(user).exclude(visibility=Category.Visibility.PUBLIC)
    return {f"forum-category:{pk}" for pk in readable.values_list("pk", flat=True)}


def post_text(html: str) -> str:
    """The plain text of a post's stored (sanitised) HTML."""
    return html_text(html)


def _searchable_topics():
    """Topics that belong in the index, each with its visible posts in `searchable_posts`."""
    visible_posts = (
        Post.objects.filter(is_hidden=False, is_deleted=False)
        .only("pk", "topic_id", "number", "html")
        .order_by("number")
    )
    return (
        Topic.objects.filter(is_hidden=False, merged_into__isnull=True)
        .select_related("category")
        .prefetch_related(Prefetch("posts", queryset=visible_posts, to_attr="searchable_posts"))
    )


def topic_document(topic: Topic) -> SearchDocument:
    """The document of a topic from `_searchable_topics()`: the first visible post is the
    summary, the others, in order, the body."""
    texts = [text for text in (post_text(post.html) for post in topic.searchable_posts) if text]
    summary = texts[0] if texts else ""
    body = " ".join(texts[1:])
    if len(body) > BODY_MAX_LENGTH:
        body = body[:BODY_MAX_LENGTH].rsplit(" ", 1)[0]
    return SearchDocument(
        key=registry.document_key(topic),
        kind=KIND,
        title=topic.title,
        url=topic.get_absolute_url(),
        summary=summary,
        body=body,
        date=timezone.localdate(topic.last_post_at),
        place=topic.category.name,
        audiences=topic_audiences(topic.category),
    )


def document(pk: int) -> SearchDocument | None:
    topic = _searchable_topics().filter(pk=pk).first()
    return topic_document(topic) if topic is not None else None


def documents():
    for topic in _searchable_topics().order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        yield topic_document(topic)


def documents_for(pks: list[int]) -> list[SearchDocument]:
    return [topic_document(topic) for topic in _searchable_topics().filter(pk__in=pks)]


registry.register_kind(KIND, _("Téma ve fóru"))
registry.register_source(
    registry.Source(Topic._meta.label_lower, (KIND,), documents, document, documents_for)
)
registry.register_audience_provider(user_category_audiences)


# --- keeping the index current --------------------------------------------------------------


def _topic_key(pk: int) -> str:
    return f"{Topic._meta.label_lower}:{pk}"


def _topic_saved(sender, instance, **kwargs):
    # Covers hiding, restoring, renaming, moving (category), merging (the source's
    # merged_into; the target through topic_refresh) and new activity (last_post_at).
    outbox_add([registry.document_key(instance)])


def _topic_deleted(sender, instance, **kwargs):
    outbox_remove([registry.document_key(instance)])


def _post_changed(sender, instance, **kwargs):
    # A new, edited, hidden, restored or deleted post changes its topic's document; when the
    # topic itself is being deleted the drain finds no topic and removes the key.
    outbox_add([_topic_key(instance.topic_id)])


def _category_saved(sender, instance, created, **kwargs):
    # Visibility (the audience), name (the place) and slug (the address) are in every topic's
    # document. Members are not: they are read when someone searches, so changing them needs
    # no re-indexing.
    if not created:
        outbox_add(_topic_key(pk) for pk in instance.topics.values_list("pk", flat=True))


post_save.connect(_topic_saved, sender=Topic, weak=False, dispatch_uid="search-forum-topic")
post_delete.connect(_topic_deleted, sender=Topic, weak=False, dispatch_uid="search-del-forum-topic")
post_save.connect(_post_changed, sender=Post, weak=False, dispatch_uid="search-forum-post")
post_delete.connect(_post_changed, sender=Post, weak=False, dispatch_uid="search-del-forum-post")
post_save.connect(
    _category_saved, sender=Category, weak=False, dispatch_uid="search-forum-category"
)
