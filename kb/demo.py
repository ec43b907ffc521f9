"""Demo content of the knowledge base, created by `load_demo`. Idempotent.

The articles retell, in our own words, the programme rules in the project's source documents:
crisis housing for up to six months with intensive social work in furnished flats whose
energy contracts the municipality arranges; social and affordable flats with support for
every household during the first three months; the registration week; allocation rules;
cooperation between departments. The documents are small files generated here.
"""

import io
from dataclasses import dataclass, field
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Collection, Page

from accounts.models import User
from core.models import HomePage, HomePageSection, Topic
from kb.models import (
    ArticleIndexPage,
    ArticlePage,
    DocumentLibraryPage,
    DocumentType,
    GlossaryPage,
    GlossaryTerm,
    KnowledgeBaseIndexPage,
    LibraryDocument,
)

OWNER_EMAIL = "poradce@demo.example"

GLOSSARY = [
    (
        "Housing First",
        "housing-first",
        "Přístup, ve kterém člověk bez domova dostane nejdřív běžný byt s vlastní nájemní "
        "smlouvou a teprve potom, a jen pokud chce, řeší s podporou další potíže. Bydlení "
        "není odměnou za splněné podmínky.",
        "HF\nBydlení především",
    ),
    (
        "Bytová nouze",
        "bytova-nouze",
        "Situace domácnosti, která nemá vlastní bydlení nebo bydlí nejistě či nevhodně: na "
        "ulici, v azylovém domě, na ubytovně, v přelidněném nebo zdraví škodlivém bytě.",
        "",
    ),
    (
        "Krizové bydlení",
        "krizove-bydleni",
        "Okamžitě obyvatelný byt pro domácnost, která akutně přišla o střechu nad hlavou. "
        "Pobyt trvá nejvýše šest měsíců a provází ho intenzivní sociální práce.",
        "krizový byt",
    ),
    (
        "Sociální byt",
        "socialni-byt",
        "Obecní byt se standardní nájemní smlouvou pro domácnost v bytové nouzi, která "
        "potřebuje dlouhodobější podporu sociálního pracovníka; spolupráce je podmínkou.",
        "sociální bydlení",
    ),
    (
        "Dostupný byt",
        "dostupny-byt",
        "Obecní byt s regulovaným nájemným pro domácnost, která bydlení zvládne sama a "
        "sociálního pracovníka potřebuje jen výjimečně.",
        "dostupné bydlení",
    ),
    (
        "Registrační týden",
        "registracni-tyden",
        "Několik dní, během kterých pracovníci obce a neziskových organizací oslovují lidi "
        "bez domova a v bytové nouzi a s jejich souhlasem zjišťují jejich situaci, zdraví "
        "a potřeby. Výsledky ukážou, komu pomoci nejdřív.",
        "",
    ),
    (
        "Kontaktní centrum bydlení",
        "kontaktni-centrum-bydleni",
        "Jedno místo na úřadě, kam se lidé v bytové nouzi obrátí a kde jim pomohou najít "
        "vhodnou cestu k bydlení; zároveň vede přehled o potřebách v obci.",
        "KCB",
    ),
    (
        "Progresivní pravidla pro přidělování bytů",
        "progresivni-pravidla",
        "Pravidla, podle kterých obec pronajímá své byty přednostně domácnostem v největší "
        "bytové nouzi, například rodinám s dětmi z ubytoven, a neodmítá je kvůli dluhům "
        "nebo trvalému pobytu.",
        "pravidla pro přidělování obecních bytů",
    ),
    (
        "Ubytovna",
        "ubytovna",
        "Komerční ubytovací zařízení s pokoji a společným zázemím. Bydlení na ubytovně je "
        "drahé a nejisté a pro rodiny s dětmi nevhodné.",
        "",
    ),
    (
        "Terénní sociální práce",
        "terenni-socialni-prace",
        "Sociální práce v přirozeném prostředí lidí: doma, na ulici nebo na ubytovně, ne "
        "jen v kanceláři úřadu.",
        "terénní práce",
    ),
    (
        "Koncepce bydlení",
        "koncepce-bydleni",
        "Strategický dokument obce, který popisuje bytovou nouzi v obci, cíle a nástroje, "
        "jak ji ukončit: krizové, sociální a dostupné bydlení a pravidla pro ně.",
        "koncepce sociálního bydlení",
    ),
]


