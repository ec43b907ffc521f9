"""Rows of the authorization matrix for forum (see tests/authorization.py).

`prepare` builds three categories: public ("verejna"), partners only ("partneri") and a closed
group ("skupina", whose members are partner_member and other_organisation). Everyone's
organisation is a partner of the network (the factory's default), but the learner does not read
the partners' category: the role partner member opens it, not the organisation alone; the
adviser reads it by role but is not in the closed group.
Private objects someone may not read are 404, never 403.
"""

from django.core.files.base import ContentFile

from tests.authorization import everyone, signed_in

_MODERATORS = {**everyone(403), "anonymous": 302, "moderator": 200, "admin": 200}
_CLOSED_READERS = ("partner_member", "moderator", "admin", "other_organisation")


def _closed(status):
    """`status` for the closed group's readers, 404 for everyone else."""
    return {actor: (status if actor in _CLOSED_READERS else 404) for actor in everyone(0)}


def _partners(status, *, anonymous=404):
    """Partners-only: partner members of partner organisations, advisers, moderators and
    admins; not learners, even of a partner municipality (README, "Roles")."""
    return {**everyone(status), "anonymous": anonymous, "learner": 404}


ROWS = {
    "forum/": [("/forum/", everyone(200), True)],
    # Handing an answer over to the knowledge base: moderators, admins and advisers; the
    # posts of `prepare` are not accepted answers (400); a closed group stays unseen (404).
    "forum/prispevek/<int:pk>/do-znalosti/": [
        (
            "/forum/prispevek/9002/do-znalosti/",
            {**signed_in(403, anonymous=302), "adviser": 400, "moderator": 400, "admin": 400},
            True,
        ),
        (
            "/forum/prispevek/9003/do-znalosti/",
            {**signed_in(403, anonymous=302), "adviser": 404, "moderator": 400, "admin": 400},
            True,
        ),
    ],
    "forum/novinky/": [("/forum/novinky/", signed_in(200, anonymous=302), True)],
    "forum/novinky/precteno/": [("/forum/novinky/precteno/", signed_in(405, anonymous=302), False)],
    "forum/moderace/skupiny/": [("/forum/moderace/skupiny/", _MODERATORS, True)],
    "forum/moderace/skupiny/<slug:category>/": [
        ("/forum/moderace/skupiny/skupina/", _MODERATORS, True),
        (
            "/forum/moderace/skupiny/verejna/",
            {**_MODERATORS, "moderator": 404, "admin": 404},
            False,
        ),
    ],
    "forum/moderace/skupiny/<slug:category>/odebrat/<int:pk>/": [
        (
            "/forum/moderace/skupiny/skupina/odebrat/9001/",
            {**_MODERATORS, "moderator": 405, "admin": 405},
            False,
        )
    ],
    "forum/prispevek/zminky/": [
        ("/forum/prispevek/zminky/?q=a", signed_in(200, anonymous=302), False)
    ],
    "forum/prispevek/<int:pk>/pomohlo/": [
        ("/forum/prispevek/9002/pomohlo/", signed_in(405, anonymous=302), False)
    ],
    "forum/nezodpovezene/": [("/forum/nezodpovezene/", everyone(200), True)],
    "forum/upozorneni/": [("/forum/upozorneni/", signed_in(200, anonymous=302), True)],
    "forum/upozorneni/precist/": [
        ("/forum/upozorneni/precist/", signed_in(405, anonymous=302), False)
    ],
    "forum/upozorneni/<int:pk>/": [
        (
            "/forum/upozorneni/9001/",
            {**signed_in(404, anonymous=302), "partner_member": 302},
            False,
        )
    ],
    "forum/nastaveni/": [("/forum/nastaveni/", signed_in(200, anonymous=302), True)],
    "forum/odhlasit/<str:token>/": [("/forum/odhlasit/neplatny/", everyone(400), True)],
    "forum/moderace/": [("/forum/moderace/", _MODERATORS, True)],
    "forum/moderace/zaznam/": [("/forum/moderace/zaznam/", _MODERATORS, True)],
    "forum/moderace/prispevek/<int:pk>/": [("/forum/moderace/prispevek/9001/", _MODERATORS, False)],
    "forum/moderace/tema/<int:pk>/": [("/forum/moderace/tema/9001/", _MODERATORS, False)],
    "forum/moderace/clen/<int:pk>/": [("/forum/moderace/clen/9001/", _MODERATORS, False)],
    "forum/prispevek/<int:pk>/": [
        ("/forum/prispevek/9001/", everyone(302), False),
        ("/forum/prispevek/9003/", _closed(302), False),
        ("/forum/prispevek/999999/", everyone(404), False),
    ],
    "forum/prispevek/<int:pk>/upravit/": [
        (
            "/forum/prispevek/9001/upravit/",
            {
                **signed_in(403, anonymous=302),
                "partner_member": 200,
                "moderator": 200,
                "admin": 200,
            },
            True,
        ),
        (
            "/forum/prispevek/9003/upravit/",
            {
                **_closed(403),
                "anonymous": 302,
                "partner_member": 200,
                "moderator": 200,
                "admin": 200,
            },
            False,
        ),
    ],
    "forum/prispevek/<int:pk>/smazat/": [
        (
            "/forum/prispevek/9002/smazat/",
            {**signed_in(403, anonymous=302), "partner_member": 200},
            False,
        )
    ],
    "forum/prispevek/<int:pk>/nahlasit/": [
        (
            "/forum/prispevek/9002/nahlasit/",
            {**signed_in(200, anonymous=302), "partner_member": 403},
            True,
        )
    ],
    "forum/prispevek/<int:pk>/historie/": [("/forum/prispevek/9001/historie/", _MODERATORS, False)],
    "forum/prispevek/<int:pk>/reseni/": [
        ("/forum/prispevek/9002/reseni/", signed_in(405, anonymous=302), False)
    ],
    "forum/priloha/<int:pk>/<str:filename>": [
        ("/forum/priloha/9001/plan.pdf", _closed(200), False),
        ("/forum/priloha/9001/jine-jmeno.pdf", everyone(404), False),
    ],
    "forum/<slug:category>/": [
        ("/forum/verejna/", everyone(200), True),
        ("/forum/verejna/?filtr=nezodpovezene&strana=abc", everyone(200), False),
        ("/forum/partneri/", _partners(200), True),
        ("/forum/skupina/", _closed(200), True),
        ("/forum/neexistuje/", everyone(404), False),
    ],
    "forum/<slug:category>/nove-tema/": [
        ("/forum/verejna/nove-tema/", signed_in(200, anonymous=302), True),
        ("/forum/skupina/nove-tema/", {**_closed(200), "anonymous": 302}, False),
    ],
    "forum/<slug:category>/odber/": [
        ("/forum/verejna/odber/", signed_in(405, anonymous=302), False)
    ],
    "forum/<slug:category>/precteno/": [
        ("/forum/verejna/precteno/", signed_in(405, anonymous=302), False)
    ],
    "forum/<slug:category>/<int:topic>/": [
        ("/forum/verejna/9001/", everyone(200), True),
        ("/forum/partneri/9002/", _partners(200), True),
        ("/forum/skupina/9003/", _closed(200), True),
        # A topic asked for under another category's address: readers are sent on, others 404.
        ("/forum/verejna/9003/", _closed(301), False),
        ("/forum/verejna/999999/", everyone(404), False),
    ],
    "forum/<slug:category>/<int:topic>/neprectene/": [
        ("/forum/verejna/9001/neprectene/", everyone(302), False),
        ("/forum/skupina/9003/neprectene/", _closed(302), False),
    ],
    "forum/<slug:category>/<int:topic>/odpovedet/": [
        ("/forum/verejna/9001/odpovedet/", signed_in(200, anonymous=302), True),
        ("/forum/skupina/9003/odpovedet/", {**_closed(200), "anonymous": 302}, False),
    ],
    "forum/<slug:category>/<int:topic>/odber/": [
        ("/forum/verejna/9001/odber/", signed_in(405, anonymous=302), False)
    ],
}


