"""Demo case studies for `load_demo`: the seven municipalities of the source documents, from
casestudies/demo_content/case_studies.toml (which says where the figures come from).
"""

from decimal import Decimal

from django.db import transaction

from accounts.models import Organisation
from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyIndicatorValue,
    CaseStudyPage,
    IndicatorDefinition,
    Testimonial,
)
from core.demo_data import demo_file
from core.models import Topic
from home.models import HomePage, HomePageSection


def _body(item: dict, testimonial: Testimonial | None) -> list[tuple[str, object]]:
    blocks = [("text", "".join(f"<p>{paragraph}</p>" for paragraph in item["paragraphs"]))]
    if "callout" in item:
        blocks.append(("callout", item["callout"]))
    if "timeline" in item:
        blocks.append(("timeline", item["timeline"]))
    if testimonial is not None:
        blocks.append(("testimonial", {"testimonial": testimonial}))
    return blocks


@transaction.atomic
def load(*, stdout) -> None:
    data = demo_file("casestudies", "case_studies")
    home = HomePage.objects.first()  # the Czech one: English versions come later
    index_page = CaseStudyIndexPage.objects.first()
    if index_page is None:
        index_data = data["index"]
        index_page = CaseStudyIndexPage(
            title=index_data["title"], slug=index_data["slug"], intro=index_data["intro"]
        )
        home.add_child(instance=index_page)
        index_page.save_revision().publish()
        stdout.write("  case study index created")
    HomePageSection.objects.filter(
        page=home, title=data["index"]["home_section"], link_page__isnull=True
    ).update(link_page=index_page)

    testimonials = {}
    for item in data["testimonials"]:
        testimonials[item["code"]], _created = Testimonial.objects.get_or_create(
            person_name=item["person_name"],
            defaults={
                "quote": item["quote"],
                "person_role": item["person_role"],
                "organisation": Organisation.objects.get(slug=item["organisation"]),
                "show_on_home_page": True,
            },
        )

    indicators = {indicator.slug: indicator for indicator in IndicatorDefinition.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for item in data["case_studies"]:
        if CaseStudyPage.objects.filter(slug=item["code"]).exists():
            continue
        page = CaseStudyPage(
            title=item["title"],
            slug=item["code"],
            organisation=Organisation.objects.get(slug=item["organisation"]),
            period_start=item["period_start"],
            period_end=item.get("period_end"),
            summary=item["summary"],
            body=_body(item, testimonials.get(item.get("testimonial"))),
        )
        for value in item.get("values", []):
            page.indicator_values.add(
                CaseStudyIndicatorValue(
                    indicator=indicators[value["indicator"]],
                    value=Decimal(value["value"]),
                    measured_on=value["measured_on"],
                    note=value.get("note", ""),
                )
            )
        page.topics = [topics[slug] for slug in item["topics"]]
        index_page.add_child(instance=page)
        page.save_revision().publish()
        stdout.write(f"  case study {page.title}")
