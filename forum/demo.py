"""Demo content for forum, created by `load_demo`. Idempotent: a second run changes nothing.

Three categories, one of each visibility, and threads in Czech written for the demo about the
subjects of the project's source documents: the registration week, crisis flats and the rules
for allocating municipal flats. The people are the demo accounts of accounts/demo.py and a
few fictional members of Ostrava's working group (role names, no real persons); no quote is
attributed to anyone real.
"""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import membership_set
from forum import services
from forum.models import Category, ForumProfile, Post, Topic


@dataclass
class DemoPost:
    author: str
    text: str
    days_ago: float


@dataclass
class DemoThread:
    title: str
    posts: list[DemoPost]
    is_question: bool = False
    accepted: int | None = None  # index of the accepted reply in `posts`
    pinned: bool = False


@dataclass
class DemoCategory:
    slug: str
    name: str
    description: str
    visibility: str
    order: int
    threads: list[DemoThread] = field(default_factory=list)
    members: tuple[str, ...] = ()


# Fictional members of Ostrava's working group: city hall, districts and NGOs.
GROUP_PEOPLE = [
    ("skupina-magistrat@demo.example", "Marta", "Magistrátní", "ostrava"),
    ("skupina-obvod-jih@demo.example", "Ondřej", "Obvodní", "ostrava"),
    ("skupina-obvod-poruba@demo.example", "Pavla", "Porubská", "ostrava"),
    ("skupina-bytovy-odbor@demo.example", "Bohdan", "Bytový", "ostrava"),
    ("skupina-socialni-odbor@demo.example", "Soňa", "Sociální", "ostrava"),
    ("skupina-nno@demo.example", "Nikola", "Terénní", "platforma-pro-socialni-bydleni"),
]

PARTNER = "partner@demo.example"
LEARNER = "studujici@demo.example"
ADVISER = "poradce@demo.example"
MODERATOR = "moderator@demo.example"

