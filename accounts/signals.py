"""Keep each person's groups equal to their roles, however a membership changes
(the site's services, the Wagtail admin, the shell); record a TOTP set up in a session as a
second factor used in it."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Membership
from accounts.services import user_sync_groups


@receiver(post_save, sender=Membership, dispatch_uid="membership_saved_sync_groups")
@receiver(post_delete, sender=Membership, dispatch_uid="membership_deleted_sync_groups")
def membership_changed(sender, instance, **kwargs):
    user_sync_groups(user=instance.user)


@receiver(authenticator_added, dispatch_uid="totp_activated_counts_as_second_factor")
def totp_activated(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP takes a valid code: the session has used the second factor, so the
    person is not asked for another code right after setting it up."""
    if request is None or authenticator.type != Authenticator.Type.TOTP:
        return
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
