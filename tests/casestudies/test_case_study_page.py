import pytest
from django.urls import reverse

from accounts.regions import Region
from accounts.roles import Role
from casestudies.models import CaseStudyPage
from tests.factories import OrganisationFactory, case_study_create, user_with_role

pytestmark = pytest.mark.django_db


def test_case_study_shows_latest_values_history_and_milestones(client, home_page):
    page = case_study_create(
        organisation=OrganisationFactory(
            name="Statutární město Jihlava", short_name="Jihlava", population=54_000
        ),
        values=[("households-housed", 5, "2023-01-01"), ("households-housed", 12, "2024-01-01")],
        milestones=[("housing-need-mapped", "2022-03-01")],
    )
    body = client.get(page.url).content.decode()
    assert "Statutární město Jihlava" in body
    assert "54\xa0000" in body
    assert '<p class="indicator__value">12\xa0domácností</p>' in body
    assert "0,22 na 1 000 obyvatel" in body  # 12 per 54 000 inhabitants
    assert "Jak ukazatele počítáme" in body
    assert "Vývoj: Zabydlené domácnosti" in body
    assert "Zmapovaná bytová nouze" in body and "březen 2022" in body


def test_peers_prefer_municipalities_of_the_same_size(client, home_page):
    own = case_study_create(
        organisation=OrganisationFactory(population=30_000, region=Region.VYSOCINA)
    )
    case_study_create(
        organisation=OrganisationFactory(
            short_name="Velkoměsto", population=400_000, region=Region.VYSOCINA
        )
    )
    case_study_create(
        organisation=OrganisationFactory(
            short_name="Podobné", population=28_000, region=Region.JIHOCESKY
        )
    )
    response = client.get(own.url)
    peers = [peer["page"].organisation.short_name for peer in response.context["peers"]]
    assert peers[0] == "Podobné"


def test_draft_case_study_is_hidden_from_everyone_but_editors(client, home_page):
    page = case_study_create(live=False)
    assert client.get(page.url).status_code == 404
    client.force_login(user_with_role(Role.LEARNER))
    assert client.get(page.url).status_code == 404
    client.force_login(user_with_role(Role.ADVISER))
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert preview.status_code == 200


def test_adviser_drafts_and_submits_but_cannot_publish(client, home_page):
    page = case_study_create(live=False)
    client.force_login(user_with_role(Role.ADVISER))
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        _edit_form_data(page, action="action-publish"),
    )
    page.refresh_from_db()
    assert not page.live
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        _edit_form_data(page, action="action-submit"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state is not None
    assert not page.live


def test_case_study_query_count_is_bounded(client, home_page, django_assert_max_num_queries):
    page = case_study_create(
        values=[("households-housed", n, f"20{10 + n}-01-01") for n in range(10)],
        milestones=[("crisis-flat", "2023-01-01"), ("housing-need-mapped", "2022-01-01")],
        topics=["housing-first", "krizove-bydleni"],
    )
    for _ in range(8):
        case_study_create(topics=["housing-first"], milestones=[("crisis-flat", "2023-01-01")])
    with django_assert_max_num_queries(27):
        assert client.get(page.url).status_code == 200


def _edit_form_data(page: CaseStudyPage, *, action: str) -> dict:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "organisation": page.organisation_id,
            "period_start": page.period_start.isoformat(),
            "period_end": "",
            "summary": page.summary,
            "body": streamfield([]),
            "indicator_values": inline_formset([]),
            "milestones": inline_formset([]),
            "contact_name": "",
            "contact_role": "",
            "contact_email": "",
        }
    )
    data[action] = "1"
    return data


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [("households-housed", "-1")],
            "Řádek „Zabydlené domácnosti ke dni 1. června 2024“: hodnota nemůže být záporná.",
        ),
        ([("households-housed", "abc")], "Zadejte číslo."),
        ([("tenancy-sustainment-12m", "120")], "podíl v procentech může být nejvýše 100."),
        ([("households-housed", "2.5")], "se počítá v celých číslech"),
    ],
)
def test_bad_indicator_values_in_the_editor_are_explained_not_saved(
    client, home_page, rows, message
):
    from wagtail.test.utils.form_data import inline_formset

    from tests.factories import indicator

    page = case_study_create(values=[("households-housed", 3, "2024-01-01")])
    client.force_login(user_with_role(Role.ADMIN))
    data = _edit_form_data(page, action="action-publish")
    rows_data = [
        {"indicator": indicator(slug).pk, "value": value, "measured_on": "2024-06-01", "note": ""}
        for slug, value in rows
    ]
    data.update(_flatten("indicator_values", inline_formset(rows_data)))
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(page.indicator_values.values_list("value", flat=True)) == [3]


def _flatten(prefix, formset):
    from wagtail.test.utils.form_data import nested_form_data

    return nested_form_data({prefix: formset})
