"""Reading state: how far each person has read each topic, and "mark as read"."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from forum.models import Category, CategoryReadState, Topic, TopicReadState


def topic_mark_read(*, user: User, topic: Topic, number: int) -> None:
    """Move the person's read marker forward (never back)."""
    if not user.is_authenticated:
        return
    state = TopicReadState.objects.filter(user=user, topic=topic).first()
    if state is None:
        try:
            with transaction.atomic():
                TopicReadState.objects.create(user=user, topic=topic, last_read_number=number)
        except IntegrityError:
            pass  # Another request of the same person created it; the next page view moves it.
    elif state.last_read_number < number:
        TopicReadState.objects.filter(pk=state.pk, last_read_number__lt=number).update(
            last_read_number=number
        )


@transaction.atomic
def category_mark_read(*, user: User, category: Category) -> None:
    CategoryReadState.objects.update_or_create(
        user=user, category=category, defaults={"marked_read_at": timezone.now()}
    )


@transaction.atomic
def all_mark_read(*, user: User) -> int:
    """ "Mark all read": every category the person may read, now. Returns how many."""
    categories = list(Category.objects.visible_to(user))
    for category in categories:
        category_mark_read(user=user, category=category)
    return len(categories)
