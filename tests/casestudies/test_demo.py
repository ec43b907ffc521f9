import io

import pytest
from django.core.management import call_command

from casestudies import queries
from casestudies.models import CaseStudyPage
from roadmap.models import MilestoneRecord

pytestmark = pytest.mark.django_db

# What the source documents say, per municipality.
EXPECTED = {
    "jihlava": (
        {"households-housed": 12, "housing-first-flats": 12},
        {"housing-need-mapped", "housing-first-running"},
    ),
    "liberec": ({"households-housed": 20, "programme-months": 24}, {"housing-first-running"}),
    "praha": (
        {"flats-provided": 30},
        {"progressive-allocation-rules", "goal-end-family-homelessness"},
    ),
    "praha-10": (
        {"households-housed": 10, "families-with-children-housed": 10},
        {"progressive-allocation-rules", "housing-contact-centre"},
    ),
    "trutnov": (
        {"crisis-flats": 1},
        {"housing-need-mapped", "crisis-flat", "interdepartmental-cooperation"},
    ),
    "pisek": ({"households-housed": 4}, set()),
    "ostrava": (
        {"crisis-flats": 5, "social-or-affordable-flats": 100},
        {"crisis-flat", "interdepartmental-cooperation", "housing-concept"},
    ),
}


@pytest.fixture
def demo(demo_site):
    """The demo content, loaded once for all demo tests (tests/conftest.py)."""


def test_demo_has_a_case_study_per_seed_municipality_with_its_figures(demo):
    pages = CaseStudyPage.objects.live().select_related("organisation")
    assert {page.organisation.slug for page in pages} == set(EXPECTED)
    series = queries.indicator_series_by_page([page.pk for page in pages])
    milestones = queries.milestones_by_page([page.pk for page in pages])
    for page in pages:
        values, reached = EXPECTED[page.organisation.slug]
        latest = {item.indicator.slug: int(item.latest[1]) for item in series.get(page.pk, [])}
        assert latest == values, page.organisation.slug
        # The town's milestones are its roadmap records (roadmap/demo_content/records.toml).
        met = MilestoneRecord.objects.met().filter(organisation=page.organisation)
        assert set(met.values_list("milestone__slug", flat=True)) == reached, page.organisation.slug
        assert set(milestones.get(page.pk, {})) == set(met.values_list("milestone_id", flat=True))


def test_demo_case_studies_twice_change_nothing(demo):
    before = sorted(CaseStudyPage.objects.values_list("slug", "live", "latest_revision_id"))
    call_command("load_demo", stdout=io.StringIO())
    assert sorted(CaseStudyPage.objects.values_list("slug", "live", "latest_revision_id")) == before


def test_home_page_links_to_case_studies_and_shows_testimonials(client, demo):
    body = client.get("/").content.decode()
    assert 'href="/pripadove-studie/"' in body
    assert "smyšlená postava pro ukázku" in body


def test_dashboard_figures_match_the_demo_data(demo):
    from casestudies.dashboard import outcomes_dashboard_data

    dashboard = outcomes_dashboard_data("/pripadove-studie/")
    # Households: Jihlava 12 + Liberec 20 + Praha 10 10 + Písek 4.
    assert dashboard.households_housed.value == 46
    # Each seed figure in its precise indicator.
    assert dashboard.total("crisis-flats").value == 6  # Trutnov 1 + Ostrava 5
    assert dashboard.total("social-or-affordable-flats").value == 100  # Ostrava
    assert dashboard.total("housing-first-flats").value == 12  # Jihlava
    assert dashboard.total("flats-provided").value == 30  # Praha: the kind is not given
    assert dashboard.total("social-flats").value is None  # no source splits them
    assert dashboard.families_housed.value == 10
    assert dashboard.municipality_count == 7
    reached = {milestone.slug: milestone.municipality_count for milestone in dashboard.milestones}
    assert reached["crisis-flat"] == 2  # Trutnov, Ostrava
    assert reached["housing-contact-centre"] == 1  # Praha 10
    regions = {region.code: region.households_housed for region in dashboard.regions}
    assert regions["CZ010"] == 10  # Praha 10 (Praha itself reports flats, not households)
    assert regions["CZ080"] is None  # Ostrava reports flats only: no data, not 0


def test_ostrava_pilot_rules_are_notes_of_its_flats(demo):
    from casestudies.models import CaseStudyIndicatorValue

    notes = dict(
        CaseStudyIndicatorValue.objects.filter(page__slug="ostrava-pilot-bydleni").values_list(
            "indicator__slug", "note"
        )
    )
    assert "nejvýše 6 měsíců" in notes["crisis-flats"]
    assert "první 3 měsíce" in notes["social-or-affordable-flats"]


def test_demo_site_serves_at_site_url(demo, settings):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    assert settings.SITE_URL == "http://testserver"
    assert (site.hostname, site.port) == ("testserver", 80)
