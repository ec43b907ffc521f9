"""Demo content for courses, created by `load_demo`. Idempotent: a second run changes nothing.

A Housing First course in Czech, written in our own words from the project's source documents
(the Platform's work with municipalities and Ostrava's pilot of crisis, social and affordable
housing): three modules, five lessons, each with a quiz. Two cohorts run by the demo adviser
with fictional learners at different stages. No quotes are attributed to real people.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import membership_set
from core.models import HomePage, HomePageSection, Topic
from courses import services
from courses.models import (
    Certificate,
    Cohort,
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    Enrolment,
    LessonPage,
    QuizGrading,
    QuizOption,
    QuizQuestion,
)

COURSE_SLUG = "housing-first-v-obci"


@dataclass
class DemoQuestion:
    text: str
    options: list[tuple[str, bool]]
    explanation: str
    multiple: bool = False


@dataclass
class DemoLesson:
    title: str
    slug: str
    minutes: int
    paragraphs: list[str]
    reflection: str
    questions: list[DemoQuestion]
    case_study_slug: str = ""
    case_study_why: str = ""


@dataclass
class DemoModule:
    title: str
    slug: str
    intro: str
    lessons: list[DemoLesson] = field(default_factory=list)


MODULES = [
    DemoModule(
        "Základy a poznání situace",
        "zaklady",
        "Proč Housing First funguje a jak obec zjistí, kolik lidí v bytové nouzi skutečně má.",
        [
            DemoLesson(
                "Principy Housing First",
                "principy-housing-first",
                30,
                [
                    "Housing First obrací obvyklé pořadí. Člověk bez domova nejdřív dostane "
                    "běžný byt s vlastní nájemní smlouvou a teprve potom, podle toho, co sám "
                    "chce řešit, přichází další podpora. Byt není odměnou za to, že člověk "
                    "nejdřív „prokáže připravenost“ v ubytovně nebo azylovém domě.",
                    "Podpora je dobrovolná a přizpůsobená: sociální pracovník domácnost "
                    "navštěvuje a pomáhá hlavně s tím, aby bydlení vydrželo. Témata jako dluhy, "
                    "zdraví nebo práce otevírá klient, když je na ně připraven; získání bytu "
                    "na nich není podmíněno.",
                    "Zkušenosti obcí v síti ukazují, že si velká většina zabydlených domácností "
                    "bydlení udrží. Pro obec je přitom levnější zajistit byt s podporou než "
                    "opakovaně platit krizové služby.",
                ],
                "Které podmínky musí dnes splnit člověk bez domova ve vaší obci, než dostane "
                "byt? Které z nich by Housing First zrušil?",
                [
                    DemoQuestion(
                        "Co dostane domácnost v Housing First jako první?",
                        [
                            ("Běžný byt s nájemní smlouvou", True),
                            ("Místo na ubytovně na zkoušku", False),
                            ("Povinný kurz finanční gramotnosti", False),
                        ],
                        "Byt je prvním krokem, ne odměnou. Podpora přichází s bydlením.",
                    ),
                    DemoQuestion(
                        "Které výroky o podpoře v Housing First platí?",
                        [
                            ("Podpora je dobrovolná a řídí se potřebami klienta", True),
                            ("Hlavním cílem podpory je udržet bydlení", True),
                            ("Bez vyřešení dluhů klient byt nedostane", False),
                        ],
                        "Získání bytu není podmíněno řešením jiných potíží; ta témata otevírá "
                        "klient, když chce.",
                        multiple=True,
                    ),
                ],
                "jihlava-housing-first",
                "Jak Jihlava začala pilotní Housing First pro dvanáct domácností.",
            ),
            DemoLesson(
                "Registrační týden a mapování bytové nouze",
                "registracni-tyden",
                35,
                [
                    "Bez čísel se o bytové nouzi těžko rozhoduje. Registrační týden je krátké, "
                    "dobře připravené sčítání: během jednoho týdne terénní pracovníci, "
                    "neziskové organizace a úřad oslovují lidi bez domova a v nejistém bydlení "
                    "a s jejich souhlasem zapisují, v jaké situaci jsou a co potřebují.",
                    "Příprava trvá týdny: domluvit se s partnery, rozdělit lokality, vyškolit "
                    "tazatele a připravit jednotný dotazník. Výsledkem je přehled počtu "
                    "domácností, jejich složení a zranitelnosti, podle kterého obec plánuje "
                    "počet a druh bytů.",
                    "Mapování se vyplatí opakovat, aby obec viděla, zda se situace zlepšuje. "
                    "Čísla z registračního týdne také pomáhají získat dotace a přesvědčit "
                    "zastupitele.",
                ],
                "Kdo by ve vaší obci musel u registračního týdne být, aby sčítání zachytilo i "
                "lidi, kteří o pomoc sami nežádají?",
                [
                    DemoQuestion(
                        "K čemu obci slouží registrační týden?",
                        [
                            ("Zjistit počet a potřeby lidí v bytové nouzi", True),
                            ("Vybrat nájemníky do obecních bytů", False),
                            ("Zkontrolovat, kdo pobírá dávky", False),
                        ],
                        "Jde o sčítání a zmapování potřeb; z něj obec plánuje další kroky.",
                    ),
                    DemoQuestion(
                        "Co patří k přípravě registračního týdne?",
                        [
                            ("Dohoda s partnery a jednotný dotazník", True),
                            ("Školení tazatelů", True),
                            ("Vyhláška, která lidem ukládá se přihlásit", False),
                        ],
                        "Sčítání stojí na spolupráci a dobrovolnosti; povinnost se přihlásit "
                        "by lidi odradila.",
                        multiple=True,
                    ),
                ],
                "trutnov-krizovy-byt",
                "Trutnov nejdřív zmapoval bytovou nouzi a pak zřídil krizový byt.",
            ),
        ],
    ),
    DemoModule(
        "Byty a podpora",
        "byty-a-podpora",
        "Krizové bydlení pro akutní situace, sociální a dostupné byty a podpora po nastěhování.",
        [
            DemoLesson(
                "Krizové bydlení",
                "krizove-bydleni",
                30,
                [
                    "Krizové bydlení je záchranná síť pro domácnosti, které přišly o střechu "
                    "nad hlavou a potřebují bydlet hned. Pobyt je časově omezený, typicky až "
                    "na šest měsíců, a po celou dobu s domácností intenzivně pracuje sociální "
                    "pracovník.",
                    "Aby se dalo nastěhovat okamžitě, obec krizové byty předem vybaví nábytkem "
                    "a sama uzavře smlouvy na dodávky energií. Domácnost tak nečeká na revize "
                    "ani na přepis elektřiny.",
                    "Cílem půl roku je stabilizace: domácnost buď najde bydlení mimo systém "
                    "sociálního bydlení, nebo přejde do sociálního či dostupného bytu.",
                ],
                "Jak rychle by vaše obec dnes dokázala ubytovat rodinu, která večer přijde o "
                "bydlení? Co by bylo potřeba připravit předem?",
                [
                    DemoQuestion(
                        "Jak dlouho obvykle trvá pobyt v krizovém bytě?",
                        [
                            ("Nejvýše asi šest měsíců", True),
                            ("Neomezeně", False),
                            ("Jeden týden", False),
                        ],
                        "Krizové bydlení je přechodné; během půl roku se situace domácnosti "
                        "stabilizuje a hledá se další bydlení.",
                    ),
                    DemoQuestion(
                        "Co umožní okamžité nastěhování do krizového bytu?",
                        [
                            ("Byt je vybavený a energie zajistila obec", True),
                            ("Domácnost si sama sežene nábytek", False),
                            ("Nájemník nejdřív zaplatí kauci", False),
                        ],
                        "Vybavení a smlouvy na energie předem odstraňují největší zdržení.",
                    ),
                ],
                "ostrava-pilot-bydleni",
                "Ostrava ověřovala krizové, sociální a dostupné bydlení v pilotním projektu.",
            ),
            DemoLesson(
                "Sociální a dostupné byty a první tři měsíce podpory",
                "socialni-a-dostupne-byty",
                35,
                [
                    "Po nastěhování do sociálního nebo dostupného bytu spolupracuje sociální "
                    "pracovník se všemi domácnostmi nejvýše první tři měsíce. Společně řeší "
                    "hlavně to, aby bydlení fungovalo: nájem, vztahy se sousedy, úřady.",
                    "Během těchto tří měsíců se podle potřeb domácnosti rozhodne, jak dál. "
                    "Potřebuje-li intenzivní podporu, jde o sociální byt a spolupráce pokračuje "
                    "jako povinná. Stačí-li občasný kontakt k jednotlivým tématům, jde o byt "
                    "dostupný.",
                    "Sociální pracovník nenahrazuje ostatní služby. Když klient chce řešit "
                    "další věci, propojí ho s nimi, aby je příště uměl najít sám.",
                ],
                "Podle čeho byste po třech měsících poznali, že domácnost zvládne bydlet bez "
                "intenzivní podpory?",
                [
                    DemoQuestion(
                        "Co se děje během prvních tří měsíců v bytě?",
                        [
                            ("Sociální pracovník spolupracuje s každou domácností", True),
                            ("Domácnost je bez kontaktu, aby se osamostatnila", False),
                            ("Obec rozhoduje o výpovědi", False),
                        ],
                        "Úvodní podpora dostane každá domácnost; pak se rozhoduje podle potřeb.",
                    ),
                    DemoQuestion(
                        "Kdy jde o sociální byt, nikoli dostupný?",
                        [
                            ("Když domácnost potřebuje intenzivní podporu", True),
                            ("Když má domácnost vyšší příjem", False),
                            ("Když byt patří soukromému majiteli", False),
                        ],
                        "Rozdíl je v potřebě podpory: u sociálního bytu je spolupráce povinná.",
                    ),
                    DemoQuestion(
                        "Co dělá sociální pracovník, když klient chce řešit i jiné věci?",
                        [
                            ("Zprostředkuje kontakt na návazné služby", True),
                            ("Vyřeší vše sám místo klienta", False),
                            ("Odmítne, protože to s bydlením nesouvisí", False),
                        ],
                        "Pracovník koordinuje a propojuje, nezdvojuje služby, které už v obci jsou.",
                    ),
                ],
                "praha-rodiny-s-detmi",
                "Praha zabydluje rodiny s dětmi z ubytoven v běžných bytech.",
            ),
        ],
    ),
    DemoModule(
        "Systém v obci",
        "system-v-obci",
        "Pravidla, podle kterých obec přiděluje byty, a spolupráce odborů, bez které to nejde.",
        [
            DemoLesson(
                "Pravidla přidělování bytů a spolupráce odborů",
                "pravidla-a-spoluprace",
                40,
                [
                    "Mnoho obcí přiděluje byty podle pravidel, která lidi v bytové nouzi "
                    "vylučují: požadují bezdlužnost, trvalý pobyt po řadu let nebo vysokou "
                    "kauci. Progresivní pravidla vyhrazují část bytů pro domácnosti v nouzi a "
                    "posuzují hlavně naléhavost jejich situace.",
                    "Byty spravuje bytový odbor, lidi zná sociální odbor, peníze hlídá "
                    "finanční odbor. Bez pravidelné domluvy mezi nimi se systém zasekne: "
                    "vyplatí se společná pracovní skupina a jasně popsaný postup od žádosti "
                    "po nastěhování.",
                    "Pomáhá i kontaktní centrum bydlení, kde lidé najdou jedno místo pro "
                    "žádosti a informace, a pravidelné vyhodnocování, zda pravidla fungují.",
                ],
                "Která pravidla vaší obce pro přidělování bytů nejčastěji vyřadí domácnost v "
                "bytové nouzi? Kdo by je mohl změnit?",
                [
                    DemoQuestion(
                        "Co je typické pro progresivní pravidla přidělování bytů?",
                        [
                            ("Posuzují hlavně naléhavost bytové nouze", True),
                            ("Vyžadují bezdlužnost všech žadatelů", False),
                            ("Přidělují byty losem bez ohledu na situaci", False),
                        ],
                        "Progresivní pravidla dávají přednost těm, kdo byt potřebují nejvíc.",
                    ),
                    DemoQuestion(
                        "Které odbory obvykle musí spolupracovat?",
                        [
                            ("Bytový odbor", True),
                            ("Sociální odbor", True),
                            ("Finanční odbor", True),
                        ],
                        "Každý z nich drží část systému: byty, lidi a rozpočet.",
                        multiple=True,
                    ),
                ],
                "praha-10-kontaktni-centrum",
                "Praha 10 změnila pravidla pronájmu obecních bytů a otevřela kontaktní centrum.",
            ),
        ],
    ),
]

# Quiz settings that differ from the defaults (3 attempts, then one more every 24 hours,
# the best attempt counts, right answers shown), so the demo shows each option.
QUIZ_SETTINGS = {
    "principy-housing-first": {"quiz_max_attempts": 2, "quiz_retry_wait_hours": 24},
    "registracni-tyden": {
        "quiz_max_attempts": 2,
        "quiz_retry_wait_hours": 48,
        "quiz_grading": QuizGrading.LAST,
        "quiz_show_answers": False,
    },
    "pravidla-a-spoluprace": {"quiz_max_attempts": 0},
}

DEMO_LEARNERS = [
    # e-mail, first name, last name, organisation slug, cohort key, stage
    ("ucastnice.jihlava@demo.example", "Lucie", "Dokončená", "jihlava", "spring", "finished"),
    ("ucastnik.liberec@demo.example", "Tomáš", "Rozpracovaný", "liberec", "autumn", "halfway"),
    ("ucastnik.trutnov@demo.example", "Karel", "Nezačatý", "trutnov", "spring", "not_started"),
    # Failed the first quiz twice and waits for the next attempt (the dashboard lists her).
    ("ucastnice.liberec@demo.example", "Marie", "Čekající", "liberec", "autumn", "waiting"),
    # Failed twice, the adviser added an attempt, passed.
    ("ucastnik.jihlava@demo.example", "Ondřej", "Druhá-Šance", "jihlava", "spring", "granted"),
    # Finished, but the certificate was revoked (issued to the wrong person's account).
    ("ucastnice.trutnov@demo.example", "Petra", "Zrušená", "trutnov", "autumn", "revoked"),
]


def _lesson_body(lesson: DemoLesson, case_studies: dict):
    body = [("heading", "O čem lekce je")]
    body += [("text", f"<p>{paragraph}</p>") for paragraph in lesson.paragraphs]
    page = case_studies.get(lesson.case_study_slug)
    if page is not None:
        body.append(("case_study", {"page": page, "why": lesson.case_study_why}))
    body.append(("reflection", {"question": lesson.reflection, "hint": ""}))
    body.append(("quiz", None))
    return body


def _course_create(index: CourseIndexPage, stdout) -> CoursePage:
    from casestudies.models import CaseStudyPage

    case_studies = {page.slug: page for page in CaseStudyPage.objects.live()}
    course = CoursePage(
        title="Housing First v obci: od mapování k bydlení",
        slug=COURSE_SLUG,
        summary="Pět lekcí pro pracovníky obcí a politiky: principy Housing First, mapování "
        "bytové nouze, krizové, sociální a dostupné bydlení a pravidla, díky nimž systém "
        "v obci funguje.",
        goals="<ul><li>vysvětlit principy Housing First kolegům i zastupitelům,</li>"
        "<li>připravit registrační týden a zmapovat bytovou nouzi,</li>"
        "<li>navrhnout krizové, sociální a dostupné bydlení pro svou obec,</li>"
        "<li>upravit pravidla přidělování bytů a domluvit spolupráci odborů.</li></ul>",
        audience="sociální pracovníci, pracovníci bytových odborů, vedoucí odborů a politici obcí",
        hours=Decimal("3"),
        prerequisites="Žádné; pomůže znát, jak vaše obec dnes přiděluje byty.",
        instructors="Poradci Platformy pro sociální bydlení",
        enrolment_info="Skupiny pro více obcí zakládá poradce sítě; napište mu.",
        is_open_for_self_enrolment=True,
        certificate_issuer="Platforma pro sociální bydlení",
        # A made-up name: the demo does not put real people's names on certificates.
        certificate_signatory_name="Mgr. Jana Vzorová",
        certificate_signatory_role="koordinátorka vzdělávání (ukázkové jméno)",
    )
    course.topics = list(
        Topic.objects.filter(
            slug__in=[
                "housing-first",
                "registracni-tyden",
                "mapovani-bytove-nouze",
                "krizove-bydleni",
                "socialni-bydleni",
                "dostupne-bydleni",
                "pravidla-prideleni-bytu",
                "spoluprace-odboru",
            ]
        )
    )
    index.add_child(instance=course)
    course.save_revision().publish()
    for module_data in MODULES:
        module = CourseModulePage(
            title=module_data.title, slug=module_data.slug, intro=module_data.intro
        )
        course.add_child(instance=module)
        module.save_revision().publish()
        for lesson_data in module_data.lessons:
            quiz_settings = QUIZ_SETTINGS.get(lesson_data.slug, {})
            lesson = LessonPage(
                title=lesson_data.title,
                slug=lesson_data.slug,
                estimated_minutes=lesson_data.minutes,
                body=_lesson_body(lesson_data, case_studies),
                **{"quiz_pass_percent": 60, "quiz_max_attempts": 3, **quiz_settings},
            )
            for question_order, question_data in enumerate(lesson_data.questions):
                question = QuizQuestion(
                    sort_order=question_order,
                    text=question_data.text,
                    explanation=question_data.explanation,
                    kind=QuizQuestion.Kind.MULTIPLE
                    if question_data.multiple
                    else QuizQuestion.Kind.SINGLE,
                )
                for option_order, (text, is_correct) in enumerate(question_data.options):
                    question.options.add(
                        QuizOption(sort_order=option_order, text=text, is_correct=is_correct)
                    )
                lesson.quiz_questions.add(question)
            module.add_child(instance=lesson)
            lesson.save_revision().publish()
    stdout.write(f"  course {course.title}")
    return course


def _answers(lesson: LessonPage) -> dict[str, list[str]]:
    return {
        str(question.pk): [str(o.pk) for o in question.options.all() if o.is_correct]
        for question in lesson.quiz_questions.prefetch_related("options")
    }


def _wrong_answers(lesson: LessonPage) -> dict[str, list[str]]:
    return {
        str(question.pk): [str(next(o.pk for o in question.options.all() if not o.is_correct))]
        for question in lesson.quiz_questions.prefetch_related("options")
        if any(not o.is_correct for o in question.options.all())
    }


def _study(
    user: User, course: CoursePage, lessons: list[LessonPage], *, stumble: bool = False
) -> None:
    """Read the lessons and pass their quizzes, as the learner would; `stumble`: fail each
    quiz once first (so that the dashboard has questions answered wrongly)."""
    for lesson in lessons:
        services.lesson_complete(user=user, lesson=lesson, course=course)
        wrong = _wrong_answers(lesson)
        if stumble and len(wrong) == lesson.quiz_questions.count():
            services.quiz_attempt_submit(
                user=user, lesson=lesson, course=course, token=uuid.uuid4(), answers=wrong
            )
        services.quiz_attempt_submit(
            user=user, lesson=lesson, course=course, token=uuid.uuid4(), answers=_answers(lesson)
        )


def _person(email, first_name, last_name, organisation_slug) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, first_name=first_name, last_name=last_name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        membership_set(
            user=user,
            organisation=Organisation.objects.get(slug=organisation_slug),
            role=Role.LEARNER,
        )
    return user


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()  # the Czech one: English versions come later
    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(
            title="Kurzy",
            slug="kurzy",
            intro="Vzdělávání pro pracovníky obcí a politiky: Housing First, krizové, sociální "
            "a dostupné bydlení. Studujte vlastním tempem nebo se skupinou kolegů z dalších obcí.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        stdout.write("  course index created")
    HomePageSection.objects.filter(page=home, title="Kurzy", link_page__isnull=True).update(
        link_page=index
    )

    course = CoursePage.objects.filter(slug=COURSE_SLUG).first()
    if course is None:
        course = _course_create(index, stdout)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))

    adviser = User.objects.filter(email="poradce@demo.example").first()
    if adviser is None:
        stdout.write("  courses: no demo adviser, cohorts skipped")
        return
    today = timezone.localdate()
    cohorts = {}
    for key, name, start, deadline, organisation_slugs in [
        ("spring", "Jaro – Jihlava a Trutnov", -60, -5, ["jihlava", "trutnov"]),
        ("autumn", "Podzim – Liberec a Trutnov", -20, 25, ["liberec", "trutnov"]),
    ]:
        cohort, created = Cohort.objects.get_or_create(
            course=course,
            name=name,
            defaults={
                "adviser": adviser,
                "start_date": today + timedelta(days=start),
                "deadline": today + timedelta(days=deadline),
            },
        )
        if created:
            cohort.organisations.set(Organisation.objects.filter(slug__in=organisation_slugs))
            stdout.write(f"  cohort {cohort.name}")
        cohorts[key] = cohort

    people = [*DEMO_LEARNERS]
    if User.objects.filter(email="studujici@demo.example").exists():
        people.append(("studujici@demo.example", "", "", "trutnov", "autumn", "one_lesson"))
    for email, first_name, last_name, organisation_slug, cohort_key, stage in people:
        user = _person(email, first_name, last_name, organisation_slug)
        if Enrolment.objects.filter(user=user, course=course).exists():
            continue
        services.enrolment_create(
            user=user, course=course, cohort=cohorts[cohort_key], by_adviser=True, actor=adviser
        )
        if stage == "finished":
            _study(user, course, lessons)
            services.course_feedback_submit(
                user=user,
                course=course,
                rating=5,
                most_useful="Modelové situace z jiných obcí a kvízy s vysvětlením.",
                to_improve="Víc příkladů pro malé obce.",
            )
        elif stage == "halfway":
            _study(user, course, lessons[:2], stumble=True)
            services.lesson_complete(user=user, lesson=lessons[2], course=course)
        elif stage == "one_lesson":
            _study(user, course, lessons[:1])
        elif stage == "not_started":
            Enrolment.objects.filter(user=user, course=course).update(
                last_activity_at=timezone.now() - timedelta(days=40),
                enrolled_at=timezone.now() - timedelta(days=50),
            )
            # Trutnov takes part in both cohorts; the adviser moved him to the autumn one
            # (his overdue spring deadline no longer applies; the move is in his history).
            services.enrolment_move(
                enrolment=Enrolment.objects.get(user=user, course=course),
                cohort=cohorts["autumn"],
                actor=adviser,
            )
        elif stage in ("waiting", "granted"):
            first = lessons[0]
            services.lesson_complete(user=user, lesson=first, course=course)
            for _attempt in range(first.quiz_max_attempts):
                services.quiz_attempt_submit(
                    user=user,
                    lesson=first,
                    course=course,
                    token=uuid.uuid4(),
                    answers=_wrong_answers(first),
                )
            if stage == "granted":
                services.quiz_attempts_grant(
                    actor=adviser,
                    enrolment=Enrolment.objects.get(user=user, course=course),
                    lesson=first,
                    extra_attempts=1,
                    reason="Lekci jsme spolu prošli po telefonu; zkusí kvíz znovu hned.",
                )
                _study(user, course, [first])
        elif stage == "revoked":
            _study(user, course, lessons)
            admin = User.objects.filter(email="spravce@demo.example").first()
            if admin is not None:
                services.certificate_revoke(
                    actor=admin,
                    certificate=Certificate.objects.get(user=user, course=course),
                    reason="Certifikát byl vydán na účet, který kurz nestudoval sám; "
                    "účastnice ho dokončí znovu pod svým jménem.",
                )
        stdout.write(f"  enrolment {email} ({stage})")
