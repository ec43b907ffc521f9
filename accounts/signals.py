"""Keep each person's groups equal to their roles, however a membership changes
(the site's services, the Wagtail admin, the shell)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Membership
from accounts.services import user_sync_groups


@receiver(post_save, sender=Membership, dispatch_uid="membership_saved_sync_groups")
@receiver(post_delete, sender=Membership, dispatch_uid="membership_deleted_sync_groups")
def membership_changed(sender, instance, **kwargs):
    user_sync_groups(user=instance.user)
