"""Categories in the Wagtail admin: moderators and admins create closed groups."""

import pytest

from accounts.roles import Role
from forum.models import Category
from tests.forum.factories import member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "status"), [(Role.MODERATOR, 200), (Role.ADVISER, 302)])
def test_category_admin_for_moderators(client, role, status):
    client.force_login(member(role=role))
    assert client.get("/admin/forum_categories/").status_code == status


def test_moderator_creates_a_closed_group_with_members(client):
    moderator = member(role=Role.MODERATOR)
    colleague = member()
    client.force_login(moderator)
    response = client.post(
        "/admin/forum_categories/new/",
        {
            "name": "Pracovní skupina Písek",
            "slug": "skupina-pisek",
            "description": "",
            "visibility": "closed",
            "members": [colleague.pk],
            "order": 5,
        },
    )
    assert response.status_code == 302
    group = Category.objects.get(slug="skupina-pisek")
    assert list(group.members.all()) == [colleague]


def test_reserved_slug_is_refused(client):
    client.force_login(member(role=Role.MODERATOR))
    response = client.post(
        "/admin/forum_categories/new/",
        {"name": "Moderace", "slug": "moderace", "visibility": "public", "order": 1},
    )
    assert response.status_code == 200
    assert "Tuto adresu používá fórum" in response.content.decode()
    assert not Category.objects.filter(slug="moderace").exists()
