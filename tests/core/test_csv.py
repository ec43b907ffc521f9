"""The project's one CSV writer (core.csv) and the exports that use it."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.csv import csv_cell, csv_response, csv_text

HOSTILE = [
    '=HYPERLINK("https://evil.example","klikni")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_would_run_as_a_formula_is_kept_as_text(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Jana Nováková", "Praha 10", "50 %", "a=b", "'uvozovka"])
def test_ordinary_text_is_unchanged(value):
    assert csv_cell(value) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12, "12"),
        (-3, "-3"),
        (Decimal("12.50"), "12,5"),
        (Decimal("100.00"), "100"),
        (Decimal("-0.25"), "-0,25"),
        (12.5, "12,5"),
        (None, ""),
        (date(2024, 6, 30), "2024-06-30"),
    ],
)
def test_numbers_and_dates_follow_the_czech_conventions(value, text):
    assert csv_cell(value) == text


def test_aware_datetime_is_written_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Prague"
    value = datetime(2024, 6, 30, 12, 5, tzinfo=ZoneInfo("UTC"))
    assert csv_cell(value) == "2024-06-30 14:05"


def test_bool_is_refused():
    with pytest.raises(TypeError):
        csv_cell(True)


def test_file_has_bom_semicolons_crlf_and_quotes_only_where_needed():
    text = csv_text(["Jméno", "Poznámka"], [["Řehoř", 'řekl "ano"; pak ne'], ["Žofie", ""]])
    assert text == '\ufeffJméno;Poznámka\r\nŘehoř;"řekl ""ano""; pak ne"\r\nŽofie;\r\n'


def test_response_is_an_attachment_with_the_csv_type():
    response = csv_response(filename="skupina-1.csv", header=["a"], rows=[["=1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="skupina-1.csv"'
    assert _rows(response.content.decode()) == [["a"], ["'=1"]]


@pytest.mark.django_db
def test_cohort_csv_neutralises_hostile_sign_up_names(client, home_page):
    from accounts.roles import Role
    from courses import services
    from tests.courses.factories import CohortFactory, course_create
    from tests.factories import MembershipFactory, OrganisationFactory, user_with_role

    built = course_create(modules=1, lessons_per_module=1)
    adviser = user_with_role(Role.ADVISER)
    town = OrganisationFactory(short_name="@Město")
    cohort = CohortFactory(course=built.course, adviser=adviser, organisations=[town])
    for name in HOSTILE:
        user = MembershipFactory(
            organisation=town, user__first_name=name, user__last_name="Nová"
        ).user
        services.enrolment_create(user=user, course=built.course, cohort=cohort, by_adviser=True)
    client.force_login(adviser)
    response = client.get(f"/studium/prehled/skupiny/{cohort.pk}/csv/")
    assert response.status_code == 200
    rows = _rows(response.content.decode())
    assert len(rows) == 1 + len(HOSTILE)
    for row in rows[1:]:
        assert row[0].startswith("'"), row
        assert row[2].startswith("'"), row
        assert row[3] == "0"