CATEGORIES = [
    DemoCategory(
        slug="zkusenosti-obci",
        name="Zkušenosti obcí",
        description="Co se obcím povedlo a s čím zápasí. Čte každý, píší členové sítě.",
        visibility=Category.Visibility.PUBLIC,
        order=10,
        threads=[
            DemoThread(
                title="Registrační týden: kolik dní a kolik lidí na to potřebujeme?",
                is_question=True,
                accepted=1,
                posts=[
                    DemoPost(
                        LEARNER,
                        "U nás v Trutnově chceme na jaře zmapovat, kolik lidí je v bytové "
                        "nouzi. Uvažujeme o registračním týdnu.\n\n"
                        "- Stačí opravdu jeden týden?\n"
                        "- Kolik lidí jste měli v terénu a kolik na úřadě?\n"
                        "- Jak jste oslovili lidi, kteří na úřad sami nepřijdou?",
                        20,
                    ),
                    DemoPost(
                        PARTNER,
                        "Za Jihlavu: týden stačí, pokud je dobře připravený. Přípravě jsme "
                        "dali skoro dva měsíce.\n\n"
                        "1. **Jeden dotazník** pro všechny – terénní pracovníci, úřad i "
                        "neziskovky se ptají stejně, jinak výsledky nejdou sečíst.\n"
                        "2. **Dvojice do terénu** (úřad + neziskovka) na místa, kde lidé "
                        "opravdu jsou: ubytovny, nádraží, noclehárna, zahrádky.\n"
                        "3. **Otevřené dveře na úřadě** celý týden, i odpoledne.\n\n"
                        "Nejvíc se nám vyplatilo předem obejít ubytovny a domluvit se se "
                        "správci. Bez nich bychom rodiny s dětmi skoro nenašli.",
                        19,
                    ),
                    DemoPost(
                        ADVISER,
                        "Doplním z poradenské praxe: počítejte i s večerem po skončení "
                        "týdne, kdy se data čistí (duplicity, neúplné dotazníky). A domluvte "
                        "se předem, kdo výsledky představí radě – čísla pak otevírají "
                        "diskusi o bytech.",
                        18.5,
                    ),
                    DemoPost(LEARNER, "Děkujeme, to je přesně to, co jsme potřebovali.", 18),
                ],
            ),
            DemoThread(
                title="Krizový byt po prvním půlroce: co bychom udělali jinak",
                posts=[
                    DemoPost(
                        LEARNER,
                        "Máme za sebou první půlrok s krizovým bytem. Co se povedlo: byt "
                        "je vybavený, takže se rodina mohla nastěhovat hned. Co nás "
                        "zaskočilo: **navazující bydlení**. Po šesti měsících nebylo kam "
                        "dál a pobyt jsme museli prodlužovat.",
                        9,
                    ),
                    DemoPost(
                        PARTNER,
                        "To známe. Pomohlo nám mít už při nastěhování domluvené, z jakého "
                        "bytového fondu půjde další krok – krizový byt pak opravdu slouží "
                        "jen na překlenutí. A energie: smlouvy drží město, jinak se "
                        "nastěhování zdrží o týdny.",
                        8,
                    ),
                ],
            ),
        ],
    ),
    DemoCategory(
        slug="pravidla-prideleni-bytu",
        name="Pravidla přidělování bytů",
        description="Pro partnerské obce: jak nastavit pravidla pro obecní byty, aby "
        "pomáhala domácnostem v bytové nouzi.",
        visibility=Category.Visibility.PARTNERS,
        order=20,
        threads=[
            DemoThread(
                title="Jak psát do této kategorie",
                pinned=True,
                posts=[
                    DemoPost(
                        MODERATOR,
                        "Sdílejte klidně i rozpracované návrhy pravidel; kategorie je jen "
                        "pro partnerské obce a poradce. Neuvádějte prosím jména ani údaje "
                        "klientů.",
                        30,
                    )
                ],
            ),
            DemoThread(
                title="Bodování bytové nouze místo podmínky bezdlužnosti?",
                is_question=True,
                posts=[
                    DemoPost(
                        PARTNER,
                        "Rada se ptá, proč bychom měli zrušit podmínku, že žadatel nesmí "
                        "mít dluhy. Má někdo zkušenost s pravidly, kde rozhoduje hlavně "
                        "**míra bytové nouze** (děti na ubytovně, délka bez bydlení) a "
                        "dluhy se řeší splátkovým kalendářem?",
                        5,
                    ),
                    DemoPost(
                        ADVISER,
                        "Několik měst to tak má. Osvědčilo se bodovat naléhavost a dluh "
                        "vůči městu řešit dohodou o splátkách jako podmínkou podpisu "
                        "smlouvy, ne podáním žádosti. Rada tak vidí, že riziko je "
                        "ošetřené, a rodiny z ubytoven nevypadnou hned na začátku.",
                        4,
                    ),
                ],
            ),
        ],
    ),
    DemoCategory(
        slug="ostrava-koncepce-bydleni",
        name="Ostrava: pracovní skupina ke koncepci sociálního bydlení",
        description="Uzavřená skupina zástupců magistrátu, městských obvodů a neziskových "
        "organizací, kteří připravují koncepci a pilotní ověření.",
        visibility=Category.Visibility.CLOSED,
        order=30,
        members=(ADVISER, *(email for email, *_rest in GROUP_PEOPLE)),
        threads=[
            DemoThread(
                title="Pilotní krizové byty: smlouvy na energie a vybavení",
                posts=[
                    DemoPost(
                        "skupina-magistrat@demo.example",
                        "Navrhujeme, aby smlouvy na energie v krizových bytech uzavíral "
                        "obvod a magistrát je finančně garantoval. Byty budou vybavené "
                        "nábytkem, aby se dalo nastěhovat hned. Vidíte v obvodech překážky?",
                        12,
                    ),
                    DemoPost(
                        "skupina-obvod-jih@demo.example",
                        "Za obvod souhlas, jen potřebujeme jasně napsat, kdo platí "
                        "nedoplatky po vystěhování. Bez toho to rada obvodu neschválí.",
                        11,
                    ),
                    DemoPost(
                        "skupina-nno@demo.example",
                        "Z terénu: šest měsíců je krátká doba, pokud nebude připravený "
                        "navazující sociální nebo dostupný byt. @bohdan-bytovy, dá se už "
                        "teď říct, kolik bytů bude pro další krok?",
                        10,
                    ),
                    DemoPost(
                        "skupina-bytovy-odbor@demo.example",
                        "Počítáme se stovkou bytů pro sociální a dostupné bydlení v "
                        "pilotáži; rozpis po obvodech pošlu do příští schůzky.",
                        9,
                    ),
                ],
            ),
            DemoThread(
                title="Podklady k příští schůzce: udržitelnost bytového fondu",
                posts=[
                    DemoPost(
                        ADVISER,
                        "Přikládám osnovu pro druhou pracovní skupinu: stav bytového fondu "
                        "po obvodech, náklady na opravy a jak zajistit, aby se byty pro "
                        "sociální bydlení po pilotáži neztratily.",
                        2,
                    )
                ],
            ),
        ],
    ),
]


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


