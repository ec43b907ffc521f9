"""Forum topics in search: who finds them (the forum's visibility rule, inside the query) and
how the forum's writes keep the index current through the outbox."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.roles import Role
from forum import markup, services
from forum.models import Category, Post
from forum.search import BODY_MAX_LENGTH, document, documents, post_text
from search import service
from search.models import SearchEntry, SearchOutbox
from tests.factories import OrganisationFactory, UserFactory, user_with_role
from tests.forum.factories import CategoryFactory, bulk_posts, member, moderator, topic_with_posts

pytestmark = pytest.mark.django_db

PUBLIC, PARTNERS, CLOSED = (
    Category.Visibility.PUBLIC,
    Category.Visibility.PARTNERS,
    Category.Visibility.CLOSED,
)
PARTNER_READERS = {"partner_member", "adviser", "moderator", "admin"}
CLOSED_READERS = {"group_member", "moderator", "admin"}


@pytest.fixture
def people():
    non_partner = OrganisationFactory(is_partner=False)
    return {
        "anonymous": AnonymousUser(),
        "no_membership": UserFactory(),
        "learner_non_partner": user_with_role(Role.LEARNER, organisation=non_partner),
        "partner_member": member(),
        "adviser": user_with_role(Role.ADVISER, organisation=non_partner),
        "moderator": moderator(),
        "admin": user_with_role(Role.ADMIN, organisation=non_partner),
        "group_member": user_with_role(Role.LEARNER, organisation=non_partner),
    }


def _search(user, text):
    request = service.search_request_from(QueryDict(urlencode({"q": text})))
    return service.search(request, user)


def _found(user, text) -> set[str]:
    return {hit.key for hit in _search(user, text).hits}


def _key(topic) -> str:
    return f"forum.topic:{topic.pk}"


def _without_marks(html: str) -> str:
    """The page with the search highlighting removed (titles carry <mark> too)."""
    return html.replace("<mark>", "").replace("</mark>", "")


def _assert_found_everywhere(client, user, text, topic, *, expected: bool):
    """The service, the page, suggestions and the API agree, facet counts included."""
    results = _search(user, text)
    assert (_key(topic) in {hit.key for hit in results.hits}) is expected
    assert results.facets.get("kind", {}).get("forum_topic", 0) == int(expected)
    if user.is_authenticated:
        client.force_login(user)
    query = urlencode({"q": text})
    page = _without_marks(client.get(f"/search/?{query}").content.decode())
    assert (topic.title in page) is expected
    suggestions = client.get(reverse("search:suggestions") + f"?{query}").json()["suggestions"]
    assert (topic.title in [item["title"] for item in suggestions]) is expected
    api = client.get(f"/api/search/?{query}").json()
    assert (topic.title in [item["title"] for item in api["results"]]) is expected
    assert api["facets"]["kind"].get("forum_topic", 0) == int(expected)


def test_a_public_topic_is_one_document_found_by_anyone(client, django_capture_on_commit_callbacks):
    category = CategoryFactory(name="Registrační týden", visibility=PUBLIC)
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(category=category, title="Dotazník pro ubytovny")
        services.post_create(
            user=member(), topic=topic, source="Dotazník máme **hotový**, pošlu ho v pondělí."
        )
    entry = SearchEntry.objects.get(key=_key(topic))
    assert (entry.kind, entry.url, entry.place) == (
        "forum_topic",
        topic.get_absolute_url(),
        "Registrační týden",
    )
    assert entry.summary == "První příspěvek."
    assert entry.body == "Dotazník máme hotový, pošlu ho v pondělí."
    assert entry.audiences.split() == ["public"]
    topic.refresh_from_db()
    assert entry.date == timezone.localdate(topic.last_post_at)
    assert _key(topic) in _found(AnonymousUser(), "dotaznik ubytovny")
    body = _without_marks(client.get("/search/?q=dotaznik+ubytovny").content.decode())
    assert "Dotazník pro ubytovny" in body and "Téma ve fóru" in body


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "no_membership",
        "learner_non_partner",
        "partner_member",
        "adviser",
        "moderator",
        "admin",
    ],
)
def test_a_partners_topic_is_found_only_by_those_who_read_the_category(
    client, people, who, django_capture_on_commit_callbacks
):
    category = CategoryFactory(visibility=PARTNERS)
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(category=category, title="Porada partnerů o nájmech")
    _assert_found_everywhere(
        client, people[who], "porada partneru", topic, expected=who in PARTNER_READERS
    )


@pytest.mark.parametrize(
    "who",
    [
        "anonymous",
        "no_membership",
        "partner_member",
        "adviser",
        "group_member",
        "moderator",
        "admin",
    ],
)
def test_a_closed_groups_topic_is_found_only_by_its_members_and_moderators(
    client, people, who, django_capture_on_commit_callbacks
):
    author = member()
    category = CategoryFactory(visibility=CLOSED, members=[people["group_member"], author])
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(category=category, author=author, title="Tajný plán skupiny")
    assert SearchEntry.objects.get(key=_key(topic)).audiences.split() == [
        f"forum-category:{category.pk}"
    ]
    _assert_found_everywhere(
        client, people[who], "tajny plan", topic, expected=who in CLOSED_READERS
    )


def test_joining_or_leaving_a_closed_group_needs_no_reindexing(django_capture_on_commit_callbacks):
    author, newcomer = member(), member()
    category = CategoryFactory(visibility=CLOSED, members=[author])
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(category=category, author=author, title="Zápis ze schůzky")
    assert _key(topic) not in _found(newcomer, "zapis schuzky")
    category.members.add(newcomer)
    assert not SearchOutbox.objects.pending().exists()
    assert _key(topic) in _found(newcomer, "zapis schuzky")
    category.members.remove(newcomer)
    assert _key(topic) not in _found(newcomer, "zapis schuzky")


def test_hiding_a_topic_removes_it_for_everyone_and_restoring_brings_it_back(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(title="Spor o nájemné")
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_set_flag(
            moderator=people["moderator"], topic=topic, action="hide", reason="Osobní údaje."
        )
    assert not SearchEntry.objects.filter(key=_key(topic)).exists()
    assert _key(topic) not in _found(people["moderator"], "spor najemne")
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_set_flag(
            moderator=people["moderator"], topic=topic, action="restore", reason="Upraveno."
        )
    assert _key(topic) in _found(AnonymousUser(), "spor najemne")


def test_a_category_becoming_closed_removes_its_topics_from_others_results(
    people, django_capture_on_commit_callbacks
):
    category = CategoryFactory(visibility=PUBLIC, members=[people["group_member"]])
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(category=category, title="Sociální práce v terénu")
    assert _key(topic) in _found(people["partner_member"], "socialni prace")
    with django_capture_on_commit_callbacks(execute=True):
        category.visibility = CLOSED
        category.save()
    assert _key(topic) not in _found(AnonymousUser(), "socialni prace")
    assert _key(topic) not in _found(people["partner_member"], "socialni prace")
    assert _key(topic) in _found(people["group_member"], "socialni prace")


def test_renaming_a_category_changes_the_place_and_address(django_capture_on_commit_callbacks):
    category = CategoryFactory(name="Stará", slug="stara")
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(category=category, title="Přejmenování")
    with django_capture_on_commit_callbacks(execute=True):
        category.name, category.slug = "Nová", "nova"
        category.save()
    entry = SearchEntry.objects.get(key=_key(topic))
    assert (entry.place, entry.url) == ("Nová", f"/forum/nova/{topic.pk}/")


def test_a_hidden_post_is_not_searchable(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(title="Kauce za byt")
        reply = services.post_create(
            user=member(), topic=topic, source="Volejte na číslo pana Hrozenského."
        )
    assert _key(topic) in _found(AnonymousUser(), "hrozenskeho")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(moderator=people["moderator"], post=reply, reason="Osobní údaje.")
    assert _key(topic) not in _found(people["moderator"], "hrozenskeho")
    assert "Hrozensk" not in SearchEntry.objects.get(key=_key(topic)).body
    assert _key(topic) in _found(AnonymousUser(), "kauce")


def test_editing_a_post_reindexes_its_topic(django_capture_on_commit_callbacks):
    author = member()
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(author=author, title="Smlouva o podnájmu")
    first = topic.posts.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(user=author, post=first, source="Vzor smlouvy je v knihovně.")
    assert _key(topic) in _found(AnonymousUser(), "knihovne")
    assert _key(topic) not in _found(AnonymousUser(), "prvni prispevek")


def test_words_typed_without_diacritics_find_the_topic(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(title="Příspěvek na bydlení v Šumperku")
    assert _key(topic) in _found(AnonymousUser(), "prispevek bydleni sumperku")


def test_deleting_a_topics_only_post_or_the_topic_removes_it(django_capture_on_commit_callbacks):
    author = member()
    with django_capture_on_commit_callbacks(execute=True):
        deleted_post = topic_with_posts(author=author, title="Omylem založené")
        deleted_topic = topic_with_posts(author=author, title="Smazané téma")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_delete(user=author, post=deleted_post.posts.get())
        deleted_topic.delete()
    assert not SearchEntry.objects.filter(
        key__in=[_key(deleted_post), _key(deleted_topic)]
    ).exists()


def test_moving_a_topic_changes_its_audience_and_address(
    people, django_capture_on_commit_callbacks
):
    partners = CategoryFactory(visibility=PARTNERS, slug="partneri")
    with django_capture_on_commit_callbacks(execute=True):
        topic = topic_with_posts(title="Zkušenosti s exekucemi")
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_move(
            moderator=people["moderator"],
            topic=topic,
            category=partners,
            reason="Patří jinam.",
            confirmed_audience=True,
        )
    assert SearchEntry.objects.get(key=_key(topic)).url == f"/forum/partneri/{topic.pk}/"
    assert _key(topic) not in _found(AnonymousUser(), "exekucemi")
    assert _key(topic) in _found(people["partner_member"], "exekucemi")


def test_merging_removes_the_source_and_moves_its_text_to_the_target(
    people, django_capture_on_commit_callbacks
):
    author = member()
    with django_capture_on_commit_callbacks(execute=True):
        target = topic_with_posts(author=author, title="Energie v krizovém bytě")
        source = topic_with_posts(author=author, title="Zálohy na elektřinu")
        services.post_create(user=author, topic=source, source="Dodavatel chce zálohu předem.")
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_merge(
            moderator=people["moderator"], source=source, target=target, reason="Stejná věc."
        )
    assert not SearchEntry.objects.filter(key=_key(source)).exists()
    assert _found(AnonymousUser(), "dodavatel zalohu") == {_key(target)}


def test_a_rolled_back_post_leaves_no_outbox_row():
    topic = topic_with_posts()
    SearchOutbox.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.post_create(user=member(), topic=topic, source="Neodeslané.")
        raise RuntimeError("rolled back")
    assert not SearchOutbox.objects.exists()


def test_post_text_is_plain_text_without_markup():
    html = markup.render("# Nadpis\n\n**Tučně** a `kód` & <b>tag</b>\n\n- jedna\n- dvě").html
    assert post_text(html) == "Nadpis Tučně a kód & <b>tag</b> jedna dvě"


def test_the_body_is_capped():
    topic = topic_with_posts()
    author = member()
    Post.objects.bulk_create(
        Post(
            topic=topic, number=number, author=author, source="x", html=f"<p>{'slovo ' * 4000}</p>"
        )
        for number in range(2, 6)
    )
    body = document(topic.pk).body
    assert BODY_MAX_LENGTH - 10 <= len(body) <= BODY_MAX_LENGTH


def test_documents_yields_every_searchable_topic_in_fixed_queries(
    people, django_assert_num_queries
):
    category = CategoryFactory(visibility=PARTNERS)
    shown = [topic_with_posts(category=category, posts=3, title=f"Téma {n}") for n in range(5)]
    hidden = topic_with_posts(title="Skryté")
    services.topic_set_flag(moderator=people["moderator"], topic=hidden, action="hide", reason="x")
    bulk_posts(topic=shown[0], count=2, author=people["partner_member"])
    with django_assert_num_queries(2):
        all_documents = list(documents())
    assert [doc.key for doc in all_documents] == [_key(topic) for topic in shown]
    assert all_documents == [document(topic.pk) for topic in shown]
    assert document(hidden.pk) is None and document(999_999) is None
