"""Advisers record progress for the towns they advise; nobody else; bad input is refused."""

import io
import zipfile

import pytest

from accounts.roles import Role
from roadmap.models import MilestoneRecord
from tests.factories import OrganisationFactory, milestone_record_create, user_with_role
from tests.roadmap.factories import adviser_of, record_url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def town():
    from tests.factories import case_study_index_create, home_page_create

    case_study_index_create(home_page_create())
    return OrganisationFactory(short_name="Trutnov", slug="trutnov")


def _upload(name, data):
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_adviser_marks_a_milestone_met_with_evidence_text_and_file(client, town):
    adviser = adviser_of(town)
    client.force_login(adviser)
    response = client.post(
        record_url(town, "crisis-flat"),
        {
            "status": "met",
            "reached_on": "2023-01-01",
            "evidence": "Usnesení rady č. 5/2023.",
            "evidence_file": _upload("usneseni.pdf", PDF),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/pripadove-studie/obce/trutnov/cesta/"
    record = MilestoneRecord.objects.get(organisation=town, milestone__slug="crisis-flat")
    assert record.is_met and str(record.reached_on) == "2023-01-01"
    assert record.evidence == "Usnesení rady č. 5/2023."
    assert record.evidence_filename == "usneseni.pdf"
    assert record.recorded_by == adviser


def test_adviser_marks_a_milestone_planned(client, town):
    client.force_login(adviser_of(town))
    response = client.post(
        record_url(town, "progressive-allocation-rules"),
        {"status": "planned", "planned_on": "2027-03-31", "note": "Rada v březnu."},
    )
    assert response.status_code == 302
    record = MilestoneRecord.objects.get(organisation=town)
    assert record.status == "planned" and record.reached_on is None
    assert record.note == "Rada v březnu."


def test_an_adviser_of_another_town_gets_a_czech_403_and_nothing_is_saved(client, town):
    client.force_login(adviser_of(OrganisationFactory()))
    for method in (client.get, client.post):
        response = method(record_url(town, "crisis-flat"), {"status": "met"})
        assert response.status_code == 403
        assert "Milníky obce Trutnov zapisují jen její poradci" in response.content.decode()
    assert not MilestoneRecord.objects.exists()


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PARTNER_MEMBER, Role.MODERATOR])
def test_the_towns_own_members_may_not_record(client, town, role):
    client.force_login(user_with_role(role, organisation=town))
    assert client.post(record_url(town, "crisis-flat"), {"status": "met"}).status_code == 403


def test_an_adviser_without_the_role_any_more_may_not_record(client, town):
    adviser = adviser_of(town)
    adviser.memberships.update(role=Role.LEARNER)
    adviser.forget_roles()
    client.force_login(adviser)
    assert client.get(record_url(town, "crisis-flat")).status_code == 403


def test_administrators_record_for_every_town(client, town):
    client.force_login(user_with_role(Role.ADMIN))
    response = client.post(
        record_url(town, "crisis-flat"),
        {"status": "met", "reached_on": "2023-01-01", "evidence": "Smlouva."},
    )
    assert response.status_code == 302


def test_anonymous_is_sent_to_log_in(client, town):
    response = client.post(record_url(town, "crisis-flat"), {"status": "met"})
    assert response.status_code == 302 and "/ucet/login/" in response["Location"]


