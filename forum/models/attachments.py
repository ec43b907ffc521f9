"""Attachments of posts, stored apart from public media."""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.topics import Post


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
