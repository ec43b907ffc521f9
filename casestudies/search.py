"""What case studies contribute to search: each live case study with its municipality,
region, topics, milestones and latest indicator values."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.regions import Region
from casestudies.models import CaseStudyPage
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
    facts += [milestone.milestone.name for milestone in page.milestones.select_related("milestone")]
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
