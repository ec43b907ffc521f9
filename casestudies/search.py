"""What case studies contribute to search: each live case study with its municipality,
region, topics, milestones and latest indicator values."""

from casestudies.models import CaseStudyPage
from roadmap.models import MilestoneRecord
from search import registry
from search.documents import SearchDocument, html_text, plain_text
from search.pages import index_pages, page_audiences


def case_study_document(page: CaseStudyPage) -> SearchDocument | None:
    audiences = page_audiences(page)
    url = page.get_url()
    if audiences is None or not url:
        return None
    organisation = page.organisation
    facts = [
        f"{value.indicator.name}: {value.value.normalize():f}"
        for value in page.indicator_values.select_related("indicator").order_by("measured_on")
    ]
    # The town's milestones: the roadmap's met records (roadmap.services re-indexes on change).
    facts += [
        record.milestone.name
        for record in MilestoneRecord.objects.met()
        .filter(organisation_id=page.organisation_id)
        .select_related("milestone")
        .order_by("reached_on", "milestone__sort_order")
    ]
    body = html_text(page.body.render_as_block())
    return SearchDocument(
        key=registry.document_key(page),
        kind="case_study",
        title=page.title,
        url=url,
        summary=page.summary,
        body=plain_text(f"{organisation.name}.", f"{'. '.join(facts)}.", body),
        date=page.period_start,
        place=organisation.short_name,
        topics=tuple(page.topics.values_list("slug", flat=True)),
        region=organisation.region or "",
        municipality=organisation.slug,
        audiences=audiences,
    )


def _case_study(pk: int) -> SearchDocument | None:
    page = CaseStudyPage.objects.live().select_related("organisation").filter(pk=pk).first()
    return case_study_document(page) if page else None


def _case_studies():
    for page in CaseStudyPage.objects.live().select_related("organisation"):
        document = case_study_document(page)
        if document is not None:
            yield document


registry.register_source(
    registry.Source("casestudies.casestudypage", ("case_study",), _case_studies, _case_study)
)
index_pages(CaseStudyPage)