@dataclass
class DemoArticle:
    section: str
    slug: str
    title: str
    summary: str
    topics: list[str]
    body: list
    audiences: tuple[bool, bool, bool] = (True, True, True)
    last_reviewed_on: date = date(2026, 9, 1)
    review_interval_months: int = 12
    related_case_studies: list[str] = field(default_factory=list)


def _text(*paragraphs: str) -> tuple[str, str]:
    return ("text", "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))


def _heading(text: str, level: str = "h2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


SECTIONS = [
    (
        "housing-first",
        "Housing First",
        "Principy přístupu, ve kterém je byt prvním krokem, a jak ho obec zavádí.",
    ),
    (
        "krizove-socialni-dostupne-bydleni",
        "Krizové, sociální a dostupné bydlení",
        "Tři stupně obecního bydlení pro lidi v bytové nouzi a podpora, která k nim patří.",
    ),
    (
        "obecni-bytova-politika",
        "Obecní bytová politika",
        "Mapování bytové nouze, pravidla pro přidělování bytů a spolupráce odborů úřadu.",
    ),
]

ARTICLES = [
    DemoArticle(
        section="housing-first",
        slug="principy-housing-first",
        title="Principy Housing First",
        summary="Proč byt na začátku funguje lépe než byt jako odměna na konci a které "
        "zásady musí obec dodržet, aby program Housing First přinesl výsledky.",
        topics=["housing-first"],
        body=[
            _heading("Byt jako první krok"),
            _text(
                "Tradiční cesta z ulice vede přes noclehárnu, azylový dům a tréninkové "
                "bydlení. Na každém stupni musí člověk něco prokázat a na každém může "
                "vypadnout. Housing First tuto schodiště obrací: člověk bez domova dostane "
                "běžný byt hned a s ním podporu, o kterou sám stojí.",
                "Zkušenosti z evropských i českých měst ukazují, že si bydlení udrží velká "
                "většina zabydlených domácností, i když měly za sebou roky bez domova.",
            ),
            _heading("Zásady, na kterých program stojí"),
            (
                "checklist",
                {
                    "heading": "Co musí program splnit",
                    "items": [
                        "Bydlení je právo, ne odměna: byt nepodmiňujeme abstinencí ani léčbou.",
                        "Nájemník má standardní nájemní smlouvu se stejnými právy a povinnostmi jako ostatní.",
                        "Bydlení a podpora jsou oddělené: když člověk podporu odmítne, o byt nepřijde.",
                        "Podpora je tak intenzivní a tak dlouhá, jak člověk potřebuje.",
                        "Člověk sám rozhoduje o tom, co chce ve svém životě řešit.",
                    ],
                },
            ),
            _heading("Co to znamená pro obec"),
            _text(
                "Obec poskytuje byty ze svého fondu nebo je získává od soukromých "
                "pronajímatelů a s neziskovou organizací se dohodne na podpoře nájemníků. "
                "Pomůže, když program vychází z registračního týdne, který ukáže, kolik "
                "lidí v bytové nouzi v obci je a kdo potřebuje pomoc nejdřív.",
            ),
            (
                "callout",
                {
                    "tone": "tip",
                    "heading": "Začněte malým pilotem",
                    "text": "<p>Deset až dvacet bytů stačí k tomu, aby obec ověřila spolupráci "
                    "odborů a neziskových organizací a měla data pro zastupitelstvo.</p>",
                },
            ),
            (
                "faq",
                {
                    "heading": "Časté otázky",
                    "questions": [
                        {
                            "question": "Co když nájemník neplatí nájem?",
                            "answer": "<p>Platí stejná pravidla jako pro ostatní nájemníky. "
                            "Sociální pracovník ale s nájemníkem řeší dluh hned na začátku, "
                            "takže k výpovědi dochází výjimečně.</p>",
                        },
                        {
                            "question": "Je Housing First jen pro jednotlivce?",
                            "answer": "<p>Ne. České obce ho používají i pro rodiny s dětmi, "
                            "které žijí na ubytovnách.</p>",
                        },
                    ],
                },
            ),
        ],
        related_case_studies=["jihlava-housing-first", "liberec-housing-first"],
    ),
    DemoArticle(
        section="krizove-socialni-dostupne-bydleni",
        slug="krizove-bydleni",
        title="Krizové bydlení: byt hned a podpora až na šest měsíců",
        summary="Jak nastavit krizové byty, aby se do nich domácnost v akutní nouzi mohla "
        "nastěhovat ještě ten den, a co se během nejvýše šesti měsíců pobytu děje.",
        topics=["krizove-bydleni"],
        audiences=(True, True, True),
        body=[
            _heading("K čemu krizový byt slouží"),
            _text(
                "Krizové bydlení je záchytná síť pro domácnosti, které náhle přišly o "
                "bydlení, například po vystěhování nebo při útěku před násilím. Krizový byt "
                "musí být obyvatelný okamžitě: kdo do něj přichází, nemá čas čekat na "
                "nábytek ani na přepis energií.",
            ),
            _heading("Jak byt připravit"),
            (
                "steps",
                {
                    "heading": "Od volného bytu ke krizovému",
                    "steps": [
                        {
                            "title": "Vyberte byty",
                            "text": "<p>Stačí několik menších bytů v různých částech města; "
                            "ostravský pilot začínal s pěti.</p>",
                        },
                        {
                            "title": "Vybavte je nábytkem",
                            "text": "<p>Postele, stůl, skříň a základní kuchyňské vybavení, "
                            "aby se dalo bydlet hned.</p>",
                        },
                        {
                            "title": "Smlouvy o dodávkách energií uzavře obec",
                            "text": "<p>Elektřinu a plyn má na sebe obec nebo městský obvod, "
                            "takže nájemník nemusí nic zařizovat a nehrozí odpojení.</p>",
                        },
                        {
                            "title": "Domluvte sociální práci",
                            "text": "<p>Každá domácnost má svého sociálního pracovníka, který "
                            "ji navštěvuje často, zpravidla několikrát týdně.</p>",
                        },
                    ],
                },
            ),
            _heading("Šest měsíců a co potom"),
            _text(
                "Pobyt v krizovém bytě trvá nejvýše šest měsíců. Za tu dobu se situace "
                "domácnosti obvykle stabilizuje natolik, že najde bydlení sama, nebo "
                "přejde do sociálního či dostupného bytu obce.",
            ),
            (
                "table",
                {
                    "caption": "Krizové bydlení v ostravském pilotu",
                    "table": {
                        "columns": [
                            {"type": "text", "heading": "Parametr"},
                            {"type": "text", "heading": "Nastavení"},
                        ],
                        "rows": [
                            {"values": ["Počet bytů v pilotu", "5"]},
                            {"values": ["Nejdelší pobyt", "6 měsíců"]},
                            {"values": ["Sociální práce", "intenzivní, po celou dobu"]},
                            {"values": ["Energie", "smlouvy uzavírá městský obvod"]},
                        ],
                    },
                },
            ),
        ],
        related_case_studies=["ostrava-pilot-bydleni", "trutnov-krizovy-byt"],
    ),
    DemoArticle(
        section="krizove-socialni-dostupne-bydleni",
        slug="socialni-a-dostupne-byty",
        title="Sociální a dostupné byty: první tři měsíce podpory",
        summary="Čím se liší sociální a dostupný byt, proč sociální pracovník spolupracuje "
        "s každou nově zabydlenou domácností a jak se po třech měsících rozhoduje dál.",
        topics=["socialni-bydleni", "dostupne-bydleni"],
        body=[
            _heading("Dva druhy bytů, jeden začátek"),
            _text(
                "Sociální byt je pro domácnost, která potřebuje pravidelnou podporu, a "
                "spolupráce se sociálním pracovníkem je v něm povinná. Dostupný byt je pro "
                "domácnost, která bydlení zvládne sama a pomoc využije jen občas.",
                "Na začátku ale obec často neví, do které skupiny domácnost patří. Proto se "
                "sociální pracovník během prvních nejvýše tří měsíců věnuje všem nově "
                "zabydleným domácnostem.",
            ),
            _heading("Rozhodnutí po třech měsících"),
            _text(
                "Na konci úvodního období se podle potřeb konkrétní domácnosti rozhodne, "
                "zda bude podporu potřebovat v intenzivní formě a byt bude sociální, nebo "
                "stačí občasný kontakt k jednotlivým tématům a byt bude dostupný.",
            ),
            (
                "callout",
                {
                    "tone": "info",
                    "heading": "Byt není podmíněn řešením jiných potíží",
                    "text": "<p>Sociální pracovník se soustředí na udržení bydlení. Další "
                    "zakázky otevírá sám nájemník a pracovník ho propojí s návaznými "
                    "službami, které ve městě už fungují.</p>",
                },
            ),
            _heading("Jak to měřit", "h3"),
            _text(
                "Sledujte, kolik domácností si bydlení udrželo po šesti a po dvanácti "
                "měsících, kolik z nich přešlo ze sociálního do dostupného bytu a jak se "
                "vyvíjely dluhy na nájemném.",
            ),
        ],
        related_case_studies=["ostrava-pilot-bydleni", "praha-rodiny-s-detmi"],
    ),
    DemoArticle(
        section="obecni-bytova-politika",
        slug="registracni-tyden",
        title="Registrační týden krok za krokem",
        summary="Jak obec během několika dní zmapuje bytovou nouzi: kdo se zapojí, na co se "
        "ptát, jak chránit údaje a jak výsledky použít pro Housing First.",
        topics=["registracni-tyden", "mapovani-bytove-nouze"],
        audiences=(False, True, True),
        body=[
            _heading("Proč mapovat"),
            _text(
                "Bez čísel se o bydlení rozhoduje naslepo. Registrační týden ukáže, kolik "
                "lidí v obci žije na ulici, na ubytovnách nebo v jiném nejistém bydlení, a "
                "kdo z nich je nejvíc ohrožen na zdraví.",
            ),
            _heading("Příprava"),
            (
                "steps",
                {
                    "heading": "Co udělat předem",
                    "steps": [
                        {
                            "title": "Sestavte tým",
                            "text": "<p>Sociální odbor, terénní "
                            "pracovníci neziskových organizací, dobrovolníci.</p>",
                        },
                        {
                            "title": "Připravte dotazník",
                            "text": "<p>Otázky na bydlení, "
                            "zdraví a potřeby; vyzkoušejte ho na několika lidech.</p>",
                        },
                        {
                            "title": "Zmapujte místa",
                            "text": "<p>Ubytovny, nádraží, "
                            "zahrádkářské kolonie, místa, kde lidé přespávají.</p>",
                        },
                        {
                            "title": "Vyřešte ochranu údajů",
                            "text": "<p>Souhlas "
                            "respondentů, kdo má k datům přístup a jak dlouho se uchovávají.</p>",
                        },
                    ],
                },
            ),
            _heading("Během týdne"),
            _text(
                "Dvojice tazatelů obchází místa v různou denní i noční dobu. Každý "
                "rozhovor je dobrovolný a člověk dostane informaci, k čemu výsledky "
                "poslouží a jak se mu ozveme.",
            ),
            _heading("Po registračním týdnu"),
            _text(
                "Výsledky shrňte do krátké zprávy pro vedení obce a zastupitelstvo a "
                "použijte je k výběru prvních domácností do programu Housing First.",
            ),
        ],
        related_case_studies=["jihlava-housing-first", "trutnov-krizovy-byt"],
    ),
    DemoArticle(
        section="obecni-bytova-politika",
        slug="pravidla-pro-pridelovani-bytu",
        title="Pravidla pro přidělování obecních bytů",
        summary="Jak upravit pravidla pronájmu obecních bytů, aby byty dostávaly domácnosti "
        "v největší nouzi, například rodiny s dětmi z ubytoven.",
        topics=["pravidla-prideleni-bytu"],
        audiences=(True, False, True),
        last_reviewed_on=date(2026, 3, 15),
        review_interval_months=6,
        body=[
            _heading("Co v pravidlech často brání"),
            (
                "checklist",
                {
                    "heading": "Podmínky, které vylučují lidi v nouzi",
                    "items": [
                        "Požadavek trvalého pobytu v obci po několik let.",
                        "Vyloučení každého, kdo má jakýkoli dluh, i splácený.",
                        "Losování nebo pořadí podle data podání žádosti místo podle naléhavosti.",
                        "Vysoká jistota splatná předem.",
                    ],
                },
            ),
            _heading("Progresivní pravidla"),
            _text(
                "Progresivní pravidla hodnotí žádosti podle naléhavosti bytové nouze, "
                "přihlížejí k dětem v domácnosti a ke zdraví a dluh berou jako důvod ke "
                "spolupráci, ne k odmítnutí. Část uvolněných bytů obec vyhradí pro sociální "
                "a krizové bydlení.",
            ),
            _heading("Jak změnu prosadit"),
            _text(
                "Pomůže opřít návrh o výsledky mapování bytové nouze, ukázat, kolik stojí "
                "ubytovny, a připravit ho společně bytovým a sociálním odborem.",
            ),
        ],
        related_case_studies=["praha-10-kontaktni-centrum", "praha-rodiny-s-detmi"],
    ),
    DemoArticle(
        section="obecni-bytova-politika",
        slug="spoluprace-odboru",
        title="Spolupráce odborů: bytový a sociální odbor u jednoho stolu",
        summary="Proč bydlení nevyřeší jeden odbor sám, jak nastavit pravidelnou spolupráci "
        "a co do ní přináší kontaktní centrum bydlení.",
        topics=["spoluprace-odboru", "kontaktni-centrum-bydleni"],
        last_reviewed_on=date(2025, 6, 30),
        body=[
            _heading("Dva odbory, jeden cíl"),
            _text(
                "Bytový odbor spravuje byty, sociální odbor zná lidi, kteří je potřebují. "
                "Když spolu nemluví, stojí volné byty prázdné a rodiny zůstávají na "
                "ubytovnách. Obce, které bytovou nouzi úspěšně řeší, mají společnou "
                "pracovní skupinu obou odborů a neziskových organizací.",
            ),
            _heading("Jak spolupráci nastavit"),
            (
                "steps",
                {
                    "heading": "Osvědčený postup",
                    "steps": [
                        {
                            "title": "Pověřte koordinátora",
                            "text": "<p>Jeden člověk drží agendu bydlení napříč úřadem.</p>",
                        },
                        {
                            "title": "Scházejte se pravidelně",
                            "text": "<p>Jednou za měsíc nad konkrétními byty a domácnostmi.</p>",
                        },
                        {
                            "title": "Sdílejte data",
                            "text": "<p>Přehled volných bytů a "
                            "domácností v nouzi na jednom místě.</p>",
                        },
                    ],
                },
            ),
            _heading("Kontaktní centrum bydlení"),
            _text(
                "Kontaktní centrum bydlení je místo, kam se lidé v bytové nouzi obrátí a "
                "kde je provedou cestou k bydlení. Zároveň dává odborům přehled o tom, "
                "kolik lidí a s jakými potřebami pomoc hledá.",
            ),
        ],
        related_case_studies=["trutnov-krizovy-byt", "praha-10-kontaktni-centrum"],
    ),
]


@dataclass
class DemoDocument:
    title: str
    filename: str
    document_type: str
    year: int
    language: str
    topics: list[str]
    description: str
    paragraphs: list[str]


DOCUMENTS = [
    DemoDocument(
        "Metodika registračního týdne",
        "metodika-registracniho-tydne.pdf",
        DocumentType.METHODOLOGY,
        2024,
        "cs",
        ["registracni-tyden", "mapovani-bytove-nouze"],
        "Postup přípravy a průběhu registračního týdne včetně vzoru dotazníku a ochrany údajů.",
        [
            "Registrační týden: metodika pro obce.",
            "Cílem je zjistit počet lidí v bytové nouzi a jejich zdravotní zranitelnost.",
            "Tým tvoří sociální odbor, terénní pracovníci a dobrovolníci.",
        ],
    ),
    DemoDocument(
        "Kontrolní seznam krizového bytu",
        "kontrolni-seznam-krizoveho-bytu.pdf",
        DocumentType.TEMPLATE,
        2025,
        "cs",
        ["krizove-bydleni"],
        "Co musí být hotové, aby se domácnost mohla do krizového bytu nastěhovat hned.",
        [
            "Krizový byt: kontrolní seznam před nastěhováním.",
            "Nábytek a vybavení kuchyně. Smlouvy o dodávce energií uzavřené obcí.",
            "Sociální pracovník určen. Pobyt nejvýše šest měsíců.",
        ],
    ),
    DemoDocument(
        "Koncepce sociálního bydlení a její pilotní ověření (shrnutí)",
        "koncepce-socialniho-bydleni-shrnuti.pdf",
        DocumentType.EVALUATION,
        2019,
        "cs",
        ["krizove-bydleni", "socialni-bydleni", "dostupne-bydleni"],
        "Shrnutí městského projektu z let 2016–2019: pilot krizového bydlení v 5 bytech a "
        "sociálního a dostupného bydlení ve 100 bytech, s průběžnou evaluací.",
        [
            "Koncepce sociálního bydlení a pilotní ověření: shrnutí projektu.",
            "Krizové bydlení v pěti bytech, sociální a dostupné bydlení ve sto bytech.",
            "Formativní evaluace po celou dobu projektu.",
        ],
    ),
    DemoDocument(
        "Housing First: principles for municipalities",
        "housing-first-principles.pdf",
        DocumentType.PRESENTATION,
        2023,
        "en",
        ["housing-first"],
        "Anglická prezentace zásad Housing First pro jednání se zahraničními partnery.",
        [
            "Housing First: principles for municipalities.",
            "Housing is a right. Choice and control. Separation of housing and support.",
        ],
    ),
    DemoDocument(
        "Vzor pravidel pro přidělování obecních bytů",
        "vzor-pravidel-pro-pridelovani-bytu.docx",
        DocumentType.TEMPLATE,
        2025,
        "cs",
        ["pravidla-prideleni-bytu"],
        "Upravitelný vzor progresivních pravidel pronájmu obecních bytů s bodovým hodnocením "
        "naléhavosti.",
        [
            "Pravidla pro přidělování obecních bytů (vzor).",
            "Žádosti se hodnotí podle naléhavosti bytové nouze.",
            "Dluh není důvodem k vyřazení žádosti, pokud žadatel spolupracuje.",
        ],
    ),
]


def pdf_bytes(paragraphs: list[str]) -> bytes:
    """A small real PDF with Czech text (used by the demo and by tests)."""
    from django.utils.html import escape

    from core.pdf import html_to_pdf

    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    title = escape(paragraphs[0]) if paragraphs else "Dokument"
    return html_to_pdf(
        f'<!DOCTYPE html><html lang="cs"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body>{body}</body></html>"
    )


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A small real DOCX (used by the demo and by tests)."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _documents(stdout) -> None:
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    collection = Collection.get_first_root_node()
    for item in DOCUMENTS:
        if LibraryDocument.objects.filter(title=item.title).exists():
            continue
        data = (
            docx_bytes(item.paragraphs)
            if item.filename.endswith(".docx")
            else pdf_bytes(item.paragraphs)
        )
        document = LibraryDocument(
            title=item.title,
            collection=collection,
            description=item.description,
            document_type=item.document_type,
            year=item.year,
            language=item.language,
        )
        document.file.save(item.filename, ContentFile(data), save=False)
        document.save()
        document.topics.set([topics[slug] for slug in item.topics])
        stdout.write(f"  document {item.title}")


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()  # the Czech one: English versions come later
    index = KnowledgeBaseIndexPage.objects.first()
    if index is None:
        index = _publish(
            home,
            KnowledgeBaseIndexPage(
                title="Znalostní báze",
                slug="znalosti",
                intro="Metodiky a návody pro pracovníky obcí: jak zavést Housing First, "
                "krizové, sociální a dostupné bydlení a spravedlivá pravidla pro obecní "
                "byty. Každý článek má garanta a datum poslední kontroly.",
            ),
        )
        stdout.write("  knowledge base index created")
    HomePageSection.objects.filter(
        page=home, title="Znalostní báze", link_page__isnull=True, link_url_name=""
    ).update(link_page=index)

    for term, slug, definition, synonyms in GLOSSARY:
        GlossaryTerm.objects.get_or_create(
            slug=slug, defaults={"term": term, "definition": definition, "synonyms": synonyms}
        )
    if not GlossaryPage.objects.exists():
        _publish(
            index,
            GlossaryPage(
                title="Slovník pojmů",
                slug="slovnik",
                intro="Pojmy, které se v bydlení a sociální práci používají, vysvětlené "
                "srozumitelně i pro člověka mimo obor.",
            ),
        )
    if not DocumentLibraryPage.objects.exists():
        _publish(
            index,
            DocumentLibraryPage(
                title="Knihovna dokumentů",
                slug="dokumenty",
                intro="Metodiky, vzory, legislativa, evaluační zprávy a prezentace ke stažení.",
            ),
        )
    _documents(stdout)

    sections = {}
    for slug, title, intro in SECTIONS:
        section = ArticleIndexPage.objects.filter(slug=slug).first()
        if section is None:
            section = _publish(index, ArticleIndexPage(title=title, slug=slug, intro=intro))
        sections[slug] = section

    from casestudies.models import CaseStudyPage

    owner = User.objects.filter(email=OWNER_EMAIL).first()
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    for item in ARTICLES:
        if ArticlePage.objects.filter(slug=item.slug).exists():
            continue
        # Raw StreamField data (as stored): nested blocks such as tables need no native values.
        body = [{"type": block_type, "value": value} for block_type, value in item.body]
        case_study_ids = list(
            CaseStudyPage.objects.filter(slug__in=item.related_case_studies).values_list(
                "pk", flat=True
            )
        )
        if case_study_ids:
            body.append(
                {
                    "type": "related_pages",
                    "value": {"heading": "Jak to udělaly obce", "pages": case_study_ids},
                }
            )
        politicians, social_workers, housing_department = item.audiences
        article = ArticlePage(
            title=item.title,
            slug=item.slug,
            summary=item.summary,
            body=body,
            for_politicians=politicians,
            for_social_workers=social_workers,
            for_housing_department=housing_department,
            content_owner=owner,
            last_reviewed_on=item.last_reviewed_on,
            review_interval_months=item.review_interval_months,
        )
        article.topics = [topics[slug] for slug in item.topics]
        _publish(sections[item.section], article)
        stdout.write(f"  article {article.title}")
