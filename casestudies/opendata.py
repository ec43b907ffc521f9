"""What makes the case-study data open data a portal accepts: the licence, the indicator
metadata every export carries, the Frictionless Data description of the dataset
(`datapackage.json`) and the OpenAPI description of the JSON API.

Both descriptions are served at stable addresses under /api/v1/ (see config/urls.py); every
absolute address in them comes from core.absolute_urls (the request's host).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from casestudies import models as cs_models
from core.absolute_urls import absolute_url, page_absolute_url
from core.locales import localized

# The API's pages: how many records one answers with, unless asked (page_size), and at most.
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Uveďte původ 4.0 Mezinárodní",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
AGGREGATION_RULE = (
    "Za každou obec platí nejnovější hodnota každého ukazatele ze všech jejích zveřejněných "
    "příkladů dobré praxe; při shodném datu rozhoduje později zveřejněný příklad. Obec bez "
    "hodnoty nemá údaj (prázdná buňka, v JSON null), nikoli nulu."
)
DATASET_NAME = "vysledky-obci"


def indicator_metadata(indicator: cs_models.IndicatorDefinition) -> dict:
    """An indicator of the catalogue as exports and the API describe it."""
    return {
        "slug": indicator.slug,
        "name": indicator.name,
        "unit": indicator.unit,
        "unit_label": str(indicator.get_unit_display()),
        "definition": indicator.description,
        "direction": indicator.direction,
        "direction_label": str(indicator.get_direction_display()),
        "aggregation": "sum" if indicator.is_cumulative else "mean",
        "per_thousand_inhabitants": indicator.is_countable_per_inhabitant,
        "source": indicator.source,
        "comparability": indicator.comparability,
    }


def catalogue_metadata() -> list[dict]:
    """The whole catalogue (one query)."""
    return [
        indicator_metadata(indicator) for indicator in cs_models.IndicatorDefinition.objects.all()
    ]


def datapackage_url(request=None) -> str:
    return absolute_url(reverse("api_v1_datapackage"), request)


def dataset_metadata(request=None) -> dict:
    """Who publishes the data, under which licence, when, and how it is aggregated."""
    return {
        "title": "Výsledky obcí při ukončování bytové nouze",
        "publisher": settings.WAGTAIL_SITE_NAME,
        "licence": LICENCE,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "aggregation_rule": AGGREGATION_RULE,
        "description_url": datapackage_url(request),
    }


# The columns of the CSV export: (name in the file, Frictionless type, description).
CSV_FIELDS = [
    ("Obec", "string", "Úplný název obce nebo městské části."),
    ("Kód obce", "string", "Krátký kód obce na tomto webu (část adresy)."),
    ("Kód kraje (CZ-NUTS 3)", "string", "Kód kraje podle CZ-NUTS 3, prázdný bez kraje."),
    ("Kraj", "string", "Název kraje."),
    ("Počet obyvatel", "integer", "Počet obyvatel obce; prázdný, když není znám."),
    (
        "Rok počtu obyvatel",
        "integer",
        "K jakému roku počet obyvatel platí; prázdný, když není znám.",
    ),
    ("Příklad dobré praxe", "string", "Název příkladu dobré praxe."),
    ("Adresa příkladu", "string", "Absolutní adresa příkladu na webu."),
    ("Kód ukazatele", "string", "Kód ukazatele z katalogu (viz pole Definice ukazatele)."),
    ("Ukazatel", "string", "Název ukazatele."),
    ("Jednotka", "string", "Jednotka hodnoty."),
    ("Hodnota", "number", "Hodnota ukazatele ke dni měření; desetinná čárka."),
    (
        "Na 1 000 obyvatel",
        "number",
        "Hodnota na 1 000 obyvatel obce (jen u počtů); prázdná bez počtu obyvatel.",
    ),
    ("Ke dni", "date", "Ke kterému dni hodnota platí (ISO 8601)."),
    ("Poznámka", "string", "Poznámka obce k hodnotě, například pravidla programu."),
    ("Definice ukazatele", "string", "Co přesně hodnota znamená."),
    ("Směr", "string", "Zda je lepší vyšší, nebo nižší hodnota."),
    ("Zdroj ukazatele", "string", "Odkud obce hodnotu berou."),
    ("Srovnatelnost", "string", "Na co dát pozor při srovnávání a sčítání."),
    ("Licence", "string", "Licence dat."),
]


def _index_page():
    return localized(cs_models.CaseStudyIndexPage.objects.live().public()).first()


def datapackage(request=None) -> dict:
    """The Frictionless Data Package (v1) describing the CSV export and the API."""
    index_page = _index_page()
    resources = []
    if index_page is not None:
        index_url = page_absolute_url(index_page, request)
        resources.append(
            {
                "name": "hodnoty-ukazatelu",
                "title": "Hodnoty ukazatelů příkladů dobré praxe",
                "path": index_url + index_page.reverse_subpage("export_csv"),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ";", "lineTerminator": "\r\n", "header": True},
                "licenses": [LICENCE],
                "schema": {
                    "fields": [
                        {
                            "name": name,
                            "type": field_type,
                            "description": description,
                            **({"decimalChar": ","} if field_type == "number" else {}),
                            **({"format": "%Y-%m-%d"} if field_type == "date" else {}),
                        }
                        for name, field_type, description in CSV_FIELDS
                    ],
                    "missingValues": [""],
                },
            }
        )
    resources.append(
        {
            "name": "api-pripadove-studie",
            "title": "JSON API příkladů dobré praxe",
            "path": absolute_url(reverse("api_v1_case_studies"), request),
            "format": "json",
            "mediatype": "application/json",
            "licenses": [LICENCE],
        }
    )
    return {
        "profile": "data-package",
        "name": DATASET_NAME,
        "title": "Výsledky obcí při ukončování bytové nouze",
        "description": "Ukazatele příkladů dobré praxe obcí v čase. " + AGGREGATION_RULE,
        "homepage": page_absolute_url(index_page, request)
        if index_page
        else absolute_url("/", request),
        "licenses": [LICENCE],
        "publisher": settings.WAGTAIL_SITE_NAME,
        "created": timezone.now().isoformat(timespec="seconds"),
        "keywords": ["bydlení", "bytová nouze", "Housing First", "sociální bydlení", "obce"],
        "indicators": catalogue_metadata(),
        "resources": resources,
    }
