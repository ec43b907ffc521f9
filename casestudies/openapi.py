"""The OpenAPI 3.1 description of the case-study API, served at /api/v1/openapi.json."""

from django.conf import settings
from django.urls import reverse

from casestudies import opendata
from casestudies.queries import POPULATION_BANDS, SORTS
from core.absolute_urls import absolute_url

NULLABLE_NUMBER = {"type": ["number", "null"]}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_INTEGER = {"type": ["integer", "null"]}


def _repeatable(name: str, description: str, enum: list[str] | None = None) -> dict:
    items = {"type": "string", **({"enum": enum} if enum else {})}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "array", "items": items},
        "style": "form",
        "explode": True,
    }


def _schemas() -> dict:
    value = {
        "type": "object",
        "properties": {
            "date": {"type": "string", "format": "date", "description": "Ke kterému dni."},
            "value": {"type": "number"},
            "per_thousand": {
                **NULLABLE_NUMBER,
                "description": "Na 1 000 obyvatel; null u podílů a délek nebo bez počtu obyvatel.",
            },
        },
        "required": ["date", "value", "per_thousand"],
    }
    return {
        "Licence": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "title": {"type": "string"},
                "path": {"type": "string", "format": "uri"},
            },
        },
        "Indicator": {
            "type": "object",
            "description": "Ukazatel z katalogu.",
            "properties": {
                "slug": {"type": "string"},
                "name": {"type": "string"},
                "unit": {
                    "type": "string",
                    "enum": ["households", "flats", "people", "months", "percent", "count"],
                },
                "unit_label": {"type": "string"},
                "definition": {"type": "string"},
                "direction": {"type": "string", "enum": ["higher", "lower", "neutral"]},
                "direction_label": {"type": "string"},
                "aggregation": {"type": "string", "enum": ["sum", "mean"]},
                "per_thousand_inhabitants": {"type": "boolean"},
                "source": {"type": "string"},
                "comparability": {"type": "string"},
            },
        },
        "Metadata": {
            "type": "object",
            "properties": {
                "title": {"type": "string"},
                "publisher": {"type": "string"},
                "licence": {"$ref": "#/components/schemas/Licence"},
                "generated_at": {"type": "string", "format": "date-time"},
                "aggregation_rule": {"type": "string"},
                "description_url": {"type": "string", "format": "uri"},
                "indicators": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Indicator"},
                },
            },
        },
        "Value": value,
        "DatedValue": {
            **value,
            "properties": {**value["properties"], "note": {"type": "string"}},
        },
        "Municipality": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "short_name": {"type": "string"},
                "slug": {"type": "string"},
                "region": {**NULLABLE_STRING, "description": "Kód kraje CZ-NUTS 3."},
                "region_name": NULLABLE_STRING,
                "population": NULLABLE_INTEGER,
                "population_year": {**NULLABLE_INTEGER, "description": "Rok počtu obyvatel."},
                "is_partner": {"type": "boolean"},
            },
        },
        "CaseStudy": {
            "type": "object",
            "properties": {
                "title": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "summary": {"type": "string"},
                "municipality": {"$ref": "#/components/schemas/Municipality"},
                "period": {
                    "type": "object",
                    "properties": {
                        "start": {"type": "string", "format": "date"},
                        "end": {"type": ["string", "null"], "format": "date"},
                    },
                },
                "topics": {"type": "array", "items": {"type": "object"}},
                "milestones": {"type": "array", "items": {"type": "object"}},
                "indicators": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "slug": {"type": "string"},
                            "name": {"type": "string"},
                            "unit": {"type": "string"},
                            "unit_label": {"type": "string"},
                            "latest": {
                                "anyOf": [
                                    {"$ref": "#/components/schemas/DatedValue"},
                                    {"type": "null"},
                                ]
                            },
                            "values": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/DatedValue"},
                            },
                        },
                    },
                },
            },
        },
        "MunicipalityOutcomes": {
            "type": "object",
            "description": "Obec s hodnotou každého ukazatele podle pravidla agregace.",
            "properties": {
                "name": {"type": "string"},
                "short_name": {"type": "string"},
                "slug": {"type": "string"},
                "url": {"type": ["string", "null"], "format": "uri"},
                "region": NULLABLE_STRING,
                "region_name": NULLABLE_STRING,
                "population": NULLABLE_INTEGER,
                "population_year": NULLABLE_INTEGER,
                "case_study_count": {"type": "integer"},
                "indicators": {
                    "type": "object",
                    "description": "Kód ukazatele → hodnota, nebo null, když obec údaj nemá.",
                    "additionalProperties": {
                        "anyOf": [{"$ref": "#/components/schemas/Value"}, {"type": "null"}]
                    },
                },
            },
        },
        "Errors": {
            "type": "object",
            "properties": {
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                }
            },
        },
    }


