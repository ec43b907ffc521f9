"""What the platform's frameworks (Django, allauth, Wagtail) hold about a person."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from wagtail.admin.models import EditingSession, FormState
from wagtail.models import APIToken, Comment, CommentReply, PageSubscription
from wagtail.users.models import UserProfile

from core.models import OutgoingEmail
from privacy.registry import NotPersonal, OnErase, PersonalData, register, register_not_personal

EDITORIAL = "who did an editorial act: the record stays with the anonymised account"

register(
    PersonalData(
        key="account.emails_sent_to_you",
        model=OutgoingEmail,
        user_field="to",
        # The outbox keeps messages for delivery and as a record; those to the person go
        # with the account (a pending one is no longer sent).
        rows=lambda user: OutgoingEmail.objects.filter(to__icontains=user.email),
        fields=("subject", "status", "created_at", "sent_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="account.email_addresses",
        model=EmailAddress,
        user_field="user",
        fields=("email", "verified", "primary"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="account.second_factor",
        model=Authenticator,
        user_field="user",
        # The type and dates only: secrets and recovery codes never leave the server.
        fields=("type", "created_at", "last_used_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="admin.preferences",
        model=UserProfile,
        user_field="user",
        fields=(
            "preferred_language",
            "current_time_zone",
            "submitted_notifications",
            "approved_notifications",
            "rejected_notifications",
            "updated_comments_notifications",
        ),
        files="avatar",
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="admin.editing_sessions",
        model=EditingSession,
        user_field="user",
        fields=("content_type.model", "object_id", "last_seen_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="admin.unsaved_forms",
        model=FormState,
        user_field="user",
        fields=("content_type.model", "object_id", "last_updated_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="admin.api_tokens",
        model=APIToken,
        user_field="user",
        fields=("name", "created", "revoked_at", "last_used_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="admin.page_subscriptions",
        model=PageSubscription,
        user_field="user",
        fields=("page.title", "comment_notifications"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="admin.comments",
        model=Comment,
        user_field="user",
        fields=("page.title", "text", "created_at", "updated_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        key="admin.comment_replies",
        model=CommentReply,
        user_field="user",
        fields=("comment.page.title", "text", "created_at", "updated_at"),
        on_erase=OnErase.KEEP,
    ),
)

register_not_personal(
    NotPersonal("admin.LogEntry", "user", EDITORIAL),
    NotPersonal("wagtailcore.ModelLogEntry", "user", EDITORIAL),
    NotPersonal("wagtailcore.PageLogEntry", "user", EDITORIAL),
    NotPersonal("wagtailcore.Revision", "user", EDITORIAL),
    NotPersonal("wagtailcore.UploadedFile", "uploaded_by_user", EDITORIAL),
    NotPersonal("wagtailcore.WorkflowState", "requested_by", EDITORIAL),
    NotPersonal("wagtailcore.TaskState", "finished_by", EDITORIAL),
    NotPersonal("wagtailcore.Page", "owner", EDITORIAL),
    NotPersonal("wagtailcore.Page", "locked_by", EDITORIAL),
    NotPersonal("wagtailcore.Comment", "resolved_by", EDITORIAL),
    NotPersonal("wagtaildocs.Document", "uploaded_by_user", EDITORIAL),
    NotPersonal("wagtailimages.Image", "uploaded_by_user", EDITORIAL),
    NotPersonal("privacy.Erasure", "user", "the record of the erasure itself (no name)"),
    NotPersonal("privacy.Erasure", "erased_by", "the administrator who acted on a request"),
)
