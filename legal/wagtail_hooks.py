from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from legal.models import ContactMessage


class ContactMessageViewSet(SnippetViewSet):
    """Messages from the contact form, for administrators (who hold the view permission)."""

    model = ContactMessage
    icon = "mail"
    menu_label = _("Zprávy z webu")
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["name", "email", "subject", "created_at", "forwarded_at"]
    list_filter = ["forwarded_at"]
    search_fields = ["name", "email", "subject", "body"]
    inspect_view_enabled = True
    copy_view_enabled = False


register_snippet(ContactMessageViewSet)
