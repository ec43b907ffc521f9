"""Forum categories in the Wagtail admin (moderators and admins create closed groups and
name their members here) and a menu link to the moderation queue on the site."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from forum import permissions
from forum.models import Category


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "group"
    menu_label = _("Kategorie fóra")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "slug", "visibility", "order"]
    list_filter = ["visibility"]
    search_fields = ["name", "description"]
    ordering = ["order", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("visibility"),
        FieldPanel("members"),
        FieldPanel("order"),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_moderate(request.user)


@hooks.register("register_admin_viewset")
def register_category_viewset():
    return CategoryViewSet("forum_categories")


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Moderace fóra"), reverse("forum:moderation_queue"), icon_name="warning", order=261
    )
