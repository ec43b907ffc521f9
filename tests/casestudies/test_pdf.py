import re

import pytest
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from accounts.roles import Role
from casestudies import exports
from tests.factories import OrganisationFactory, case_study_create, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def jihlava(home_page):
    return case_study_create(
        organisation=OrganisationFactory(
            name="Statutární město Jihlava", short_name="Jihlava", population=54_000
        ),
        title="Jihlava zabydluje rodiny",
        summary="Jihlava zabydlela dvanáct rodin s dětmi & snížila počet lidí v ubytovnách.",
        values=[
            ("households-housed", 5, "2023-06-30"),
            ("households-housed", 1234, "2024-06-30"),
            ("tenancy-sustainment-12m", "87.5", "2024-06-30"),
        ],
        milestones=[("crisis-flat", "2023-01-01")],
        topics=["housing-first"],
        contact_name="Jana Dvořáková",
        contact_role="vedoucí sociálního odboru",
        contact_email="jana.dvorakova@example.org",
    )


def _pdf_url(page):
    return page.url + page.reverse_subpage("council_pdf")


def _page_count(content: bytes) -> int:
    return int(re.search(rb"/Count (\d+) /Kids", content).group(1))


def _story_text(rf, page) -> str:
    """The text of the print-out's paragraphs and table cells, in order.

    The PDF's own text is compressed and coded by font subset, and pypdf is not a dependency,
    so the content is checked here, and the bytes of the file only for what stays readable.
    """
    from reportlab.platypus import Paragraph, Table

    parts = []
    for flowable in exports.council_pdf_story(rf.get("/"), page):
        if isinstance(flowable, Paragraph):
            parts.append(flowable.getPlainText())
        elif isinstance(flowable, Table):
            for row in flowable._cellvalues:
                parts.append(" | ".join(cell.getPlainText() for cell in row))
    return "\n".join(parts)


def test_pdf_is_an_inline_a4_document_named_after_the_page(client, jihlava):
    response = client.get(_pdf_url(jihlava))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="jihlava-zabydluje-rodiny.pdf"'
    assert response.content.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in response.content  # A4 in points


def test_pdf_carries_the_title_and_links_to_the_page(client, jihlava):
    content = client.get(_pdf_url(jihlava)).content
    assert b"/Title (Jihlava zabydluje rodiny)" in content
    assert b"/Lang (cs)" in content
    assert f"/URI ({jihlava.full_url})".encode() in content


def test_pdf_is_czech_under_the_english_address(client, jihlava):
    czech_url = jihlava.full_url
    response = client.get("/en" + _pdf_url(jihlava))
    assert response.status_code == 200
    assert b"/Lang (cs)" in response.content
    assert f"/URI ({czech_url})".encode() in response.content


def test_pdf_embeds_a_font_with_czech_glyphs(client, jihlava):
    content = client.get(_pdf_url(jihlava)).content
    assert exports.DEJAVU_DIRECTORY.joinpath("DejaVuSans.ttf").exists(), (
        "Install Debian's fonts-dejavu-core: the PDF needs it for ě, š, č, ř, ž, ů."
    )
    assert b"+DejaVuSans" in content


def test_pdf_shows_what_the_council_needs(rf, jihlava):
    text = _story_text(rf, jihlava)
    assert text.startswith("Jihlava zabydluje rodiny\n")
    assert "Statutární město Jihlava · Kraj Vysočina · 54\xa0000 obyvatel" in text
    assert "Období: leden 2020 – dosud" in text
    assert "dvanáct rodin s dětmi & snížila" in text
    assert "Zabydlené domácnosti | 1\xa0234 | domácností | 30. 6. 2024 | 5 (30. 6. 2023)" in text
    assert "Udržení bydlení po 12 měsících | 87,5 | % | 30. 6. 2024 | –" in text
    assert "Zřízený krizový byt | leden 2023" in text
    assert "Housing First" in text
    assert "Jana Dvořáková, vedoucí sociálního odboru, jana.dvorakova@example.org" in text
    assert jihlava.full_url in text


def test_pdf_of_a_case_study_without_data_says_so(rf, home_page):
    page = case_study_create(title="Začínáme", period_end="2021-06-30")
    text = _story_text(rf, page)
    assert "Období: leden 2020 – červen 2021" in text
    assert "Obec zatím nezveřejnila žádné hodnoty." in text
    assert "Zatím žádný splněný milník." in text


def test_a_full_case_study_fits_on_two_pages(client, home_page):
    indicators = [
        "households-housed",
        "families-with-children-housed",
        "flats-provided",
        "programme-months",
        "tenancy-sustainment-12m",
        "people-in-housing-need-mapped",
    ]
    milestones = [
        "housing-need-mapped",
        "crisis-flat",
        "progressive-allocation-rules",
        "housing-contact-centre",
        "housing-first-running",
        "goal-end-family-homelessness",
        "interdepartmental-cooperation",
    ]
    page = case_study_create(
        title="Velmi dlouhý název příkladu dobré praxe, " * 3,
        summary="Obec udělala mnoho věcí a výsledky jsou vidět. " * 12,
        values=[(slug, 10 + year, f"20{year}-06-30") for slug in indicators for year in (20, 24)],
        milestones=[(slug, "2023-01-01") for slug in milestones],
        topics=["housing-first", "krizove-bydleni"],
        contact_name="Jana Dvořáková",
        contact_email="jana@example.org",
    )
    content = client.get(_pdf_url(page)).content
    assert 1 <= _page_count(content) <= 2


def test_draft_pdf_is_not_found_for_anonymous_and_logged_in_people(client, home_page):
    draft = case_study_create(title="Tajný koncept", live=False)
    assert client.get(_pdf_url(draft)).status_code == 404
    client.force_login(user_with_role(Role.LEARNER))
    assert client.get(_pdf_url(draft)).status_code == 404


def test_pdf_of_a_page_behind_a_login_restriction_needs_a_login(client, jihlava):
    PageViewRestriction.objects.create(page=jihlava, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(_pdf_url(jihlava))
    assert response.status_code == 302
    assert not response.content.startswith(b"%PDF")


def test_pdf_query_count_is_bounded(client, jihlava, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(15):
        assert client.get(_pdf_url(jihlava)).status_code == 200
