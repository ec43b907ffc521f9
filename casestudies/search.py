"""What case studies contribute to search: each live case study with its municipality,
region, topics, milestones and latest indicator values."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.regions import Region
from casestudies.models import CaseStudyIndicatorValue, CaseStudyPage
from roadmap.models import MilestoneRecord
from search import registry
from search.documents import SearchDocument, html_text, plain_text
from search.pages import in_batches, index_pages, page_access_of, page_audiences

BATCH_SIZE = 200


def case_study_document(page: CaseStudyPage, *, access=None) -> SearchDocument | None:
    """The document of a live case study (from `_live_case_studies`, which prefetches what it
    shows; `access` when read for a batch)."""
    audiences = page_audiences(page, access)
    url = page.get_url()
    if audiences is None or not url:
        return None
    organisation = page.organisation
    facts = [
        f"{value.indicator.name}: {value.value.normalize():f}"
        for value in sorted(page.indicator_values.all(), key=lambda value: value.measured_on)
    ]
    # The town's milestones: the roadmap's met records (roadmap.services re-indexes on change).
    facts += [record.milestone.name for record in organisation.milestone_records.all()]
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
        topics=tuple(topic.slug for topic in page.topics.all()),
        region=organisation.region or "",
        municipality=organisation.slug,
        audiences=audiences,
    )


def _live_case_studies():
    return (
        CaseStudyPage.objects.live()
        .select_related("organisation")
        .prefetch_related(
            "topics",
            Prefetch(
                "indicator_values",
                queryset=CaseStudyIndicatorValue.objects.select_related("indicator").order_by(
                    "measured_on"
                ),
            ),
            Prefetch(
                "organisation__milestone_records",
                queryset=MilestoneRecord.objects.met()
                .select_related("milestone")
                .order_by("reached_on", "milestone__sort_order"),
            ),
        )
    )


def _case_study_batch(pages: list[CaseStudyPage]) -> list[SearchDocument]:
    access = page_access_of(pages)
    documents = (case_study_document(page, access=access[page.pk]) for page in pages)
    return [document for document in documents if document is not None]


def _case_studies_for(pks: list[int]) -> list[SearchDocument]:
    return _case_study_batch(list(_live_case_studies().filter(pk__in=pks)))


def _case_study(pk: int) -> SearchDocument | None:
    return next(iter(_case_studies_for([pk])), None)


def _case_studies():
    for pages in in_batches(_live_case_studies(), BATCH_SIZE):
        yield from _case_study_batch(pages)


registry.register_source(
    registry.Source(
        "casestudies.casestudypage",
        ("case_study",),
        _case_studies,
        _case_study,
        _case_studies_for,
    )
)
registry.register_kind("case_study", _("Příklad dobré praxe"))
registry.register_facet(
    registry.Facet(
        "region", _("Kraj"), lambda: {code: str(label) for code, label in Region.choices}
    )
)
registry.register_facet(
    registry.Facet(
        "municipality",
        _("Obec"),
        lambda: dict(Organisation.objects.values_list("slug", "short_name")),
    )
)
index_pages(CaseStudyPage)
