"""The partnership forum: categories, topics, posts and what people do with them.

Who may read what is decided here, once, by `Category.objects.visible_to(user)` and
`Topic.objects.visible_to(user)`; who may write is decided by `forum.permissions`.
Writes with side effects go through `forum.services`.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from accounts.roles import Role

# Category slugs that would shadow the forum's own addresses.
RESERVED_SLUGS = (
    "novinky",
    "nezodpovezene",
    "upozorneni",
    "nastaveni",
    "odhlasit",
    "moderace",
    "prispevek",
    "priloha",
    "nahled",
)


def forum_attachment_storage():
    """Attachments live apart from public media: they are served only through a view that
    checks who may read the topic, never by the web server.

    `STORAGES["forum_attachments"]` when configured; otherwise a folder outside MEDIA_ROOT
    (`FORUM_ATTACHMENT_ROOT`, default `private/forum` in the project); in memory when the
    default storage is in memory (tests).
    """
    if "forum_attachments" in settings.STORAGES:
        from django.core.files.storage import storages

        return storages["forum_attachments"]
    if settings.STORAGES["default"]["BACKEND"].endswith("InMemoryStorage"):
        return InMemoryStorage()
    return FileSystemStorage(
        location=getattr(
            settings, "FORUM_ATTACHMENT_ROOT", os.path.join(settings.BASE_DIR, "private", "forum")
        ),
        base_url=None,
    )


def _attachment_path(instance, filename):
    # A random name: the original one is kept in `filename` and given back on download.
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def user_is_moderator(user) -> bool:
    """Moderators (and admins, and superusers) see and do everything in the forum."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(Role.MODERATOR, Role.ADMIN)


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Categories this person may read (the only place that decides it).

        - public: everyone, signed in or not;
        - partners only: partner members (role *Člen partnerské obce*) through a membership of
          an organisation that is a partner of the network, advisers, moderators and admins.
          Learners do not, even those of a partner municipality: the role, not the
          organisation alone, opens the partners' discussions (README, "Roles");
        - closed group: its named members, moderators and admins.
        """
        public = Q(visibility=Category.Visibility.PUBLIC)
        if not user.is_authenticated:
            return self.filter(public)
        if user_is_moderator(user):
            return self.all()
        rule = public | Q(
            Exists(Category.members.through.objects.filter(category=OuterRef("pk"), user=user)),
            visibility=Category.Visibility.CLOSED,
        )
        if user.has_role(Role.ADVISER):
            rule |= Q(visibility=Category.Visibility.PARTNERS)
        else:
            partner_membership = Membership.objects.filter(
                user=user, role=Role.PARTNER_MEMBER, organisation__is_partner=True
            )
            rule |= Q(Exists(partner_membership), visibility=Category.Visibility.PARTNERS)
        return self.filter(rule)

    def audience_key(self, category) -> tuple:
        """What decides who reads `category`: two categories with the same key have the same
        readers (moving a topic between them changes nobody's access)."""
        if category.visibility == Category.Visibility.CLOSED:
            members = Category.members.through.objects.filter(category=category)
            return (category.visibility, frozenset(members.values_list("user_id", flat=True)))
        return (category.visibility,)


class Category(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Veřejná")
        PARTNERS = "partners", _("Jen pro partnery")
        CLOSED = "closed", _("Uzavřená skupina")

    name = models.CharField(_("název"), max_length=120)
    slug = models.SlugField(
        _("adresa"),
        max_length=80,
        unique=True,
        help_text=_("Část adresy kategorie, například „registracni-tyden“."),
    )
    description = models.TextField(
        _("popis"), blank=True, help_text=_("Jedna nebo dvě věty o tom, co do kategorie patří.")
    )
    visibility = models.CharField(
        _("viditelnost"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_(
            "Veřejnou čte každý, jen pro partnery čtou členové partnerských obcí, poradci a "
            "moderátoři, uzavřenou skupinu jen její jmenovití členové a moderátoři."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="forum_groups",
        verbose_name=_("členové skupiny"),
        help_text=_("Jen u uzavřené skupiny: lidé, kteří ji čtou a píší do ní."),
    )
    order = models.PositiveIntegerField(
        _("pořadí"), default=0, help_text=_("Menší číslo je v seznamu výš.")
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("kategorie fóra")
        verbose_name_plural = _("kategorie fóra")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="forum_category_slug_not_reserved",
                violation_error_message=_(
                    "Tuto adresu používá fórum pro své stránky. Zvolte jinou."
                ),
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "partners", "closed"]),
                name="forum_category_visibility_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"category": self.slug})


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


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Obrázek")
        DOCUMENT = "document", _("Dokument")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, storage=forum_attachment_storage)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="forum_attachment_not_empty"),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("forum:attachment", kwargs={"pk": self.pk, "filename": self.filename})


class Flag(models.Model):
    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("Je urážlivý nebo nezdvořilý")
        PERSONAL_DATA = "personal_data", _("Zveřejňuje osobní údaje klientů")
        SPAM = "spam", _("Je to reklama nebo spam")
        OFF_TOPIC = "off_topic", _("Nepatří sem")
        OTHER = "other", _("Jiný důvod")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    reason = models.CharField(_("důvod"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("poznámka"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(resolved_at__isnull=True),
                name="forum_flag_one_open_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.post}: {self.get_reason_display()}"


class ModerationLogEntry(models.Model):
    class Action(models.TextChoices):
        POST_HIDE = "post_hide", _("Skrytí příspěvku")
        POST_RESTORE = "post_restore", _("Obnovení příspěvku")
        FLAGS_DISMISS = "flags_dismiss", _("Zamítnutí nahlášení")
        TOPIC_LOCK = "topic_lock", _("Uzamčení tématu")
        TOPIC_UNLOCK = "topic_unlock", _("Odemčení tématu")
        TOPIC_PIN = "topic_pin", _("Připnutí tématu")
        TOPIC_UNPIN = "topic_unpin", _("Odepnutí tématu")
        TOPIC_HIDE = "topic_hide", _("Skrytí tématu")
        TOPIC_RESTORE = "topic_restore", _("Obnovení tématu")
        TOPIC_MOVE = "topic_move", _("Přesun tématu")
        TOPIC_MERGE = "topic_merge", _("Sloučení témat")
        GROUP_ADD = "group_add", _("Přidání člena skupiny")
        GROUP_REMOVE = "group_remove", _("Odebrání člena skupiny")
        GROUP_INVITE = "group_invite", _("Pozvání do skupiny")
        MEMBER_SUSPEND = "member_suspend", _("Pozastavení psaní")
        MEMBER_UNSUSPEND = "member_unsuspend", _("Zrušení pozastavení")
        POST_EDIT = "post_edit", _("Úprava cizího příspěvku")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("akce"), max_length=20, choices=Action.choices)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("důvod"))
    details = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("záznam moderace")
        verbose_name_plural = _("záznamy moderace")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.moderator})"


class SubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The person's subscriptions to topics and categories they may read now."""
        return self.filter(user=user).filter(
            Q(topic__in=Topic.objects.visible_to(user))
            | Q(category__in=Category.objects.visible_to(user))
        )


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=True, category__isnull=False)
                | Q(topic__isnull=False, category__isnull=True),
                name="forum_subscription_topic_or_category",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="forum_subscription_unique_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_subscription_unique_category",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.topic or self.category}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Notices whose topic the person may read now (the reading rule of `Topic`), and
        notices about the person that name no post (a suspension). Every list, count, e-mail
        and digest goes through this: a topic moved or merged out of someone's reach takes
        its title out of their notices too."""
        return self.filter(
            Q(post__isnull=True) | Q(post__topic__in=Topic.objects.visible_to(user)), user=user
        )

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One notice to one person. About a post someone wrote (mention, reply, new topic) the
    conditional unique constraint makes "exactly once" hold even when a post is edited or two
    reasons apply; notices of moderation (a flag, a hidden post, a move) may repeat."""

    class Reason(models.TextChoices):
        MENTION = "mention", _("zmínil vás")
        REPLY = "reply", _("odpověděl v tématu, které sledujete")
        NEW_TOPIC = "new_topic", _("založil téma v kategorii, kterou sledujete")
        FLAG = "flag", _("nahlásil příspěvek moderátorům")
        POST_HIDDEN = "post_hidden", _("Moderátor skryl váš příspěvek")
        POST_RESTORED = "post_restored", _("Moderátor obnovil váš příspěvek")
        TOPIC_MOVED = "topic_moved", _("Moderátor přesunul téma s vaším příspěvkem")
        TOPIC_MERGED = "topic_merged", _("Moderátor sloučil téma s vaším příspěvkem")
        SUSPENDED = "suspended", _("Moderátor vám pozastavil psaní do fóra")

    # Reasons about what someone wrote: one notice per person and post.
    CONTENT_REASONS = ("mention", "reply", "new_topic")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    message = models.TextField(
        blank=True, help_text="The moderator's reason, for notices of moderation."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"],
                condition=Q(reason__in=["mention", "reply", "new_topic"]),
                name="forum_notification_once",
            ),
            models.CheckConstraint(
                condition=Q(post__isnull=False) | Q(reason="suspended"),
                name="forum_notification_post_unless_suspension",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.post} ({self.reason})"

    @property
    def is_moderation(self) -> bool:
        return self.reason not in self.CONTENT_REASONS


class TopicReadState(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="forum_topic_read_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.topic} #{self.last_read_number}"


class CategoryReadState(models.Model):
    """ "Mark the category as read": topics without activity after this moment are read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="read_states")
    marked_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="forum_category_read_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.category}"


class PostingSuspension(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_suspensions"
    )
    until = models.DateTimeField(_("do"))
    reason = models.TextField(_("důvod"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-until"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__gt=models.F("created_at")),
                name="forum_suspension_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.until:%Y-%m-%d}"


class ForumProfile(models.Model):
    """How a person appears in the forum (a handle for @mentions, never their e-mail) and
    how they want to hear about answers."""

    class EmailMode(models.TextChoices):
        IMMEDIATELY = "immediately", _("Hned e-mailem")
        DAILY = "daily", _("Jednou denně souhrnem")
        OFF = "off", _("Neposílat e-maily")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile"
    )
    handle = models.SlugField(
        _("přezdívka pro zmínky"),
        max_length=40,
        unique=True,
        help_text=_("Ostatní vás zmíní napsáním @přezdívka."),
    )
    email_mode = models.CharField(
        _("e-maily o odpovědích a zmínkách"),
        max_length=12,
        choices=EmailMode.choices,
        default=EmailMode.IMMEDIATELY,
    )
    last_visit_at = models.DateTimeField(null=True, blank=True)
    previous_visit_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=10,
        blank=True,
        help_text="The interface language of the person's last visit: e-mails are written in it.",
    )

    class Meta:
        verbose_name = _("profil ve fóru")
        verbose_name_plural = _("profily ve fóru")

    def __str__(self):
        return f"@{self.handle}"


class GroupInvitation(models.Model):
    """A closed group waiting for someone who has no account yet: when an account with this
    address gets its first membership (the platform's invitation), it joins the group."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "email"],
                condition=Q(accepted_at__isnull=True),
                name="forum_group_invitation_open_once",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.category}"


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