def test_unknown_town_or_milestone_is_404(client, town):
    client.force_login(user_with_role(Role.ADMIN))
    assert client.get(record_url(town, "neexistuje")).status_code == 404
    assert client.get("/cesta/neexistuje/crisis-flat/zapsat/").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("doklad.exe", b"MZ\x90\x00", "nelze nahrát jako doklad"),
        ("doklad.pdf", b"<html>not a pdf</html>", "není tím, za co se podle přípony vydává"),
        ("doklad.pdf", b"", "je prázdný"),
    ],
)
def test_a_bad_evidence_file_is_refused_and_the_old_record_stays(client, town, name, data, message):
    existing = milestone_record_create(
        town, "crisis-flat", "2023-01-01", evidence="Původní doklad."
    )
    client.force_login(adviser_of(town))
    response = client.post(
        record_url(town, "crisis-flat"),
        {
            "status": "met",
            "reached_on": "2024-01-01",
            "evidence": "Nový.",
            "evidence_file": _upload(name, data),
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    existing.refresh_from_db()
    assert existing.evidence == "Původní doklad." and str(existing.reached_on) == "2023-01-01"


def test_a_too_large_evidence_file_is_refused(client, town, settings):
    settings.ROADMAP_EVIDENCE_MAX_BYTES = 100
    client.force_login(adviser_of(town))
    response = client.post(
        record_url(town, "crisis-flat"),
        {
            "status": "met",
            "reached_on": "2023-01-01",
            "evidence_file": _upload("velky.pdf", PDF + b"x" * 200),
        },
    )
    assert response.status_code == 400
    assert "je větší než povolených" in response.content.decode()
    assert not MilestoneRecord.objects.exists()


def test_a_zip_that_is_not_an_office_document_is_refused(client, town):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("a.txt", "x")
    client.force_login(adviser_of(town))
    response = client.post(
        record_url(town, "crisis-flat"),
        {
            "status": "met",
            "reached_on": "2023-01-01",
            "evidence_file": _upload("d.docx", data.getvalue()),
        },
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "met", "evidence": "Doklad."}, "Vyplňte, kdy obec milník splnila"),
        (
            {"status": "met", "reached_on": "2023-01-01"},
            "Popište doklad o splnění nebo nahrajte soubor",
        ),
        (
            {"status": "met", "reached_on": "2999-01-01", "evidence": "X."},
            "nemůže být v budoucnosti",
        ),
        ({"status": "planned"}, "Vyplňte, kdy obec tento krok plánuje"),
        ({"status": "nic"}, "Vyberte platnou možnost"),
        ({"status": "met", "reached_on": "vcera", "evidence": "X."}, "Zadejte platné datum"),
    ],
)
def test_an_incomplete_form_is_a_400_with_the_reason(client, town, data, message):
    client.force_login(adviser_of(town))
    response = client.post(record_url(town, "crisis-flat"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Chyba:" in body
    assert not MilestoneRecord.objects.exists()


@pytest.fixture
def record_with_file(client, town):
    adviser = adviser_of(town)
    client.force_login(adviser)
    client.post(
        record_url(town, "crisis-flat"),
        {
            "status": "met",
            "reached_on": "2023-01-01",
            "evidence": "Smlouva.",
            "evidence_file": _upload("smlouva.pdf", PDF),
        },
    )
    client.logout()
    return MilestoneRecord.objects.get(organisation=town)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("other_town", 404),
        ("other_adviser", 404),
        ("member", 200),
        ("adviser", 200),
        ("admin", 200),
    ],
)
def test_the_evidence_file_is_served_only_to_the_town_and_its_advisers(
    client, town, record_with_file, who, status
):
    people = {
        "anonymous": None,
        "other_town": user_with_role(Role.PARTNER_MEMBER),
        "other_adviser": adviser_of(OrganisationFactory()),
        "member": user_with_role(Role.LEARNER, organisation=town),
        "adviser": town.advisers.first().adviser,
        "admin": user_with_role(Role.ADMIN),
    }
    if people[who] is not None:
        client.force_login(people[who])
    response = client.get(f"/cesta/{town.slug}/crisis-flat/doklad/")
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert "smlouva.pdf" in response["Content-Disposition"]


def test_a_new_file_replaces_the_old_and_no_file_keeps_it(client, town, record_with_file):
    client.force_login(town.advisers.first().adviser)
    old_name = record_with_file.evidence_file.name
    client.post(
        record_url(town, "crisis-flat"),
        {"status": "met", "reached_on": "2023-01-01", "evidence": ""},
    )
    record_with_file.refresh_from_db()
    assert record_with_file.evidence_file.name == old_name  # no new file: the old one stays


def test_the_form_costs_a_fixed_number_of_queries(client, town, django_assert_max_num_queries):
    client.force_login(adviser_of(town))
    with django_assert_max_num_queries(25):
        assert client.get(record_url(town, "crisis-flat")).status_code == 200
