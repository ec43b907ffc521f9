"""What the contact form holds about a person."""

from django.db.models import Q

from legal.models import ContactMessage
from privacy.registry import OnErase, PersonalData, RetentionRule, register, register_retention

register(
    PersonalData(
        key="legal.contact_messages",
        model=ContactMessage,
        user_field="sender",
        # Also what the person sent before signing in, under the same address.
        rows=lambda user: ContactMessage.objects.filter(
            Q(sender=user) | Q(email__iexact=user.email)
        ),
        fields=("name", "email", "subject", "body", "created_at"),
        on_erase=OnErase.DELETE,
    ),
)
register_retention(RetentionRule("contact_messages", ContactMessage, "created_at"))
