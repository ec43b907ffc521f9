"""Topics, posts, their revisions and reactions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.categories import Category, user_is_moderator


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Topics in categories this person may read; hidden and merged topics only for
        moderators (merged ones never in lists: their address redirects)."""
        queryset = self.filter(category__in=Category.objects.visible_to(user))
        if not user_is_moderator(user):
            queryset = queryset.filter(is_hidden=False)
        return queryset

    def listed(self):
        return self.filter(merged_into__isnull=True)

    def unanswered_questions(self):
        return self.filter(is_question=True, accepted_answer__isnull=True)


class Topic(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="topics", verbose_name=_("kategorie")
    )
    title = models.CharField(_("název"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_topics"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_post_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Denormalised by the services: the number of the newest post, and how many posts show.
    last_number = models.PositiveIntegerField(default=0)
    post_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(_("připnuté"), default=False)
    is_locked = models.BooleanField(_("uzamčené"), default=False)
    is_hidden = models.BooleanField(_("skryté"), default=False)
    is_question = models.BooleanField(_("otázka"), default=False)
    accepted_answer = models.OneToOneField(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("téma")
        verbose_name_plural = _("témata")
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["category", "-is_pinned", "-last_post_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(post_count__lte=models.F("last_number")),
                name="forum_topic_post_count_not_above_last_number",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="forum_topic_not_merged_into_itself",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:topic", kwargs={"category": self.category.slug, "topic": self.pk})


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(topic__in=Topic.objects.visible_to(user))

    def for_topic_page(self):
        """What a topic page shows, in a fixed number of queries whatever the page size."""
        return self.select_related("author", "author__forum_profile").prefetch_related(
            "attachments"
        )


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField(help_text="Position in the topic, from 1.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts"
    )
    source = models.TextField(_("text"))
    html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    open_flag_count = models.PositiveIntegerField(default=0)
    # Denormalised by the services: how many people marked the post "Pomohlo mi to".
    helpful_count = models.PositiveIntegerField(default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("příspěvek")
        verbose_name_plural = _("příspěvky")
        ordering = ["topic", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="forum_post_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="forum_post_number_positive"),
        ]

    def __str__(self):
        return f"{self.topic} #{self.number}"

    def get_absolute_url(self):
        return reverse("forum:post", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"prispevek-{self.number}"


class PostRevision(models.Model):
    """The text a post had before an edit (moderators read the history)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    source = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.post} ({self.created_at:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
    """ "Pomohlo mi to": one per person and post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="forum_reaction_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.post}"
