"""One source of truth: a record written by an adviser is what the case study's milestone
list, the case-study filter, the dashboard's counts and the roadmap show."""

import pytest

from casestudies.dashboard import outcomes_dashboard_data
from roadmap.models import MilestoneRecord
from tests.factories import OrganisationFactory, case_study_create
from tests.roadmap.factories import adviser_of, record_url

pytestmark = pytest.mark.django_db


def test_a_recorded_milestone_appears_on_the_case_study_dashboard_filter_and_roadmap(
    client, home_page
):
    town = OrganisationFactory(short_name="Trutnov", slug="trutnov")
    page = case_study_create(organisation=town, slug="trutnov-cs")
    case_study_create(organisation=OrganisationFactory(), slug="jiny-cs")

    def counts():
        dashboard = outcomes_dashboard_data("/pripadove-studie/")
        return {m.slug: m.municipality_count for m in dashboard.milestones}["crisis-flat"]

    assert counts() == 0
    assert "trutnov-cs" not in client.get("/pripadove-studie/?milnik=crisis-flat").content.decode()

    client.force_login(adviser_of(town))
    client.post(
        record_url(town, "crisis-flat"),
        {"status": "met", "reached_on": "2023-01-01", "evidence": "Krizový byt od ledna."},
    )
    client.logout()

    case_study = client.get(page.url).content.decode()
    assert "milestone--reached" in case_study and "2023" in case_study
    assert counts() == 1
    listing = client.get("/pripadove-studie/?milnik=crisis-flat").content.decode()
    assert "trutnov-cs" in listing and "jiny-cs" not in listing
    roadmap = client.get("/pripadove-studie/obce/trutnov/cesta/").content.decode()
    assert "Krizový byt od ledna." in roadmap

    # A planned record is not a met milestone anywhere.
    MilestoneRecord.objects.update(status="planned", reached_on=None)
    assert counts() == 0
    assert "milestone--reached" not in client.get(page.url).content.decode()
    assert "trutnov-cs" not in client.get("/pripadove-studie/?milnik=crisis-flat").content.decode()


def test_two_case_studies_of_one_town_share_its_milestones(client, home_page):
    town = OrganisationFactory(slug="pisek")
    first = case_study_create(
        organisation=town, slug="pisek-1", milestones=[("crisis-flat", "2023-01-01")]
    )
    second = case_study_create(organisation=town, slug="pisek-2")
    assert MilestoneRecord.objects.filter(organisation=town).count() == 1
    for page in (first, second):
        assert "milestone--reached" in client.get(page.url).content.decode()
    dashboard = outcomes_dashboard_data("/pripadove-studie/")
    assert {m.slug: m.municipality_count for m in dashboard.milestones}["crisis-flat"] == 1


def test_a_recorded_milestone_reaches_the_case_studys_search_document(client, home_page):
    from casestudies.search import case_study_document
    from search.models import SearchOutbox

    town = OrganisationFactory(short_name="Trutnov", slug="trutnov")
    page = case_study_create(organisation=town, slug="trutnov-cs")
    SearchOutbox.objects.all().delete()
    client.force_login(adviser_of(town))
    client.post(
        record_url(town, "crisis-flat"),
        {"status": "met", "reached_on": "2023-01-01", "evidence": "Byt."},
    )
    assert SearchOutbox.objects.filter(key=f"casestudies.casestudypage:{page.pk}").exists()
    assert "Zřízený krizový byt" in case_study_document(page).body
