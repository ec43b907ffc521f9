"""Who may write and moderate in the forum. Reading is decided by `visible_to()` in
forum/models.py; these functions build on it. Views, templates and services ask them.

Each `why_cannot_*` returns None when the action is allowed, or a Czech sentence that says why
not and what to do, so the form can show it.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Category, Post, PostingSuspension, Topic, user_is_moderator

NEW_MEMBER_AGE = getattr(settings, "FORUM_NEW_MEMBER_AGE", timezone.timedelta(days=1))
NEW_MEMBER_POSTS_PER_HOUR = getattr(settings, "FORUM_NEW_MEMBER_POSTS_PER_HOUR", 3)


def can_moderate(user) -> bool:
    return user_is_moderator(user)


def can_read_category(user, category: Category) -> bool:
    return Category.objects.visible_to(user).filter(pk=category.pk).exists()


def is_member(user) -> bool:
    """A signed-in person with an organisation membership and a verified e-mail address."""
    if not user.is_authenticated:
        return False
    if not (user.is_superuser or user.roles):
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def active_suspension(user):
    if not user.is_authenticated:
        return None
    return PostingSuspension.objects.filter(user=user, until__gt=timezone.now()).first()


def why_cannot_post(user) -> str | None:
    """Rules for every kind of writing (topics, replies, edits)."""
    if not user.is_authenticated:
        return _("Pro psaní do fóra se přihlaste.")
    if not (user.is_superuser or user.roles):
        return _(
            "Psát mohou jen členové zapojených organizací. Požádejte svou obec nebo poradce "
            "o pozvánku."
        )
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return _("Psát můžete, až potvrdíte svou e-mailovou adresu. Odkaz najdete v e-mailu.")
    suspension = active_suspension(user)
    if suspension is not None:
        return _("Psaní do fóra máte pozastavené do %(until)s. Důvod: %(reason)s") % {
            "until": timezone.localtime(suspension.until).strftime("%d. %m. %Y %H:%M"),
            "reason": suspension.reason,
        }
    return None


def why_rate_limited(user) -> str | None:
    """New members may write only a few posts an hour (counted in the database)."""
    if can_moderate(user) or user.date_joined < timezone.now() - NEW_MEMBER_AGE:
        return None
    hour_ago = timezone.now() - timezone.timedelta(hours=1)
    if Post.objects.filter(author=user, created_at__gte=hour_ago).count() >= (
        NEW_MEMBER_POSTS_PER_HOUR
    ):
        return _(
            "Noví členové mohou první den napsat nejvýš %(count)s příspěvky za hodinu. "
            "Váš text zůstal ve formuláři, odešlete ho prosím později."
        ) % {"count": NEW_MEMBER_POSTS_PER_HOUR}
    return None


def why_cannot_create_topic(user, category: Category) -> str | None:
    return why_cannot_post(user) or why_rate_limited(user)


def merged_refusal(topic: Topic) -> str:
    """Why a merged topic takes no replies, and where to write instead."""
    target = Topic.objects.select_related("category").get(pk=topic.merged_into_id)
    return _(
        "Téma bylo sloučeno do tématu „%(title)s“. Odpovězte prosím tam: %(url)s "
        "Váš text zůstal ve formuláři."
    ) % {"title": target.title, "url": target.get_absolute_url()}


def why_cannot_reply(user, topic: Topic) -> str | None:
    reason = why_cannot_post(user)
    if reason:
        return reason
    if topic.merged_into_id:
        return merged_refusal(topic)
    if topic.is_locked and not can_moderate(user):
        return _("Téma je uzamčené, odpovědi už nepřijímá.")
    if topic.is_hidden and not can_moderate(user):
        return _("Téma je skryté moderátorem, odpovědi nepřijímá.")
    return why_rate_limited(user)


def can_post_in(user, category: Category) -> bool:
    return can_read_category(user, category) and why_cannot_post(user) is None


def can_edit_post(user, post: Post, *, may_post: bool | None = None) -> bool:
    """Moderators edit every post; authors their own while it is shown, the topic open and
    they may write. A page of many posts passes `may_post` (why_cannot_post(user) is None,
    asked once) so that the author's page costs no more queries than anyone else's."""
    if can_moderate(user):
        return True
    if not (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and not post.is_hidden
        and not post.topic.is_locked
    ):
        return False
    return why_cannot_post(user) is None if may_post is None else may_post


def can_delete_post(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and (post.number > 1 or post.topic.post_count <= 1)
    )


def can_accept_answer(user, topic: Topic) -> bool:
    return topic.is_question and (
        can_moderate(user) or (user.is_authenticated and topic.author_id == user.pk)
    )


def can_flag(user, post: Post) -> bool:
    return is_member(user) and post.author_id != user.pk and not post.is_deleted


def can_react(user, post: Post, *, member: bool | None = None) -> bool:
    """ "Pomohlo mi to": members, on shown posts of others. A page passes `member`
    (is_member(user), asked once)."""
    if not user.is_authenticated or post.author_id == user.pk:
        return False
    if post.is_deleted or post.is_hidden:
        return False
    return is_member(user) if member is None else member


def can_hand_over_to_knowledge(user) -> bool:
    """Turning an accepted answer into an FAQ entry of an article: moderators (and admins)
    and advisers."""
    from accounts.roles import Role

    return can_moderate(user) or bool(user.is_authenticated and user.has_role(Role.ADVISER))
