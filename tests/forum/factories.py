"""Factories and small builders for forum tests."""

import factory

from accounts.roles import Role
from forum import services
from forum.models import Category, Post, Topic
from tests.factories import OrganisationFactory, UserFactory, user_with_role


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")
    visibility = Category.Visibility.PUBLIC

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


def member(*, role=Role.PARTNER_MEMBER, partner=True, organisation=None, **user_kwargs):
    """A member of an organisation (partner by default), account older than a day."""
    from django.utils import timezone

    organisation = organisation or OrganisationFactory(is_partner=partner)
    user = user_with_role(role, organisation=organisation)
    user.date_joined = timezone.now() - timezone.timedelta(days=30)
    for key, value in user_kwargs.items():
        setattr(user, key, value)
    user.save()
    return user


def moderator():
    return member(role=Role.MODERATOR)


def outsider():
    """Signed in, verified e-mail, but no membership."""
    return UserFactory()


def topic_with_posts(*, category=None, author=None, posts=1, title="Téma", **kwargs) -> Topic:
    """A topic written through the services (so counters and numbering are real)."""
    category = category or CategoryFactory()
    author = author or member()
    topic = services.topic_create(
        user=author, category=category, title=title, source="První příspěvek.", **kwargs
    )
    if posts > 1:
        bulk_posts(topic=topic, count=posts - 1, author=author)
    return topic


def bulk_posts(*, topic: Topic, count: int, author) -> None:
    """Many replies at once, without the per-post work (for query-count tests)."""
    start = topic.last_number
    Post.objects.bulk_create(
        Post(
            topic=topic,
            number=start + index,
            author=author,
            source=f"Odpověď {start + index}",
            html=f"<p>Odpověď {start + index}</p>",
        )
        for index in range(1, count + 1)
    )
    topic.last_number = start + count
    topic.post_count += count
    topic.save(update_fields=["last_number", "post_count"])
