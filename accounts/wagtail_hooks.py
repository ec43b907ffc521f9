"""Organisations, memberships and invitations in the Wagtail admin (administrators)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from accounts.models import Invitation, Membership, Organisation


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    url_prefix = "organisations"
    icon = "site"
    menu_label = _("Organizace")
    list_display = ["short_name", "name", "kind", "region", "population", "is_partner"]
    list_filter = ["kind", "region", "is_partner"]
    search_fields = ["name", "short_name"]
    form_fields = [
        "name",
        "short_name",
        "slug",
        "kind",
        "region",
        "population",
        "is_partner",
        "partner_since",
    ]
    ordering = ["short_name"]


class MembershipViewSet(ModelViewSet):
    model = Membership
    url_prefix = "memberships"
    icon = "group"
    menu_label = _("Členství")
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation"]
    form_fields = ["user", "organisation", "role"]


class InvitationViewSet(ModelViewSet):
    model = Invitation
    url_prefix = "invitations"
    icon = "mail"
    menu_label = _("Pozvánky")
    list_display = ["email", "organisation", "role", "invited_by", "expires_at", "accepted_at"]
    list_filter = ["role", "organisation"]
    search_fields = ["email"]
    # Invitations are created on the site (which e-mails the link), never edited here.
    add_to_admin_menu = False
    inspect_view_enabled = True
    form_fields = ["email", "organisation", "role"]


class PeopleViewSetGroup(ViewSetGroup):
    menu_label = _("Obce a lidé")
    menu_icon = "group"
    menu_order = 250
    items = (OrganisationViewSet, MembershipViewSet, InvitationViewSet)


@hooks.register("register_admin_viewset")
def register_people_viewsets():
    return PeopleViewSetGroup()
