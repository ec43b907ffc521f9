"""Closed working groups kept by another part of the platform (issue 20, item 6).

A course cohort of one town owns its group: `courses.cohort_groups` decides who belongs,
these functions create the group and bring its members in step. Every change is a line of
the moderation log, as when a moderator adds or removes someone by hand."""

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from forum.models import RESERVED_SLUGS, Category, ModerationLogEntry, Subscription


def _free_slug(name: str) -> str:
    base = (slugify(name) or "pracovni-skupina")[:70].strip("-")
    taken = set(
        Category.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    ) | set(RESERVED_SLUGS)
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def working_group_create(*, name: str, description: str) -> Category:
    """A new closed group (no members yet) with a free address made from its name."""
    category = Category(
        name=name[:120],
        slug=_free_slug(name),
        description=description,
        visibility=Category.Visibility.CLOSED,
    )
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def working_group_members_sync(
    *, category: Category, wanted: set[int], managed: set[int], actor, reason: str
) -> tuple[set[int], set[int]]:
    """Make the group's members among `managed` (the people the caller answers for) exactly
    `wanted`; members the caller does not answer for (added by a moderator) stay. People who
    leave lose their subscriptions inside the group. Returns (added, removed) user ids."""
    current = set(category.members.values_list("pk", flat=True))
    added = wanted - current
    removed = (current & managed) - wanted
    if added:
        category.members.add(*added)
    if removed:
        category.members.remove(*removed)
        Subscription.objects.filter(
            Q(topic__category=category) | Q(category=category), user_id__in=removed
        ).delete()
    ModerationLogEntry.objects.bulk_create(
        ModerationLogEntry(
            moderator=actor,
            action=action,
            category=category,
            member_id=user_id,
            reason=reason,
            details=category.name[:300],
        )
        for action, user_ids in (
            (ModerationLogEntry.Action.GROUP_ADD, added),
            (ModerationLogEntry.Action.GROUP_REMOVE, removed),
        )
        for user_id in sorted(user_ids)
    )
    return added, removed
