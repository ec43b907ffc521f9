import io

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from forum import demo
from forum.models import Category, Notification, Post, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_site):
    """The demo content, loaded once for all demo tests (tests/conftest.py)."""


def test_demo_has_a_category_of_each_visibility(loaded):
    assert set(Category.objects.values_list("visibility", flat=True)) == {
        "public",
        "partners",
        "closed",
    }
    # Ostrava's working group (Jihlava's team cohort has a closed group of its own).
    group = Category.objects.get(visibility="closed", slug="ostrava-koncepce-bydleni")
    assert group.members.count() >= 7
    assert list(Category.objects.visible_to(AnonymousUser())) == [
        Category.objects.get(visibility="public")
    ]


def test_demo_has_an_answered_question_a_pinned_topic_and_a_mention(loaded):
    assert Topic.objects.filter(is_question=True, accepted_answer__isnull=False).exists()
    assert Topic.objects.filter(is_pinned=True).exists()
    assert Notification.objects.filter(
        reason="mention", user__email="skupina-bytovy-odbor@demo.example"
    ).exists()
    assert Post.objects.filter(html__contains='class="mention"').exists()


def test_demo_is_idempotent(loaded):
    counts = (User.objects.count(), Topic.objects.count(), Post.objects.count())
    demo.load(stdout=io.StringIO())
    assert (User.objects.count(), Topic.objects.count(), Post.objects.count()) == counts


def test_demo_links_the_home_page_section(loaded):
    from home.models import HomePageSection

    section = HomePageSection.objects.get(title="Fórum partnerských obcí")
    assert section.link_url_name == "forum:index"
