"""core.pdf's documents pass the PDF/UA-1 checks of tests/pdf_checks.py (veraPDF when present),
and those checks reject what is not an accessible document."""

import pytest
from weasyprint import HTML

from core import pdf
from tests.pdf_checks import assert_accessible_pdf, structure_problems, verapdf_failures

BODY = (
    "<h1>Jihlava: pilotní Housing First</h1><p>Dvanáct domácností bydlí.</p>"
    "<table><caption>Výsledky</caption><thead><tr><th>Ukazatel</th><th>Hodnota</th></tr></thead>"
    "<tbody><tr><td>Zabydlené domácnosti</td><td>12</td></tr></tbody></table>"
    "<h2>Milníky</h2><ul><li>Registrační týden</li></ul>"
)


def test_render_pdf_makes_an_accessible_pdf_ua_document(pdf_template):
    data = pdf.render_pdf(pdf_template(BODY), {})
    assert_accessible_pdf(
        data,
        title="Zpráva pro zastupitelstvo",
        language="cs",
        text_in_order=["Jihlava: pilotní Housing First", "Zabydlené domácnosti", "Milníky"],
    )


def test_an_untagged_pdf_fails_every_layer():
    html = '<html lang="cs"><head><title>Zpráva</title></head><body><h1>Byty</h1></body></html>'
    data = HTML(string=html).write_pdf()  # WeasyPrint without pdf_variant: no tags
    problems = structure_problems(data)
    assert "not tagged: /MarkInfo /Marked is not true" in problems
    assert "no structure tree (/StructTreeRoot with elements)" in problems
    failures = verapdf_failures(data)
    if failures is not None:
        assert any("StructTreeRoot" in failure for failure in failures)
    with pytest.raises(pytest.fail.Exception):
        assert_accessible_pdf(data)


def test_wrong_title_language_and_reading_order_are_reported(pdf_template):
    data = pdf.render_pdf(pdf_template(BODY), {})
    problems = structure_problems(
        data, title="Jiný název", language="en", text_in_order=["Milníky", "Zabydlené domácnosti"]
    )
    assert problems == [
        "document language is 'cs', expected 'en'",
        "document title is 'Zpráva pro zastupitelstvo', expected 'Jiný název'",
        "text 'Zabydlené domácnosti' not found in this order",
    ]
