"""The demo shows towns' teams and answers that became knowledge (issue 20, items 4–6)."""

import io

import pytest
from django.core.management import call_command

from courses.models import Cohort, Enrolment, TeamCertificate
from kb.models import ArticleFaqEntry, ArticlePage, FaqProposal

pytestmark = pytest.mark.django_db


def test_demo_has_a_town_cohort_with_its_group_a_town_certificate_and_an_faq_entry(demo_site):
    cohort = Cohort.objects.get(forum_group__isnull=False)
    [town] = cohort.organisations.all()
    assert town.slug == "jihlava"
    learners = set(
        Enrolment.objects.active().filter(cohort=cohort).values_list("user_id", flat=True)
    )
    assert learners
    assert set(cohort.forum_group.members.values_list("pk", flat=True)) == learners | {
        cohort.adviser_id
    }
    certificate = TeamCertificate.objects.get(code="JHLV-TYMK-2526")
    assert certificate.organisation.slug == "jihlava"
    assert certificate.completed and not certificate.is_revoked
    entry = ArticleFaqEntry.objects.get()
    article = ArticlePage.objects.get(pk=entry.page_id)
    assert article.live and not article.has_unpublished_changes
    assert FaqProposal.objects.get().source_post_id == entry.source_post_id
    assert "/forum/prispevek/" in entry.source_url
    counts = (
        TeamCertificate.objects.count(),
        ArticleFaqEntry.objects.count(),
        Cohort.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert (
        TeamCertificate.objects.count(),
        ArticleFaqEntry.objects.count(),
        Cohort.objects.count(),
    ) == counts
