"""Issue 12 finding 8: attachment files leave the storage with their rows, and a command
removes files no row points to."""

import io

import pytest
from django.core.management import call_command

from forum import services
from forum.models import Attachment
from tests.forum.factories import member, moderator, topic_with_posts

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _attach(post) -> Attachment:
    attachment = Attachment(
        post=post, filename="plan.png", content_type="image/png", kind="image", size=len(PNG)
    )
    attachment.file.save("plan.png", io.BytesIO(PNG), save=False)
    attachment.save()
    return attachment


def _storage():
    return Attachment._meta.get_field("file").storage


def test_deleting_a_post_deletes_its_file(django_capture_on_commit_callbacks):
    author = member()
    topic = topic_with_posts(author=author)
    reply = services.post_create(user=author, topic=topic, source="S přílohou.")
    name = _attach(reply).file.name
    assert _storage().exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_delete(user=author, post=reply)
    assert not _storage().exists(name)


def test_deleting_a_topic_deletes_the_files_of_its_posts(django_capture_on_commit_callbacks):
    topic = topic_with_posts(posts=2)
    names = [_attach(post).file.name for post in topic.posts.all()]
    with django_capture_on_commit_callbacks(execute=True):
        topic.delete()
    assert not any(_storage().exists(name) for name in names)


def test_merged_topics_keep_the_files_of_moved_posts(django_capture_on_commit_callbacks):
    source = topic_with_posts(title="Zdroj")
    target = topic_with_posts(title="Cíl")
    name = _attach(source.posts.get(number=1)).file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_merge(moderator=moderator(), source=source, target=target, reason="Totéž.")
    assert _storage().exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        target.delete()  # the merged-away topic's posts went with the target
    assert not _storage().exists(name)


def test_removing_an_attachment_while_editing(client, django_capture_on_commit_callbacks):
    author = member()
    topic = topic_with_posts(author=author)
    post = topic.posts.get(number=1)
    kept, removed = _attach(post), _attach(post)
    client.force_login(author)
    form = client.get(f"/forum/prispevek/{post.pk}/upravit/").content.decode()
    assert "Odebrat přílohy" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/forum/prispevek/{post.pk}/upravit/",
            {"source": post.source, "remove_attachments": [str(removed.pk)]},
        )
    assert response.status_code == 302
    assert list(post.attachments.all()) == [kept]
    assert not _storage().exists(removed.file.name)
    assert _storage().exists(kept.file.name)


def test_someone_else_cannot_remove_an_attachment(client):
    topic = topic_with_posts()
    post = topic.posts.get(number=1)
    attachment = _attach(post)
    client.force_login(member())
    response = client.post(
        f"/forum/prispevek/{post.pk}/upravit/",
        {"source": "Cizí text", "remove_attachments": [str(attachment.pk)]},
    )
    assert response.status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_command_removes_only_orphaned_files():
    topic = topic_with_posts()
    kept = _attach(topic.posts.get(number=1)).file.name
    orphan = _storage().save("2020/01/sirotek.png", io.BytesIO(PNG))
    out = io.StringIO()
    call_command("forum_attachments_clean", "--dry-run", "--min-age-hours=0", stdout=out)
    assert orphan in out.getvalue() and kept not in out.getvalue()
    assert _storage().exists(orphan)
    call_command("forum_attachments_clean", "--min-age-hours=0", stdout=io.StringIO())
    assert not _storage().exists(orphan)
    assert _storage().exists(kept)