def _thread(category: Category, thread: DemoThread, moderator: User) -> Topic:
    now = timezone.now()
    first, *replies = thread.posts
    topic = services.topic_create(
        user=_person(first.author),
        category=category,
        title=thread.title,
        source=first.text,
        is_question=thread.is_question,
    )
    posts = [topic.posts.get()]
    helped: set[int] = set()
    # Dates in the past tell the story (and keep the new-member limit out of the way).
    Post.objects.filter(pk=posts[0].pk).update(
        created_at=now - timezone.timedelta(days=first.days_ago)
    )
    Topic.objects.filter(pk=topic.pk).update(
        created_at=now - timezone.timedelta(days=first.days_ago)
    )
    for reply in replies:
        post = services.post_create(user=_person(reply.author), topic=topic, source=reply.text)
        Post.objects.filter(pk=post.pk).update(
            created_at=now - timezone.timedelta(days=reply.days_ago)
        )
        posts.append(post)
    services.topic_refresh(topic)
    if thread.accepted is not None:
        answer = posts[thread.accepted]
        services.answer_accept(user=moderator, topic=topic, post=answer)
        # The asker and the other repliers say the accepted answer helped them.
        for post in posts:
            if post.author_id not in (answer.author_id, *helped):
                helped.add(post.author_id)
                services.post_helpful_set(user=post.author, post=answer, helpful=True)
    if thread.pinned:
        services.topic_pin(moderator=moderator, topic=topic, reason="Pravidla kategorie.")
    return topic


@transaction.atomic
def load(*, stdout) -> None:
    if not User.objects.filter(email=MODERATOR).exists():
        stdout.write("  forum: demo people of accounts are missing, skipped")
        return
    moderator = _person(MODERATOR)
    for email, first_name, last_name, organisation_slug in GROUP_PEOPLE:
        _person(_group_person(email, first_name, last_name, organisation_slug).email)
    for item in CATEGORIES:
        category, created = Category.objects.get_or_create(
            slug=item.slug,
            defaults={
                "name": item.name,
                "description": item.description,
                "visibility": item.visibility,
                "order": item.order,
            },
        )
        if not created:
            continue
        stdout.write(f"  forum category {category.name}")
        if item.members:
            category.members.set(User.objects.filter(email__in=item.members))
        for thread in item.threads:
            _thread(category, thread, moderator)
    _link_home_section()
    # An accepted answer handed over to a knowledge-base article.
    from forum import demo_knowledge

    demo_knowledge.load(stdout=stdout)


def _link_home_section() -> None:
    from core.models import HomePage, HomePageSection

    home = HomePage.objects.first()
    if home is None or not hasattr(HomePageSection, "link_url_name"):
        return
    HomePageSection.objects.filter(
        page=home, title="Fórum partnerských obcí", link_page__isnull=True
    ).exclude(link_url_name="forum:index").update(link_url_name="forum:index")
