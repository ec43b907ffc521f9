"""The demo content's data files (`<app>/demo_content/*.toml`) and what `load_demo` makes of them.

The first tests read only the files: codes are stable ASCII slugs, unique, and every code one
file names (an organisation, a topic, a case study, a person, a lesson) exists. The others
compare the loaded demo with the files, app by app: counts per type, figures and links.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from wagtail.models import Locale

from accounts.models import Organisation, User
from casestudies.models import CaseStudyIndicatorValue, CaseStudyPage, IndicatorDefinition
from core.demo_data import demo_file, demo_files
from core.models import Topic
from courses.models import Cohort, CoursePage, Enrolment, LessonPage, QuizOption, QuizQuestion
from forum.models import Category, Post
from forum.models import Topic as ForumTopic
from home.models import HomePage, HomePageSection
from kb.models import ArticlePage, GlossaryTerm, LibraryDocument
from legal.models import AccessibilityStatementPage, ContactPage, LegalPage

pytestmark = pytest.mark.django_db

CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class Files:
    """Every demo data file, parsed once."""

    organisations = demo_file("accounts", "organisations")["organisations"]
    people = demo_file("accounts", "people")["people"]
    home = demo_file("home", "home")["home"]
    case_studies = demo_file("casestudies", "case_studies")
    knowledge_base = demo_file("kb", "knowledge_base")
    articles = demo_files("kb", "articles")
    glossary = demo_file("kb", "glossary")["terms"]
    documents = demo_file("kb", "documents")["documents"]
    course = demo_file("courses", "course")
    lessons = demo_files("courses", "lessons")
    cohorts = demo_file("courses", "cohorts")
    teams = demo_file("courses", "teams")
    forum = demo_file("forum", "forum")
    categories = demo_files("forum", "categories")
    legal = demo_file("legal", "pages")


def _codes(records, key="code"):
    return [record[key] for record in records]


def _threads():
    return [thread for category in Files.categories.values() for thread in category["threads"]]


def _posts():
    return [post for thread in _threads() for post in thread["posts"]]


def test_every_record_is_keyed_by_a_unique_ascii_code():
    kinds = {
        "organisations": _codes(Files.organisations),
        "case studies": _codes(Files.case_studies["case_studies"]),
        "testimonials": _codes(Files.case_studies["testimonials"]),
        "article sections": _codes(Files.knowledge_base["sections"]),
        "articles": list(Files.articles),
        "glossary terms": _codes(Files.glossary),
        "documents": _codes(Files.documents),
        "course modules": _codes(Files.course["course"]["modules"]),
        "lessons": list(Files.lessons),
        "cohorts": _codes(Files.cohorts["cohorts"]),
        "forum categories": list(Files.categories),
        "forum threads": _codes(_threads()),
    }
    for kind, codes in kinds.items():
        assert codes, kind
        assert len(set(codes)) == len(codes), f"{kind}: a code twice"
        for code in codes:
            assert CODE.fullmatch(code), f"{kind}: {code!r} is not an ASCII slug"
    for code, category in Files.categories.items():
        assert category["code"] == code, "a category file is named by its code"


def test_every_code_a_file_names_exists():
    organisations = set(_codes(Files.organisations))
    case_studies = set(_codes(Files.case_studies["case_studies"]))
    testimonials = set(_codes(Files.case_studies["testimonials"]))
    topics = set(Topic.objects.values_list("slug", flat=True))
    indicators = set(IndicatorDefinition.objects.values_list("slug", flat=True))
    accounts = set(_codes(Files.people, "email"))
    people = accounts | set(_codes(Files.forum["working_group"], "email"))

    assert {person["organisation"] for person in Files.people} <= organisations
    for item in Files.case_studies["case_studies"]:
        assert item["organisation"] in organisations
        assert set(item["topics"]) <= topics, item["code"]
        if "testimonial" in item:
            assert item["testimonial"] in testimonials
        assert {value["indicator"] for value in item.get("values", [])} <= indicators
    assert {item["organisation"] for item in Files.case_studies["testimonials"]} <= organisations

    assert Files.knowledge_base["content_owner"] in accounts
    listed = [code for section in Files.knowledge_base["sections"] for code in section["articles"]]
    assert sorted(listed) == sorted(Files.articles), "each article file in exactly one section"
    for code, article in Files.articles.items():
        assert article["topics"] and set(article["topics"]) <= topics, code
        assert set(article["related_case_studies"]) <= case_studies, code
    for document in Files.documents:
        assert set(document["topics"]) <= topics, document["code"]

    course = Files.course["course"]
    assert set(course["topics"]) <= topics
    listed = [code for module in course["modules"] for code in module["lessons"]]
    assert sorted(listed) == sorted(Files.lessons), "each lesson file in exactly one module"
    assert {lesson["case_study"] for lesson in Files.lessons.values()} <= case_studies
    cohorts = set(_codes(Files.cohorts["cohorts"]))
    assert Files.cohorts["course"] == course["code"]
    assert {Files.cohorts["adviser"], Files.cohorts["admin"]} <= accounts
    for learner in [*Files.cohorts["learners"], Files.cohorts["demo_learner"]]:
        assert learner["cohort"] in cohorts and learner["organisation"] in organisations
    assert Files.cohorts["demo_learner"]["email"] in accounts
    for cohort in Files.cohorts["cohorts"]:
        assert set(cohort["organisations"]) <= organisations

    assert Files.forum["moderator"] in accounts
    assert {item["organisation"] for item in Files.forum["working_group"]} <= organisations
    assert {post["author"] for post in _posts()} <= people
    for category in Files.categories.values():
        assert set(category.get("members", [])) <= people

    sections = {section["title"] for section in Files.home["sections"]}
    for index in (Files.case_studies["index"], Files.knowledge_base["index"]):
        assert index["home_section"] in sections
    assert Files.course["index"]["home_section"] in sections
    assert Files.forum["home_section"] in sections


def _czech(model):
    """Pages of `model` in the default locale (translations are not demo records)."""
    return model.objects.filter(locale=Locale.get_default())


def test_load_demo_creates_a_record_per_record_of_the_files(demo_site):
    assert set(Organisation.objects.values_list("slug", flat=True)) >= set(
        _codes(Files.organisations)
    )
    assert User.objects.filter(email__in=_codes(Files.people, "email")).count() == len(Files.people)
    assert HomePageSection.objects.filter(
        page=HomePage.objects.filter(locale__language_code="cs").get()
    ).count() == len(Files.home["sections"])
    assert set(_czech(CaseStudyPage).values_list("slug", flat=True)) == set(
        _codes(Files.case_studies["case_studies"])
    )
    assert set(_czech(ArticlePage).values_list("slug", flat=True)) == set(Files.articles)
    assert GlossaryTerm.objects.count() == len(Files.glossary)
    assert LibraryDocument.objects.count() == len(Files.documents)
    assert set(_czech(LessonPage).values_list("slug", flat=True)) == set(Files.lessons)
    questions = [question for lesson in Files.lessons.values() for question in lesson["questions"]]
    assert QuizQuestion.objects.count() == len(questions)
    assert QuizOption.objects.count() == sum(len(question["options"]) for question in questions)
    assert QuizOption.objects.filter(is_correct=True).count() == sum(
        option["correct"] for question in questions for option in question["options"]
    )
    team_cohorts = Files.teams["team_cohorts"]
    assert Cohort.objects.count() == len(Files.cohorts["cohorts"]) + len(team_cohorts)
    # Every fictional learner, the demo learner account and the towns' team learners.
    assert Enrolment.objects.count() == len(Files.cohorts["learners"]) + 1 + sum(
        len(team["learners"]) for team in team_cohorts
    )
    # The forum's categories, and the closed group of each town's team cohort.
    assert Category.objects.count() == len(Files.categories) + len(team_cohorts)
    assert set(Files.categories) <= set(Category.objects.values_list("slug", flat=True))
    assert ForumTopic.objects.count() == len(_threads())
    assert Post.objects.count() == len(_posts())
    assert _czech(ContactPage).count() == 1
    assert _czech(AccessibilityStatementPage).count() == 1
    assert set(_czech(LegalPage).values_list("slug", flat=True)) == {
        Files.legal["privacy"]["slug"],
        Files.legal["forum_terms"]["slug"],
    }


def test_load_demo_keeps_the_figures_of_the_sources(demo_site):
    def values(case_study, indicator):
        return sorted(
            CaseStudyIndicatorValue.objects.filter(
                page__slug=case_study, indicator__slug=indicator
            ).values_list("measured_on", "value", "note")
        )

    assert values("liberec-housing-first", "programme-months") == [
        (date(2023, 1, 1), Decimal(12), ""),
        (date(2024, 1, 1), Decimal(24), ""),
    ]
    [(measured_on, flats, note)] = values("ostrava-pilot-bydleni", "social-or-affordable-flats")
    assert (measured_on, flats) == (date(2017, 1, 1), Decimal(100))
    assert note.startswith("Pilot: sociální práce se všemi domácnostmi první 3 měsíce")
    ostrava = CaseStudyPage.objects.filter(locale__language_code="cs").get(
        slug="ostrava-pilot-bydleni"
    )
    assert (ostrava.period_start, ostrava.period_end) == (date(2016, 10, 1), date(2019, 9, 30))
    assert ostrava.organisation.slug == "ostrava"
    assert ostrava.organisation.population == 284_000
    assert ostrava.organisation.population_year == 2024
    assert sorted(ostrava.topics.values_list("slug", flat=True)) == sorted(
        ["krizove-bydleni", "socialni-bydleni", "dostupne-bydleni", "spoluprace-odboru"]
    )
    blocks = {block.block_type: block.value for block in ostrava.body}
    assert [event["title"] for event in blocks["timeline"]["events"]] == [
        "Začátek projektu",
        "Start pilotu",
        "Konec projektu",
    ]
    assert blocks["callout"]["heading"] == "Okamžitá obyvatelnost"
    assert blocks["testimonial"]["testimonial"].person_name == "Petr Příkladný"
    assert "text" in blocks and "Fokusní skupina" in str(blocks["text"])

    course = CoursePage.objects.filter(locale__language_code="cs").get(
        slug=Files.course["course"]["code"]
    )
    assert course.hours == Decimal(3)
    first = LessonPage.objects.filter(locale__language_code="cs").get(slug="registracni-tyden")
    assert (first.quiz_max_attempts, first.quiz_retry_wait_hours, first.quiz_grading) == (
        2,
        48,
        "last",
    )
    assert (first.quiz_pass_percent, first.quiz_show_answers) == (60, False)
    assert (
        LessonPage.objects.filter(locale__language_code="cs")
        .get(slug="pravidla-a-spoluprace")
        .quiz_max_attempts
        == 0
    )
    assert GlossaryTerm.objects.get(slug="housing-first").synonyms == "HF\nBydlení především"


def test_load_demo_resolves_the_links_between_apps(demo_site):
    for code, article in Files.articles.items():
        page = ArticlePage.objects.filter(locale__language_code="cs").get(slug=code)
        related = [block.value for block in page.body if block.block_type == "related_pages"]
        assert len(related) == 1, code
        assert sorted(page.slug for page in related[0]["pages"]) == sorted(
            article["related_case_studies"]
        )
        assert sorted(page.topics.values_list("slug", flat=True)) == sorted(article["topics"])
        assert page.content_owner.email == Files.knowledge_base["content_owner"]
        blocks = [block for block in page.body if block.block_type != "related_pages"]
        assert [block.block_type for block in blocks] == [item["type"] for item in article["body"]]
        for block, item in zip(blocks, article["body"], strict=True):
            if item["type"] == "heading":
                assert block.value["level"] == item.get("level", "h2"), code
            if item["type"] == "text":
                assert block.value.source == "".join(
                    f"<p>{text}</p>" for text in item["paragraphs"]
                )
    crisis = ArticlePage.objects.filter(locale__language_code="cs").get(slug="krizove-bydleni")
    table = next(block.value for block in crisis.body if block.block_type == "table")
    assert table["caption"] == "Krizové bydlení v ostravském pilotu"
    assert "6 měsíců" in str(crisis.body.render_as_block())

    for code, lesson in Files.lessons.items():
        page = LessonPage.objects.filter(locale__language_code="cs").get(slug=code)
        [case_study] = [block.value for block in page.body if block.block_type == "case_study"]
        assert case_study["page"].specific.slug == lesson["case_study"], code

    for code, category in Files.categories.items():
        for thread in category["threads"]:
            topic = ForumTopic.objects.get(category__slug=code, title=thread["title"])
            authors = list(
                topic.posts.order_by("created_at").values_list("author__email", flat=True)
            )
            assert authors == [post["author"] for post in thread["posts"]]
            accepted = [post["text"] for post in thread["posts"] if post.get("accepted")]
            assert [post.source for post in topic.posts.filter(pk=topic.accepted_answer_id)] == (
                accepted
            )
            assert topic.is_pinned == ("pinned" in thread)
    closed = Category.objects.get(slug="ostrava-koncepce-bydleni")
    assert set(closed.members.values_list("email", flat=True)) == set(
        Files.categories["ostrava-koncepce-bydleni"]["members"]
    )

    sections = {
        section.title: section
        for section in HomePageSection.objects.filter(
            page=HomePage.objects.filter(locale__language_code="cs").get()
        )
    }
    assert (
        sections[Files.case_studies["index"]["home_section"]].link_page.slug
        == (Files.case_studies["index"]["slug"])
    )
    assert (
        sections[Files.knowledge_base["index"]["home_section"]].link_page.slug
        == (Files.knowledge_base["index"]["slug"])
    )
    assert sections[Files.course["index"]["home_section"]].link_page.slug == "kurzy"
    assert sections[Files.forum["home_section"]].link_url_name == "forum:index"
