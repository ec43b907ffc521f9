"""Writing: topics, replies, quotes, edits, deletion, preview, limits and bad input."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from forum import services
from forum.models import Attachment, ForumProfile, ModerationLogEntry, Post, PostRevision, Topic
from tests.factories import UserFactory
from tests.forum.factories import CategoryFactory, member, topic_with_posts

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx() -> bytes:
    # Fixed dates: the same bytes on every call (a name alone stamps the current second).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def test_member_creates_topic_and_is_subscribed(client):
    category = CategoryFactory()
    author = member()
    client.force_login(author)
    response = client.post(
        f"/forum/{category.slug}/nove-tema/",
        {"title": "Registrační týden", "source": "Jak jste **sčítali** domácnosti?"},
    )
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert topic.post_count == 1
    assert topic.posts.get().html.startswith("<p>Jak jste <strong>sčítali</strong>")
    assert topic.subscriptions.filter(user=author).exists()
    assert ForumProfile.objects.filter(user=author).exists()


def test_anonymous_is_sent_to_sign_in(client):
    category = CategoryFactory()
    response = client.get(f"/forum/{category.slug}/nove-tema/")
    assert response.status_code == 302
    assert "/ucet/login/" in response["Location"]


def test_person_without_membership_is_refused_with_message(client):
    category = CategoryFactory()
    client.force_login(UserFactory())
    response = client.post(f"/forum/{category.slug}/nove-tema/", {"title": "T", "source": "Text"})
    assert response.status_code == 403
    assert "Psát mohou jen členové" in response.content.decode()
    assert 'value="T"' in response.content.decode()
    assert not Topic.objects.exists()


def test_reply_and_quote(client):
    topic = topic_with_posts()
    replier = member()
    client.force_login(replier)
    quote_page = client.get(f"{topic.get_absolute_url()}odpovedet/?citovat={topic.posts.get().pk}")
    assert "&gt; První příspěvek." in quote_page.content.decode()
    response = client.post(f"{topic.get_absolute_url()}odpovedet/", {"source": "Souhlasím."})
    assert response.status_code == 302
    assert response["Location"].endswith("#prispevek-2")
    topic.refresh_from_db()
    assert (topic.post_count, topic.last_number, topic.last_post_author) == (2, 2, replier)


def test_preview_does_not_save_and_keeps_text(client):
    topic = topic_with_posts()
    client.force_login(member())
    response = client.post(
        f"{topic.get_absolute_url()}odpovedet/", {"source": "**Náhled** textu", "nahled": "1"}
    )
    assert response.status_code == 200
    assert "<strong>Náhled</strong>" in response.content.decode()
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    ("source", "message"),
    [("   ", "Příspěvek je prázdný"), ("x" * 20_001, "nejvýš 20000 znaků")],
)
def test_empty_or_too_long_post_is_refused_and_kept(client, source, message):
    topic = topic_with_posts()
    client.force_login(member())
    response = client.post(f"{topic.get_absolute_url()}odpovedet/", {"source": source})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Post.objects.count() == 1


def test_locked_topic_refuses_replies_but_keeps_text(client):
    topic = topic_with_posts()
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    client.force_login(member())
    response = client.post(f"{topic.get_absolute_url()}odpovedet/", {"source": "Můj dlouhý text"})
    assert response.status_code == 403
    assert "Téma je uzamčené" in response.content.decode()
    assert "Můj dlouhý text" in response.content.decode()
    assert Post.objects.count() == 1


def test_moderator_may_reply_to_locked_topic():
    topic = topic_with_posts()
    Topic.objects.filter(pk=topic.pk).update(is_locked=True)
    topic.refresh_from_db()
    services.post_create(user=member(role=Role.MODERATOR), topic=topic, source="Uzavírám.")
    assert topic.posts.count() == 2


def test_hidden_topic_refuses_replies():
    topic = topic_with_posts()
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    topic.refresh_from_db()
    with pytest.raises(services.PermissionDenied):
        services.post_create(user=member(), topic=topic, source="Ahoj")


def test_new_members_are_rate_limited(client, settings):
    topic = topic_with_posts()
    newcomer = member()
    newcomer.date_joined = timezone.now()
    newcomer.save()
    client.force_login(newcomer)
    for number in range(3):
        response = client.post(
            f"{topic.get_absolute_url()}odpovedet/", {"source": f"Text {number}"}
        )
        assert response.status_code == 302
    response = client.post(f"{topic.get_absolute_url()}odpovedet/", {"source": "Čtvrtý"})
    assert response.status_code == 403
    assert "nejvýš 3 příspěvky za hodinu" in response.content.decode()
    assert "Čtvrtý" in response.content.decode()


def test_suspended_member_cannot_post(client):
    topic = topic_with_posts()
    writer = member()
    services.member_suspend(
        moderator=member(role=Role.MODERATOR),
        member=writer,
        until=timezone.now() + timezone.timedelta(days=3),
        reason="Opakované urážky.",
    )
    client.force_login(writer)
    response = client.post(f"{topic.get_absolute_url()}odpovedet/", {"source": "Text"})
    assert response.status_code == 403
    assert "Opakované urážky." in response.content.decode()


def test_edit_keeps_revision_and_only_author_or_moderator_may(client):
    topic = topic_with_posts()
    post = topic.posts.get()
    client.force_login(member())
    assert client.get(f"/forum/prispevek/{post.pk}/upravit/").status_code == 403
    client.force_login(topic.author)
    response = client.post(f"/forum/prispevek/{post.pk}/upravit/", {"source": "Opravený text."})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.source == "Opravený text." and post.edited_at
    assert PostRevision.objects.get(post=post).source == "První příspěvek."
    assert client.get(f"/forum/prispevek/{post.pk}/historie/").status_code == 403
    moderator = member(role=Role.MODERATOR)
    client.force_login(moderator)
    history = client.get(f"/forum/prispevek/{post.pk}/historie/")
    assert "První příspěvek." in history.content.decode()
    client.post(f"/forum/prispevek/{post.pk}/upravit/", {"source": "Zkráceno moderátorem."})
    assert ModerationLogEntry.objects.filter(action="post_edit", moderator=moderator).exists()


def test_author_deletes_own_reply(client):
    topic = topic_with_posts(posts=2)
    reply = topic.posts.get(number=2)
    client.force_login(member())
    assert client.post(f"/forum/prispevek/{reply.pk}/smazat/").status_code == 403
    client.force_login(topic.author)
    assert client.get(f"/forum/prispevek/{reply.pk}/smazat/").status_code == 200
    assert client.post(f"/forum/prispevek/{reply.pk}/smazat/").status_code == 302
    reply.refresh_from_db()
    topic.refresh_from_db()
    assert reply.is_deleted and reply.source == ""
    assert topic.post_count == 1
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Příspěvek smazal jeho autor." in page


def test_image_and_document_attachments_are_stored_and_served_to_readers(client):
    topic = topic_with_posts()
    client.force_login(member())
    response = client.post(
        f"{topic.get_absolute_url()}odpovedet/",
        {
            "source": "Přikládám plán.",
            "attachments": [
                SimpleUploadedFile("plan.png", PNG, content_type="image/png"),
                SimpleUploadedFile("pravidla.docx", _docx(), content_type="application/zip"),
            ],
        },
    )
    assert response.status_code == 302
    image, document = Attachment.objects.order_by("pk")
    assert (image.kind, image.content_type) == ("image", "image/png")
    assert document.kind == "document"
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == _docx()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("skript.html", b"<script>alert(1)</script>", "nelze přiložit"),
        ("fotka.png", b"<script>alert(1)</script>", "neodpovídá jeho příponě"),
        ("dokument.pdf", PNG, "neodpovídá jeho příponě"),
        ("prazdny.pdf", b"", "prázdný"),
        ("velky.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "větší než povolených"),
    ],
)
def test_forbidden_attachments_are_refused_and_text_kept(client, name, content, message):
    topic = topic_with_posts()
    client.force_login(member())
    response = client.post(
        f"{topic.get_absolute_url()}odpovedet/",
        {"source": "Můj text", "attachments": [SimpleUploadedFile(name, content)]},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Můj text" in response.content.decode()
    assert Post.objects.count() == 1


def test_attachments_of_unreadable_topics_are_404(client):
    from forum.models import Category

    author = member()
    closed = CategoryFactory(visibility=Category.Visibility.CLOSED, members=[author])
    topic = topic_with_posts(category=closed, author=author)
    post = topic.posts.get()
    attachment = Attachment(
        post=post, filename="a.png", content_type="image/png", kind="image", size=len(PNG)
    )
    attachment.file.save("a.png", io.BytesIO(PNG), save=False)
    attachment.save()
    client.force_login(member())
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(author)
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_writing_in_an_unreadable_category_is_404(client):
    from forum.models import Category

    partners = CategoryFactory(visibility=Category.Visibility.PARTNERS)
    topic = topic_with_posts(category=partners)
    client.force_login(member(partner=False))
    assert (
        client.post(f"/forum/{partners.slug}/nove-tema/", {"title": "T", "source": "x"}).status_code
        == 404
    )
    assert client.post(f"{topic.get_absolute_url()}odpovedet/", {"source": "x"}).status_code == 404
    assert Post.objects.count() == 1


def test_reply_to_hidden_topic_is_404_for_members(client):
    topic = topic_with_posts()
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    client.force_login(member())
    assert client.post(f"{topic.get_absolute_url()}odpovedet/", {"source": "x"}).status_code == 404


def test_script_in_a_post_is_shown_as_text_on_the_page(client):
    topic = topic_with_posts()
    client.force_login(member())
    client.post(
        f"{topic.get_absolute_url()}odpovedet/",
        {"source": '<script>alert(1)</script> <a href="javascript:alert(1)" onclick="x()">x</a>'},
    )
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert '<a href="javascript:' not in page
    assert "&lt;script&gt;alert(1)" in page
