"""An indicator catalogue as precise as the sources.

"Poskytnuté byty" mixed crisis, social, affordable and Housing First flats in one number.
This migration gives every indicator a definition, direction, source and comparability note,
adds one indicator per kind of flat, and moves the demo's figures into them:

* Ostrava's pilot: 105 "flats provided" → 5 crisis flats (stays of at most 6 months) and
  100 social and affordable flats (the source does not split them; support for every
  household in the first 3 months);
* Trutnov: 1 → a crisis flat; Jihlava: 12 → Housing First flats.

The old indicator `flats-provided` stays for figures whose sources do not say the kind of
flat (Praha's 30 flats for families). Rows are moved only where the page and the value still
match the demo, and the page's revisions are rewritten the same way, so that editing the page
in the admin (which loads the latest revision) shows the new rows and does not restore the old
ones. StreamField data is not touched.
"""

from django.db import migrations

HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"

FLAT_SUM_WARNING = " Každý byt se počítá jen v jednom z ukazatelů bytů."

# slug, name, unit, cumulative, order, direction, definition, source, comparability
CATALOGUE = [
    (
        "households-housed",
        "Zabydlené domácnosti",
        "households",
        True,
        10,
        HIGHER,
        "Domácnosti, které se z bytové nouze nastěhovaly do bytu s nájemní nebo podnájemní "
        "smlouvou, celkem od začátku programu ke dni měření. Domácnost se počítá jednou, i když "
        "se později stěhovala.",
        "Evidence obce nebo poskytovatele sociální práce (uzavřené nájemní smlouvy).",
        "Programy obcí začaly v různých letech a obce jsou různě velké: srovnávejte spolu "
        "s ukazatelem „Měsíce běhu programu“ a v přepočtu na 1 000 obyvatel.",
    ),
    (
        "families-with-children-housed",
        "Z toho rodiny s dětmi",
        "households",
        True,
        20,
        HIGHER,
        "Kolik ze zabydlených domácností jsou rodiny s alespoň jedním nezletilým dítětem. Je to "
        "část ukazatele „Zabydlené domácnosti“, nepřičítá se k němu.",
        "Evidence obce nebo poskytovatele sociální práce.",
        "Obec, která rodiny zvlášť neuvádí, nemá údaj (to neznamená nulu).",
    ),
    (
        "crisis-flats",
        "Krizové byty",
        "flats",
        True,
        30,
        HIGHER,
        "Byty pro okamžité a dočasné ubytování domácností v akutní bytové nouzi, vybavené "
        "a připravené k nastěhování, s intenzivní sociální prací; pobyt je časově omezen. "
        "Počet bytů, které obec ke dni měření pro tento účel má.",
        "Usnesení rady nebo evidence bytového fondu obce.",
        "Druh bytu podle Koncepce sociálního bydlení ČR 2015–2025. Délka pobytu a podpora se "
        "mezi obcemi liší; obce je uvádějí v poznámce k hodnotě." + FLAT_SUM_WARNING,
    ),
    (
        "social-flats",
        "Sociální byty",
        "flats",
        True,
        40,
        HIGHER,
        "Byty pronajaté domácnostem v bytové nouzi se standardní nájemní smlouvou a povinnou "
        "spoluprací se sociálním pracovníkem. Počet bytů ke dni měření.",
        "Evidence bytového fondu obce.",
        "Byty pilotů, které sociální a dostupné byty nerozlišují, jsou v ukazateli „Sociální "
        "a dostupné byty (bez rozlišení)“." + FLAT_SUM_WARNING,
    ),
    (
        "affordable-flats",
        "Dostupné byty",
        "flats",
        True,
        50,
        HIGHER,
        "Byty s regulovaným nájemným pro domácnosti s nízkými příjmy, bez povinné sociální "
        "práce (podpora jen podle potřeby). Počet bytů ke dni měření.",
        "Evidence bytového fondu obce.",
        "Byty pilotů, které sociální a dostupné byty nerozlišují, jsou v ukazateli „Sociální "
        "a dostupné byty (bez rozlišení)“." + FLAT_SUM_WARNING,
    ),
    (
        "social-or-affordable-flats",
        "Sociální a dostupné byty (bez rozlišení)",
        "flats",
        True,
        55,
        HIGHER,
        "Sociální a dostupné byty dohromady tam, kde je zdroj nerozlišuje (například pilot, "
        "ve kterém se o druhu bytu rozhoduje až podle potřeb domácnosti).",
        "Projektová dokumentace nebo evidence bytového fondu obce.",
        "Obsahuje oba druhy: neporovnávejte s ukazateli „Sociální byty“ a „Dostupné byty“ "
        "jednotlivě." + FLAT_SUM_WARNING,
    ),
    (
        "housing-first-flats",
        "Byty pro Housing First",
        "flats",
        True,
        60,
        HIGHER,
        "Byty, do kterých program Housing First zabydluje lidi bez domova: standardní nájemní "
        "smlouva bez podmínek předem a podpora podle přání nájemníka. Počet bytů ke dni měření.",
        "Projektová dokumentace nebo evidence programu Housing First.",
        "Byt se počítá jen zde, ne zároveň jako sociální byt." + FLAT_SUM_WARNING,
    ),
    (
        "flats-provided",
        "Byty pro lidi v bytové nouzi, druh neuveden",
        "flats",
        True,
        70,
        HIGHER,
        "Byty, které obec vyčlenila pro lidi v bytové nouzi, když zdroj neříká, zda jde "
        "o krizové, sociální, dostupné nebo Housing First byty.",
        "Veřejné vyjádření nebo usnesení obce.",
        "Použijte jen tam, kde druh bytu nelze zjistit." + FLAT_SUM_WARNING,
    ),
    (
        "people-in-housing-need-mapped",
        "Lidé v bytové nouzi zjištění mapováním",
        "people",
        True,
        80,
        NEUTRAL,
        "Počet lidí v bytové nouzi, které obec sečetla při posledním mapování (například "
        "registračním týdnem), ke dni jeho ukončení.",
        "Zpráva z mapování bytové nouze (registrační týden, sčítání se službami).",
        "Neměří výsledek, ale velikost potřeby. Metody mapování se liší; novější mapování "
        "nahrazuje starší a nesčítá se s ním.",
    ),
    (
        "programme-months",
        "Měsíce běhu programu",
        "months",
        False,
        90,
        NEUTRAL,
        "Kolik celých měsíců program běží ke dni měření.",
        "Projektová dokumentace obce.",
        "Souhrny ukazují průměr obcí; délky se nesčítají.",
    ),
    (
        "tenancy-sustainment-12m",
        "Udržení bydlení po 12 měsících",
        "percent",
        False,
        100,
        HIGHER,
        "Podíl domácností zabydlených alespoň před 12 měsíci, které ke dni měření stále bydlí "
        "ve standardním bytě (v procentech).",
        "Evidence poskytovatele sociální práce.",
        "Souhrny ukazují prostý průměr obcí, nevážený počtem domácností. Při malém počtu "
        "domácností jedna změna posune podíl o desítky procent.",
    ),
]

