"""core.pdf renders tagged PDF/UA documents and fetches nothing but static files."""

import io

from pypdf import PdfReader

from core import pdf


def test_render_pdf_is_tagged_with_title_and_language(pdf_template):
    data = pdf.render_pdf(pdf_template("<h1>Příliš žluťoučký kůň</h1><p>Byty</p>"), {})
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert str(catalog["/Lang"]) == "cs"
    assert reader.metadata.title == "Zpráva pro zastupitelstvo"
    assert "Příliš žluťoučký kůň" in reader.pages[0].extract_text()


def test_render_pdf_refuses_remote_and_file_resources(pdf_template):
    data = pdf.render_pdf(
        pdf_template(
            '<img alt="x" src="http://127.0.0.1:9/leak.png"><img alt="y" src="file:///etc/passwd">'
        ),
        {},
    )
    # WeasyPrint logs and skips a refused resource; the document is still made.
    assert data.startswith(b"%PDF")
