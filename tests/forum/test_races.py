# ruff: noqa: B023 (each lambda runs within its own loop round, by _at_once)
"""Issue 17 item 6: forum writes that race. The threaded tests need PostgreSQL (row locks):
DATABASE_URL=postgres://… pytest -m postgres tests/forum/test_races.py"""

import threading

import pytest
from django.db import connection

from forum import services
from forum.models import ForumProfile, Post, Topic
from tests.factories import UserFactory
from tests.forum.factories import member, moderator, topic_with_posts


def _at_once(*calls):
    """Run each call in its own thread (own database connection), started together; return
    what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_opposite_merges_at_once_leave_no_post_unreachable():
    for _round in range(3):
        first = topic_with_posts(title="A", posts=3)
        second = topic_with_posts(title="B", posts=3)
        mod = moderator()
        results = _at_once(
            lambda: services.topic_merge(moderator=mod, source=first, target=second, reason="1"),
            lambda: services.topic_merge(moderator=mod, source=second, target=first, reason="2"),
        )
        assert sum(isinstance(r, services.ForumError) for r in results) == 1
        merged = Topic.objects.filter(pk__in=[first.pk, second.pk], merged_into__isnull=False)
        assert merged.count() == 1
        survivor = Topic.objects.get(pk__in=[first.pk, second.pk], merged_into__isnull=True)
        assert survivor.posts.count() == 6
        assert merged.get().merged_into_id == survivor.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_topic_merged_into_two_targets_at_once_goes_to_one():
    source = topic_with_posts(title="Zdroj", posts=2)
    left, right = topic_with_posts(title="L"), topic_with_posts(title="P")
    mod = moderator()
    results = _at_once(
        lambda: services.topic_merge(moderator=mod, source=source, target=left, reason="L"),
        lambda: services.topic_merge(moderator=mod, source=source, target=right, reason="P"),
    )
    assert sum(isinstance(r, services.ForumError) for r in results) == 1
    source.refresh_from_db()
    holder = Topic.objects.get(pk=source.merged_into_id)
    assert holder.posts.count() == 3
    assert Post.objects.filter(topic=source).count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_replies_during_a_merge_are_kept_or_refused_with_the_target():
    author = member()
    source = topic_with_posts(author=author, title="Zdroj")
    target = topic_with_posts(title="Cíl")
    mod = moderator()
    calls = [
        lambda: services.topic_merge(moderator=mod, source=source, target=target, reason="M")
    ] + [
        (lambda n=n: services.post_create(user=author, topic=source, source=f"Odpověď {n}"))
        for n in range(5)
    ]
    results = _at_once(*calls)
    replies = results[1:]
    kept = [r for r in replies if isinstance(r, Post)]
    refused = [r for r in replies if isinstance(r, services.ForumError)]
    assert len(kept) + len(refused) == 5
    assert all("Cíl" in str(error) for error in refused)
    # Every reply that was accepted is reachable in the target.
    assert set(Post.objects.filter(topic=target).values_list("pk", flat=True)) >= {
        p.pk for p in kept
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_accepting_an_answer_while_it_is_deleted_never_leaves_a_deleted_answer():
    for _round in range(5):
        asker, helper = member(), member()
        topic = topic_with_posts(author=asker, is_question=True)
        answer = services.post_create(user=helper, topic=topic, source="Odpověď.")
        _at_once(
            lambda: services.answer_accept(user=asker, topic=topic, post=answer),
            lambda: services.post_delete(user=helper, post=answer),
        )
        topic.refresh_from_db()
        assert topic.accepted_answer_id is None
        assert Post.objects.get(pk=answer.pk).is_deleted


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_of_the_same_name_posting_first_at_once_get_two_handles():
    topic = topic_with_posts()
    people = [member(first_name="Jana", last_name="Nováková") for _ in range(3)]
    results = _at_once(
        *[
            (lambda p=p: services.post_create(user=p, topic=topic, source="Dobrý den."))
            for p in people
        ]
    )
    assert all(isinstance(r, Post) for r in results), results
    handles = set(ForumProfile.objects.filter(user__in=people).values_list("handle", flat=True))
    assert len(handles) == 3 and "jana-novakova" in handles


@pytest.mark.django_db
def test_handle_taken_between_the_check_and_the_insert_takes_the_next(monkeypatch):
    """The same collision without threads: the first pick is taken just before the insert."""
    from forum.services import profiles

    first = UserFactory(first_name="Petr", last_name="Malý")
    real = profiles._free_handle
    calls = []

    def stale(base):
        calls.append(base)
        if len(calls) == 1:
            ForumProfile.objects.create(user=UserFactory(), handle=real(base))
            return base  # the handle the other request has just taken
        return real(base)

    monkeypatch.setattr(profiles, "_free_handle", stale)
    profile = services.profile_for(first)
    assert profile.handle == "petr-maly-2"


@pytest.mark.django_db
def test_accepting_a_deleted_post_is_refused():
    asker, helper = member(), member()
    topic = topic_with_posts(author=asker, is_question=True)
    answer = services.post_create(user=helper, topic=topic, source="Odpověď.")
    stale = Post.objects.get(pk=answer.pk)  # read before the deletion
    services.post_delete(user=helper, post=answer)
    with pytest.raises(services.ForumError):
        services.answer_accept(user=asker, topic=topic, post=stale)
    topic.refresh_from_db()
    assert topic.accepted_answer_id is None