CRISIS_RULES = "Pilot: pobyt nejvýše 6 měsíců, intenzivní sociální práce."
SOCIAL_RULES = (
    "Pilot: sociální práce se všemi domácnostmi první 3 měsíce, pak podle potřeby "
    "(sociální byt), nebo jen občas (dostupný byt)."
)

# page slug, old value → [(new indicator slug, value, note)], all from "flats-provided".
DEMO_MOVES = {
    ("ostrava-pilot-bydleni", "105"): [
        ("crisis-flats", "5", CRISIS_RULES),
        ("social-or-affordable-flats", "100", SOCIAL_RULES),
    ],
    ("trutnov-krizovy-byt", "1"): [("crisis-flats", "1", "")],
    ("jihlava-housing-first", "12"): [("housing-first-flats", "12", "")],
}


def _same_number(stored, expected: str) -> bool:
    from decimal import Decimal

    return Decimal(str(stored)) == Decimal(expected)


def catalogue(apps, schema_editor):
    Indicator = apps.get_model("casestudies", "IndicatorDefinition")
    for (
        slug,
        name,
        unit,
        cumulative,
        order,
        direction,
        definition,
        source,
        comparability,
    ) in CATALOGUE:
        Indicator.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "unit": unit,
                "is_cumulative": cumulative,
                "sort_order": order,
                "direction": direction,
                "description": definition,
                "source": source,
                "comparability": comparability,
            },
        )


def _targets(page_slug: str, stored_value):
    """Where a "flats-provided" value of the demo goes, or None for any other figure."""
    return next(
        (
            targets
            for (slug, value), targets in DEMO_MOVES.items()
            if slug == page_slug and _same_number(stored_value, value)
        ),
        None,
    )


def _moved_rows(rows: list[dict], page_slug: str, ids: dict[str, int]) -> list[dict] | None:
    """The serialised child rows of a revision with the demo's figures moved; None when
    nothing changes."""
    changed = False
    result = []
    for row in rows:
        moves = None
        if row.get("indicator") == ids["flats-provided"]:
            moves = _targets(page_slug, row.get("value"))
        if moves is None:
            result.append(row)
            continue
        changed = True
        for number, (indicator_slug, value, note) in enumerate(moves):
            moved = {**row, "indicator": ids[indicator_slug], "value": value, "note": note}
            if number:
                moved["pk"] = None
            result.append(moved)
    return result if changed else None


def move_demo_figures(apps, schema_editor):
    Indicator = apps.get_model("casestudies", "IndicatorDefinition")
    Value = apps.get_model("casestudies", "CaseStudyIndicatorValue")
    Page = apps.get_model("casestudies", "CaseStudyPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ids = dict(Indicator.objects.values_list("slug", "pk"))
    page_slugs = {slug for slug, _value in DEMO_MOVES}
    for page in Page.objects.filter(slug__in=page_slugs):
        for row in Value.objects.filter(page=page, indicator_id=ids["flats-provided"]):
            targets = _targets(page.slug, row.value)
            if targets is None:
                continue
            for number, (indicator_slug, value, note) in enumerate(targets):
                if number == 0:
                    row.indicator_id = ids[indicator_slug]
                    row.value = value
                    row.note = note
                    row.save()
                else:
                    Value.objects.create(
                        page=page,
                        indicator_id=ids[indicator_slug],
                        value=value,
                        measured_on=row.measured_on,
                        note=note,
                        sort_order=(row.sort_order or 0) + number,
                    )
    content_type = ContentType.objects.filter(
        app_label="casestudies", model="casestudypage"
    ).first()
    if content_type is None:
        return
    pages = dict(Page.objects.filter(slug__in=page_slugs).values_list("pk", "slug"))
    revisions = Revision.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in pages]
    )
    for revision in revisions:
        rows = (revision.content or {}).get("indicator_values")
        if not rows:
            continue
        moved = _moved_rows(rows, pages[int(revision.object_id)], ids)
        if moved is not None:
            revision.content["indicator_values"] = moved
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0004_indicator_catalogue_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [
        migrations.RunPython(catalogue, migrations.RunPython.noop),
        migrations.RunPython(move_demo_figures, migrations.RunPython.noop),
    ]
