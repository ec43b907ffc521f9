"""Demo content for forum, created by `load_demo` from forum/demo_content/. Idempotent: a second
run changes nothing.

Three categories, one of each visibility, and threads in Czech written for the demo about the
subjects of the project's source documents: the registration week, crisis flats and the rules
for allocating municipal flats. The people are the demo accounts of accounts/demo_content and a
few fictional members of Ostrava's working group (role names, no real persons); no quote is
attributed to anyone real.
"""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import membership_set
from core.demo_data import demo_file, demo_files
from forum import services
from forum.models import Category, ForumProfile, Post, Topic


def _group_person(email, first_name, last_name, organisation_slug) -> User:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    # Working-group members appear as authors; nobody signs in as them (no password).
    user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership_set(
        user=user, organisation=Organisation.objects.get(slug=organisation_slug), role=Role.LEARNER
    )
    return user


def _person(email: str) -> User:
    user = User.objects.get(email=email)
    if not ForumProfile.objects.filter(user=user).exists():
        profile = services.profile_for(user)
        # Demo people get a daily digest, so loading the demo sends no e-mail at once.
        profile.email_mode = ForumProfile.EmailMode.DAILY
        profile.save(update_fields=["email_mode"])
    return user


def _thread(category: Category, thread: dict, moderator: User) -> Topic:
    now = timezone.now()
    first, *replies = thread["posts"]
    topic = services.topic_create(
        user=_person(first["author"]),
        category=category,
        title=thread["title"],
        source=first["text"],
        is_question=thread["is_question"],
    )
    posts = [topic.posts.get()]
    helped: set[int] = set()
    # Dates in the past tell the story (and keep the new-member limit out of the way).
    Post.objects.filter(pk=posts[0].pk).update(
        created_at=now - timezone.timedelta(days=first["days_ago"])
    )
    Topic.objects.filter(pk=topic.pk).update(
        created_at=now - timezone.timedelta(days=first["days_ago"])
    )
    for reply in replies:
        post = services.post_create(
            user=_person(reply["author"]), topic=topic, source=reply["text"]
        )
        Post.objects.filter(pk=post.pk).update(
            created_at=now - timezone.timedelta(days=reply["days_ago"])
        )
        posts.append(post)
    services.topic_refresh(topic)
    accepted = [
        post for post, item in zip(posts, thread["posts"], strict=True) if item.get("accepted")
    ]
    if accepted:
        answer = accepted[0]
        services.answer_accept(user=moderator, topic=topic, post=answer)
        # The asker and the other repliers say the accepted answer helped them.
        for post in posts:
            if post.author_id not in (answer.author_id, *helped):
                helped.add(post.author_id)
                services.post_helpful_set(user=post.author, post=answer, helpful=True)
    if "pinned" in thread:
        services.topic_pin(moderator=moderator, topic=topic, reason=thread["pinned"])
    return topic


@transaction.atomic
def load(*, stdout) -> None:
    data = demo_file("forum", "forum")
    if not User.objects.filter(email=data["moderator"]).exists():
        stdout.write("  forum: demo people of accounts are missing, skipped")
        return
    moderator = _person(data["moderator"])
    for item in data["working_group"]:
        _person(
            _group_person(
                item["email"], item["first_name"], item["last_name"], item["organisation"]
            ).email
        )
    categories = sorted(demo_files("forum", "categories").values(), key=lambda item: item["order"])
    for item in categories:
        category, created = Category.objects.get_or_create(
            slug=item["code"],
            defaults={
                "name": item["name"],
                "description": item["description"],
                "visibility": item["visibility"],
                "order": item["order"],
            },
        )
        if not created:
            continue
        stdout.write(f"  forum category {category.name}")
        if "members" in item:
            category.members.set(User.objects.filter(email__in=item["members"]))
        for thread in item["threads"]:
            _thread(category, thread, moderator)
    _link_home_section(data["home_section"])


def _link_home_section(title: str) -> None:
    from home.models import HomePage, HomePageSection

    home = HomePage.objects.first()
    if home is None or not hasattr(HomePageSection, "link_url_name"):
        return
    HomePageSection.objects.filter(page=home, title=title, link_page__isnull=True).exclude(
        link_url_name="forum:index"
    ).update(link_url_name="forum:index")
