import io

import pytest
from django.core.management import call_command

from home.models import HomePageSection
from kb.models import ArticlePage, GlossaryTerm, LibraryDocument, TextExtraction

pytestmark = pytest.mark.django_db


def test_demo_creates_the_knowledge_base_once(client, demo_site):
    # demo_site ran text extraction and the search outbox as after a real load_demo.
    counts = (
        ArticlePage.objects.count(),
        GlossaryTerm.objects.count(),
        LibraryDocument.objects.count(),
    )
    call_command("load_demo", stdout=io.StringIO())
    assert (
        ArticlePage.objects.count(),
        GlossaryTerm.objects.count(),
        LibraryDocument.objects.count(),
    ) == counts
    assert counts[0] >= 6 and counts[1] >= 10 and counts[2] >= 4

    titles = set(ArticlePage.objects.values_list("title", flat=True))
    assert any("Housing First" in title for title in titles)
    assert any("Krizové bydlení" in title for title in titles)
    assert any("Registrační týden" in title for title in titles)
    crisis = ArticlePage.objects.get(slug="krizove-bydleni")
    text = str(crisis.body.render_as_block())
    assert "šest měsíců" in text and "energi" in text
    social = ArticlePage.objects.get(slug="socialni-a-dostupne-byty")
    assert "tří měsíců" in str(social.body.render_as_block())

    assert not LibraryDocument.objects.exclude(text_extraction=TextExtraction.DONE).exists()
    section = HomePageSection.objects.get(title="Znalostní báze")
    assert section.link_page is not None and section.is_available
    assert client.get("/znalosti/").status_code == 200
    assert client.get(crisis.url).status_code == 200