def prepare(people) -> None:
    """Create the objects the rows address; `people` maps each actor to a user (or None)."""
    from forum.models import Attachment, Category, Notification, Post, Topic
    from tests.factories import UserFactory

    writer = people["partner_member"]
    public = Category.objects.create(name="Veřejná", slug="verejna")
    partners = Category.objects.create(
        name="Partneři", slug="partneri", visibility=Category.Visibility.PARTNERS
    )
    closed = Category.objects.create(
        name="Skupina", slug="skupina", visibility=Category.Visibility.CLOSED
    )
    closed.members.set([writer, people["other_organisation"]])
    topics = {}
    for pk, category in ((9001, public), (9002, partners), (9003, closed)):
        topics[pk] = Topic.objects.create(
            pk=pk, category=category, title=f"Téma {pk}", author=writer, post_count=1, last_number=1
        )
    Post.objects.create(
        pk=9001, topic=topics[9001], number=1, author=writer, source="A", html="<p>A</p>"
    )
    Post.objects.create(
        pk=9002, topic=topics[9001], number=2, author=writer, source="B", html="<p>B</p>"
    )
    Topic.objects.filter(pk=9001).update(post_count=2, last_number=2, is_question=True)
    Post.objects.create(
        pk=9004, topic=topics[9002], number=1, author=writer, source="C", html="<p>C</p>"
    )
    closed_post = Post.objects.create(
        pk=9003, topic=topics[9003], number=1, author=writer, source="D", html="<p>D</p>"
    )
    attachment = Attachment(
        pk=9001,
        post=closed_post,
        filename="plan.pdf",
        content_type="application/pdf",
        kind=Attachment.Kind.DOCUMENT,
        size=9,
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    Notification.objects.create(
        pk=9001, user=writer, post=Post.objects.get(pk=9002), reason="reply"
    )
    UserFactory(id=9001)
