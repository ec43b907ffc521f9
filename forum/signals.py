"""What must follow other writes, whoever makes them (services, the admin, cascades):

- an attachment's file leaves the storage with its row: a deleted post, a post of a deleted
  topic, an attachment removed while editing. After the commit, so a rolled-back deletion
  keeps its file; `manage.py forum_attachments_clean` removes files left over from before.
- someone who accepts the platform's invitation joins the closed groups that waited for that
  address (forum.services.group_invitations_apply).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Invitation
from forum.models import Attachment


@receiver(post_delete, sender=Attachment, dispatch_uid="forum-attachment-file-delete")
def attachment_file_delete(sender, instance, **kwargs):
    name = instance.file.name
    storage = instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_save, sender=Invitation, dispatch_uid="forum-group-invitations-apply")
def group_invitations_apply(sender, instance, **kwargs):
    if instance.accepted_at and instance.accepted_by_id:
        from forum.services import group_invitations_apply

        group_invitations_apply(user=instance.accepted_by, email=instance.email)
