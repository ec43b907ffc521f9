"""Demo case studies for `load_demo`: the seven municipalities of the source documents.

Figures and milestones come from the sources, retold in our own words. The sources give dates
only for Ostrava (project October 2016 – September 2019, pilot from January 2017); the other
dates are illustrative placeholders (1 January of a recent year) so that the time series work.
The testimonials are by fictional people and say so; no words are put into real people's mouths.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from accounts.models import Organisation
from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyIndicatorValue,
    CaseStudyMilestone,
    CaseStudyPage,
    IndicatorDefinition,
    MilestoneDefinition,
    Testimonial,
)
from core.models import HomePage, HomePageSection, Topic


@dataclass
class DemoCaseStudy:
    organisation_slug: str
    title: str
    slug: str
    period_start: date
    period_end: date | None
    summary: str
    paragraphs: list[str]
    # (indicator slug, value, date) or (…, note): each figure in its precise indicator.
    values: list[tuple] = field(default_factory=list)
    milestones: list[tuple[str, date]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    callout: tuple[str, str] | None = None
    timeline: list[tuple[date, str, str]] = field(default_factory=list)


CASE_STUDIES = [
    DemoCaseStudy(
        "jihlava",
        "Jihlava: pilotní Housing First pro 12 domácností",
        "jihlava-housing-first",
        date(2022, 1, 1),
        None,
        "Jihlava s pomocí experta sítě zmapovala bytovou nouzi, využila dotační výzvu a spustila "
        "pilotní Housing First, ve kterém získalo byt 12 ohrožených domácností.",
        [
            "Město nejdřív potřebovalo vědět, kolik lidí v bytové nouzi skutečně má. Úřad proto "
            "s poradcem sítě připravil registrační týden: terénní pracovníci a neziskové organizace "
            "během jednoho týdne sečetli lidi bez domova a v nejistém bydlení a zapsali, co potřebují. "
            "Postup si od té doby berou za vzor i další města.",
            "Na základě čísel město podalo projekt do dotačního programu na pilotní ověření Housing First. "
            "Dvanáct bytů dostaly domácnosti, které by v běžném systému na byt nedosáhly. Projekt počítá "
            "i se vzděláváním pracovníků úřadu v metodě a s lepší domluvou mezi úřadem, neziskovými "
            "organizacemi a veřejností; do přípravy se zapojili i sami lidé v bytové nouzi.",
            "Poradce sítě pomáhá týmu terénních pracovníků metodicky a pracovníkům úřadu radí při "
            "rozhodování. Po dobrém startu se město chystá na další nástroje.",
        ],
        values=[
            ("households-housed", 12, date(2023, 1, 1)),
            ("housing-first-flats", 12, date(2023, 1, 1)),
        ],
        milestones=[
            ("housing-need-mapped", date(2022, 1, 1)),
            ("housing-first-running", date(2023, 1, 1)),
        ],
        topics=["housing-first", "registracni-tyden", "mapovani-bytove-nouze", "spoluprace-odboru"],
        callout=(
            "Co pomohlo",
            "<p>Registrační týden dal městu čísla, o která se mohl opřít projekt i politici.</p>",
        ),
    ),
    DemoCaseStudy(
        "liberec",
        "Liberec: dva roky Housing First a 20 zabydlených domácností",
        "liberec-housing-first",
        date(2022, 1, 1),
        None,
        "Statutární město Liberec provozuje program Housing First dva roky a zabydlelo v něm "
        "20 domácností, které patřily k nejpotřebnějším.",
        [
            "Liberec patří k městům, která bydlení jako první krok vyzkoušela mezi prvními. Program "
            "nabízí byt se standardní nájemní smlouvou lidem, kteří dlouho žili bez domova, a podporu "
            "sociálních pracovníků, o kterou si sami řeknou.",
            "Město spolupracuje s odborníky sítě na navazujících projektech a sdílí zkušenosti "
            "s dalšími obcemi. Po dvou letech běhu programu má byt 20 domácností.",
        ],
        values=[
            ("programme-months", 12, date(2023, 1, 1)),
            ("programme-months", 24, date(2024, 1, 1)),
            ("households-housed", 20, date(2024, 1, 1)),
        ],
        milestones=[("housing-first-running", date(2022, 1, 1))],
        topics=["housing-first", "socialni-bydleni"],
    ),
    DemoCaseStudy(
        "praha",
        "Praha: žádné dítě na ubytovně",
        "praha-rodiny-s-detmi",
        date(2023, 1, 1),
        None,
        "Hlavní město si dalo za cíl dostat všechny rodiny s dětmi z ubytoven do běžného bydlení, "
        "upravilo zásady přidělování městských bytů a vyčlenilo pro rodiny 30 bytů.",
        [
            "Cíl ukončit bezdomovectví rodin s dětmi je součástí koaliční dohody. Aby se dal splnit, "
            "musí spolupracovat bytový a sociální odbor magistrátu, městské části, poskytovatelé služeb "
            "z neziskového sektoru i úřad práce.",
            "Síť městu poskytla desítky hodin konzultací k tomu, jak takový propojený systém postavit. "
            "Město přijalo progresivní zásady pro přidělování bytů a pro rodiny z ubytoven nabídlo 30 bytů.",
        ],
        # The source does not say which kind of flats the 30 are.
        values=[("flats-provided", 30, date(2024, 1, 1), "Byty pro rodiny s dětmi z ubytoven.")],
        milestones=[
            ("goal-end-family-homelessness", date(2023, 1, 1)),
            ("progressive-allocation-rules", date(2024, 1, 1)),
        ],
        topics=["pravidla-prideleni-bytu", "spoluprace-odboru", "socialni-bydleni"],
    ),
    DemoCaseStudy(
        "praha-10",
        "Praha 10: nová pravidla pronájmu a kontaktní centrum bydlení",
        "praha-10-kontaktni-centrum",
        date(2023, 1, 1),
        None,
        "Během prvního roku nového vedení změnila Praha 10 pravidla pronájmu obecních bytů, otevřela "
        "Kontaktní centrum bydlení a pomohla více než 10 rodinám s dětmi z ubytoven do bytu.",
        [
            "Městská část přepsala pravidla pronajímání obecních bytů tak, aby byty dostávali ti, kdo "
            "je potřebují nejvíc. Otevřela Kontaktní centrum bydlení, kam se lidé v bytové nouzi obracejí.",
            "S poskytovateli služeb si nastavila, jak spolupracovat při zabydlování rodin. Síť pomáhala "
            "metodicky, s analýzou i prakticky; spolupráce pokračuje dalšími kroky.",
        ],
        values=[
            ("households-housed", 10, date(2024, 1, 1)),
            ("families-with-children-housed", 10, date(2024, 1, 1)),
        ],
        milestones=[
            ("progressive-allocation-rules", date(2023, 6, 1)),
            ("housing-contact-centre", date(2023, 9, 1)),
        ],
        topics=["pravidla-prideleni-bytu", "kontaktni-centrum-bydleni"],
    ),
    DemoCaseStudy(
        "trutnov",
        "Trutnov: od mapování bytové nouze ke krizovému bytu",
        "trutnov-krizovy-byt",
        date(2022, 1, 1),
        None,
        "Trutnov nechal zmapovat bytovou nouzi, zřídil krizový byt a nastavil spolupráci mezi odbory "
        "úřadu; výsledky představil veřejnosti.",
        [
            "Spolupráce začala vstupní analýzou: kolik lidí ve městě žije v bytové nouzi a jaké nástroje "
            "město má. Podle ní město zřídilo krizový byt pro okamžité ubytování v nouzi.",
            "Bytový a sociální odbor si domluvily společný postup, aby člověk v nouzi nechodil od "
            "přepážky k přepážce. Na závěr město výsledky představilo veřejnosti.",
        ],
        values=[("crisis-flats", 1, date(2023, 1, 1))],
        milestones=[
            ("housing-need-mapped", date(2022, 1, 1)),
            ("crisis-flat", date(2023, 1, 1)),
            ("interdepartmental-cooperation", date(2023, 1, 1)),
        ],
        topics=["mapovani-bytove-nouze", "krizove-bydleni", "spoluprace-odboru"],
    ),
    DemoCaseStudy(
        "pisek",
        "Písek: první zabydlené domácnosti a koncepce bydlení",
        "pisek-koncepce-bydleni",
        date(2023, 1, 1),
        None,
        "Písek dlouhodobě řeší vyloučené lokality a dostupné bydlení; zabydlel první 4 domácnosti "
        "a připravuje koncepci bydlení. Je členem sítě partnerství obcí.",
        [
            "Město navázalo na dřívější spolupráci s Agenturou pro sociální začleňování. S poradci sítě "
            "si stanovuje reálné cíle a konzultuje s nimi své návrhy.",
            "Zatím získaly byt 4 domácnosti. Koncepce bydlení, na které město pracuje, má ukázat "
            "účinnější cestu k řešení bytové nouze. Setkání sítě partnerství jsou pro město zdrojem inspirace.",
        ],
        values=[("households-housed", 4, date(2024, 1, 1))],
        topics=["socialni-bydleni", "dostupne-bydleni"],
    ),
    DemoCaseStudy(
        "ostrava",
        "Ostrava: pilot krizového, sociálního a dostupného bydlení",
        "ostrava-pilot-bydleni",
        date(2016, 10, 1),
        date(2019, 9, 30),
        "Ostrava v letech 2016–2019 vytvořila koncepci sociálního bydlení a ověřila ji v praxi: "
        "krizové bydlení v 5 bytech a sociální a dostupné bydlení ve 100 bytech.",
        [
            "Koncepci připravovaly pracovní skupiny zhruba dvaceti lidí z magistrátu, městských obvodů "
            "(majetkových, bytových a sociálních odborů), neziskových organizací a dalších odborníků. "
            "Fokusní skupina z řad lidí v bytové nouzi přinesla jejich pohled na překážky a potřeby.",
            "Krizové bydlení je záchranná síť pro akutní nouzi: pobyt trvá nejvýše šest měsíců a klienti "
            "mají intenzivní sociální práci. Byty jsou vybavené nábytkem a smlouvy o dodávkách energií "
            "uzavírá městský obvod (finančně ručí magistrát), takže se do nich dá nastěhovat hned.",
            "V sociálních a dostupných bytech pracují sociální pracovníci se všemi domácnostmi nejvýše "
            "první tři měsíce. Během nich se podle potřeb domácnosti rozhodne, zda podporu potřebuje "
            "dál (sociální byt, spolupráce je povinná), nebo jen občas (dostupný byt).",
        ],
        values=[
            (
                "crisis-flats",
                5,
                date(2017, 1, 1),
                "Pilot: pobyt nejvýše 6 měsíců, intenzivní sociální práce.",
            ),
            (
                "social-or-affordable-flats",
                100,
                date(2017, 1, 1),
                "Pilot: sociální práce se všemi domácnostmi první 3 měsíce, pak podle potřeby "
                "(sociální byt), nebo jen občas (dostupný byt).",
            ),
        ],
        milestones=[
            ("crisis-flat", date(2017, 1, 1)),
            ("interdepartmental-cooperation", date(2016, 10, 1)),
        ],
        topics=["krizove-bydleni", "socialni-bydleni", "dostupne-bydleni", "spoluprace-odboru"],
        callout=(
            "Okamžitá obyvatelnost",
            "<p>Nábytek v bytě a energie zajištěné obvodem: člověk v akutní nouzi se stěhuje hned, ne za týdny.</p>",
        ),
        timeline=[
            (date(2016, 10, 1), "Začátek projektu", "Pracovní skupiny začínají koncepci."),
            (
                date(2017, 1, 1),
                "Start pilotu",
                "Krizové byty a sociální a dostupné bydlení v provozu.",
            ),
            (date(2019, 9, 30), "Konec projektu", "Koncepce a vyhodnocení pilotu."),
        ],
    ),
]

TESTIMONIALS = [
    (
        "Nejvíc nám pomohlo, že jsme se nejdřív spočítali. S čísly z registračního týdne se o bytech "
        "mluví se zastupiteli úplně jinak.",
        "Jana Ukázková",
        "sociální pracovnice (smyšlená postava pro ukázku)",
        "jihlava",
    ),
    (
        "Krizový byt s nábytkem a zapojenými energiemi znamená, že rodina spí pod střechou ještě týž den.",
        "Petr Příkladný",
        "vedoucí bytového odboru (smyšlená postava pro ukázku)",
        "ostrava",
    ),
]


def _body(item: DemoCaseStudy, testimonial: Testimonial | None) -> list[tuple[str, object]]:
    blocks = [("text", "".join(f"<p>{paragraph}</p>" for paragraph in item.paragraphs))]
    if item.callout:
        blocks.append(
            ("callout", {"tone": "tip", "heading": item.callout[0], "text": item.callout[1]})
        )
    if item.timeline:
        blocks.append(
            (
                "timeline",
                {
                    "heading": "Jak šel čas",
                    "events": [
                        {"date": when, "title": title, "description": description}
                        for when, title, description in item.timeline
                    ],
                },
            )
        )
    if testimonial is not None:
        blocks.append(("testimonial", {"testimonial": testimonial}))
    return blocks


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()  # the Czech one: English versions come later
    index_page = CaseStudyIndexPage.objects.first()
    if index_page is None:
        index_page = CaseStudyIndexPage(
            title="Příklady dobré praxe",
            slug="pripadove-studie",
            intro="Jak obce v Česku ukončují bytovou nouzi: co udělaly, s kým a s jakými výsledky. "
            "Najděte obce velké jako ta vaše, porovnejte je a stáhněte si data.",
        )
        home.add_child(instance=index_page)
        index_page.save_revision().publish()
        stdout.write("  case study index created")
    HomePageSection.objects.filter(
        page=home, title="Příklady dobré praxe", link_page__isnull=True
    ).update(link_page=index_page)

    testimonials = {}
    for quote, name, role, organisation_slug in TESTIMONIALS:
        testimonials[organisation_slug], _created = Testimonial.objects.get_or_create(
            person_name=name,
            defaults={
                "quote": quote,
                "person_role": role,
                "organisation": Organisation.objects.get(slug=organisation_slug),
                "show_on_home_page": True,
            },
        )

    indicators = {indicator.slug: indicator for indicator in IndicatorDefinition.objects.all()}
    milestones = {milestone.slug: milestone for milestone in MilestoneDefinition.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for item in CASE_STUDIES:
        if CaseStudyPage.objects.filter(slug=item.slug).exists():
            continue
        page = CaseStudyPage(
            title=item.title,
            slug=item.slug,
            organisation=Organisation.objects.get(slug=item.organisation_slug),
            period_start=item.period_start,
            period_end=item.period_end,
            summary=item.summary,
            body=_body(item, testimonials.get(item.organisation_slug)),
        )
        for slug, value, measured_on, *note in item.values:
            page.indicator_values.add(
                CaseStudyIndicatorValue(
                    indicator=indicators[slug],
                    value=Decimal(value),
                    measured_on=measured_on,
                    note=note[0] if note else "",
                )
            )
        for slug, reached_on in item.milestones:
            page.milestones.add(
                CaseStudyMilestone(milestone=milestones[slug], reached_on=reached_on)
            )
        page.topics = [topics[slug] for slug in item.topics]
        index_page.add_child(instance=page)
        page.save_revision().publish()
        stdout.write(f"  case study {page.title}")
