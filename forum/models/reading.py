"""What each person has read: topic and category read markers."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from forum.models.categories import Category
from forum.models.topics import Topic


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
