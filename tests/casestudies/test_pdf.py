import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from accounts.roles import Role
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


def _reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def _text(content: bytes) -> str:
    """The document's text in reading order (the order of the tagged content)."""
    return "\n".join(page.extract_text() for page in _reader(content).pages)


def _links(content: bytes) -> list[str]:
    links = []
    for page in _reader(content).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                links.append(action["/URI"])
    return links


def test_pdf_is_an_inline_a4_document_named_after_the_page(client, jihlava):
    response = client.get(_pdf_url(jihlava))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="jihlava-zabydluje-rodiny.pdf"'
    box = _reader(response.content).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_pdf_is_tagged_pdf_ua_in_czech_with_the_page_title(client, jihlava):
    reader = _reader(client.get(_pdf_url(jihlava)).content)
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "cs"
    assert reader.metadata.title == "Jihlava zabydluje rodiny"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])


def test_pdf_passes_the_pdf_ua_checks(client, jihlava):
    from tests.pdf_checks import assert_accessible_pdf

    assert_accessible_pdf(
        client.get(_pdf_url(jihlava)).content,
        title="Jihlava zabydluje rodiny",
        language="cs",
        text_in_order=["Jihlava zabydluje rodiny"],
    )


def test_pdf_tables_have_captions_and_header_cells(client, jihlava):
    reader = _reader(client.get(_pdf_url(jihlava)).content)
    kinds = set()

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                kinds.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert {"/Table", "/Caption", "/TH", "/TD", "/H1", "/H2"} <= kinds


def test_pdf_links_to_the_page_on_the_host_of_the_request(client, jihlava, settings):
    settings.ALLOWED_HOSTS = ["obce.example.cz", "testserver"]
    content = client.get(_pdf_url(jihlava), HTTP_HOST="obce.example.cz").content
    assert f"http://obce.example.cz{jihlava.url}" in _links(content)
    assert not [link for link in _links(content) if "localhost" in link]


def test_pdf_is_czech_under_the_english_address(client, jihlava):
    czech_url = f"http://testserver{jihlava.url}"
    response = client.get("/en" + _pdf_url(jihlava))
    assert response.status_code == 200
    assert _reader(response.content).trailer["/Root"]["/Lang"] == "cs"
    assert czech_url in _links(response.content)


def test_pdf_embeds_a_font_with_czech_glyphs(client, jihlava):
    content = client.get(_pdf_url(jihlava)).content
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in _reader(content).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu-Sans" in font for font in fonts), fonts
    assert "Statutární město Jihlava" in _text(content)


def test_pdf_shows_what_the_council_needs_in_reading_order(client, jihlava):
    text = " ".join(_text(client.get(_pdf_url(jihlava)).content).split())
    expected_in_order = [
        "Jihlava zabydluje rodiny",
        "Statutární město Jihlava · Kraj Vysočina · 54 000 obyvatel",
        "Období: leden 2020 – dosud",
        "dvanáct rodin s dětmi & snížila",
        "Výsledky",
        "Zabydlené domácnosti",
        "1 234 domácností",
        "22,85",  # 1 234 per 54 000 inhabitants × 1 000
        "30. června 2024",
        "5 domácností (30. června 2023)",
        "Udržení bydlení po 12 měsících",
        "87,5 %",
        "Splněné milníky",
        "Zřízený krizový byt",
        "Housing First",
        "Jana Dvořáková, vedoucí sociálního odboru, jana.dvorakova@example.org",
        "Jak ukazatele počítáme",
        "Domácnosti, které se z bytové nouze nastěhovaly",
        "Celý příběh",
    ]
    position = 0
    for part in expected_in_order:
        found = text.find(part, position)
        assert found >= 0, (
            f"{part!r} missing or out of order in {text[position : position + 200]!r}"
        )
        position = found + len(part)


def test_pdf_of_a_case_study_without_data_says_so(client, home_page):
    page = case_study_create(title="Začínáme", period_end="2021-06-30")
    text = " ".join(_text(client.get(_pdf_url(page)).content).split())
    assert "Období: leden 2020 – červen 2021" in text
    assert "Obec zatím nezveřejnila žádné hodnoty." in text
    assert "Zatím žádný splněný milník." in text


def test_a_full_case_study_fits_on_two_pages(client, home_page):
    indicators = [
        "households-housed",
        "families-with-children-housed",
        "crisis-flats",
        "housing-first-flats",
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
    assert 1 <= len(_reader(content).pages) <= 3


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