def openapi_document(request=None) -> dict:
    """The OpenAPI document; server and links from the request's host."""
    errors = {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
    filters = [
        _repeatable("kraj", "Kód kraje (CZ-NUTS 3), opakovatelný; stačí kterýkoli."),
        _repeatable("tema", "Kód nástroje, opakovatelný; musí být použity všechny."),
        _repeatable(
            "velikost", "Velikost obce, opakovatelná.", [band.slug for band in POPULATION_BANDS]
        ),
        _repeatable("milnik", "Kód milníku, opakovatelný; musí být splněny všechny."),
        _repeatable("obec", "Kód obce, opakovatelný."),
        {
            "name": "ukazatel",
            "in": "query",
            "schema": {"type": "string"},
            "description": "Kód ukazatele pro `alespon`.",
        },
        {
            "name": "alespon",
            "in": "query",
            "schema": {"type": "string"},
            "description": "Nejnovější hodnota ukazatele je alespoň toto číslo.",
        },
        {"name": "razeni", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {
            "name": "page_size",
            "in": "query",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": opendata.MAX_PAGE_SIZE,
                "default": opendata.DEFAULT_PAGE_SIZE,
            },
        },
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.WAGTAIL_SITE_NAME}: otevřená data příkladů dobré praxe",
            "version": "1",
            "description": "Jen čtení, bez přihlášení. " + opendata.AGGREGATION_RULE,
            "license": {"name": opendata.LICENCE["title"], "url": opendata.LICENCE["path"]},
        },
        "servers": [{"url": absolute_url("/", request).rstrip("/")}],
        "externalDocs": {
            "description": "Popis dat (Frictionless Data Package)",
            "url": opendata.datapackage_url(request),
        },
        "paths": {
            reverse("api_v1_case_studies"): {
                "get": {
                    "summary": "Zveřejněné příklady dobré praxe s hodnotami ukazatelů v čase",
                    "parameters": filters,
                    "responses": {
                        "200": {
                            "description": "Stránka výsledků. Neznámé hodnoty filtrů jsou vynechány a vysvětleny ve `warnings`.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "page": {"type": "integer"},
                                            "page_size": {"type": "integer"},
                                            "next": {"type": ["string", "null"], "format": "uri"},
                                            "previous": {
                                                "type": ["string", "null"],
                                                "format": "uri",
                                            },
                                            "warnings": {
                                                "type": "array",
                                                "items": {"type": "string"},
                                            },
                                            "metadata": {"$ref": "#/components/schemas/Metadata"},
                                            "results": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/CaseStudy"},
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "400": {"description": "Chybné stránkování.", "content": errors},
                        "405": {"description": "Jiná metoda než GET.", "content": errors},
                    },
                }
            },
            reverse("api_v1_municipalities"): {
                "get": {
                    "summary": "Obce a jejich hodnoty ukazatelů podle pravidla agregace",
                    "responses": {
                        "200": {
                            "description": "Všechny obce se zveřejněným příkladem.",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "count": {"type": "integer"},
                                            "metadata": {"$ref": "#/components/schemas/Metadata"},
                                            "results": {
                                                "type": "array",
                                                "items": {
                                                    "$ref": "#/components/schemas/MunicipalityOutcomes"
                                                },
                                            },
                                        },
                                    }
                                }
                            },
                        },
                        "405": {"description": "Jiná metoda než GET.", "content": errors},
                    },
                }
            },
            reverse("api_v1_datapackage"): {
                "get": {
                    "summary": "Popis dat ve formátu Frictionless Data Package",
                    "responses": {"200": {"description": "datapackage.json"}},
                }
            },
            reverse("api_case_studies"): {
                "get": {
                    "summary": "Původní adresa verze 1 (stejná odpověď, hlavička Link na novou adresu)",
                    "deprecated": True,
                    "parameters": filters,
                    "responses": {"200": {"description": "Jako /api/v1/case-studies/."}},
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
