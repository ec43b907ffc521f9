from datetime import date, timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from kb.models import ArticleFaqEntry
from tests.factories import UserFactory, case_study_create
from tests.kb.factories import article_create, kb_index_create, section_create, term_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home_page):
    return section_create(kb_index_create(home_page))


def _heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _text(html):
    return {"type": "text", "value": html}


def test_headings_build_a_table_of_contents_with_unique_anchors(client, section):
    article = article_create(
        section,
        body=[
            _heading("Příprava bytu"),
            _text("<p>Úvod.</p>"),
            _heading("Příprava bytu"),
            _heading("Podrobnosti", "h3"),
            _heading("Poznámka pod čarou", "h4"),
        ],
    )
    body = client.get(article.url).content.decode()
    toc = body[body.index('class="toc"') : body.index("</nav>", body.index('class="toc"'))]
    assert 'href="#priprava-bytu"' in toc and 'href="#priprava-bytu-2"' in toc
    assert 'href="#podrobnosti"' in toc
    assert "Poznámka pod čarou" not in toc  # h4 is not a contents entry
    assert '<h2 id="priprava-bytu">' in body and '<h2 id="priprava-bytu-2">' in body
    assert '<h3 id="podrobnosti">' in body


def test_first_use_of_a_glossary_term_is_marked_and_defined_below(client, section):
    term_create("Krizové bydlení", synonyms="krizový byt", definition="Byt hned, na půl roku.")
    term_create("Registrační týden")
    article = article_create(
        section,
        body=[
            _heading("Krizové bydlení v obci"),
            _text(
                "<p>Obec zřídila <a href='/x/'>krizové bydlení</a>. Do krizového bytu se "
                "rodina nastěhovala hned. Další krizový byt přibyl.</p>"
                "<p>Výsledky registračního týdne ukázaly potřebu.</p>"
            ),
        ],
    )
    body = client.get(article.url).content.decode()
    main = body[body.index('class="article__body') :]
    # Not inside the heading or the existing link; first in the text, by an inflected synonym.
    assert '<a class="glossary-term" href="#pojem-krizove-bydleni">krizového bytu</a>' in main
    assert main.count('href="#pojem-krizove-bydleni"') == 1
    assert (
        '<a class="glossary-term" href="#pojem-registracni-tyden">registračního týdne</a>' in main
    )
    assert 'id="pojem-krizove-bydleni"' in body and "Byt hned, na půl roku." in body


def test_abbreviations_match_only_as_written(client, section):
    term_create("Housing First", synonyms="HF")
    article = article_create(section, body=[_text("<p>Program hf a potom HF v Jihlavě.</p>")])
    body = client.get(article.url).content.decode()
    assert '<a class="glossary-term" href="#pojem-housing-first">HF</a>' in body
    assert "Program hf a" in body


def test_article_shows_review_date_owner_and_flags_an_overdue_review(client, section):
    owner = UserFactory(first_name="Radka", last_name="Poradní")
    current = article_create(section, slug="aktualni", content_owner=owner)
    overdue = article_create(
        section,
        slug="stary",
        content_owner=owner,
        last_reviewed_on=timezone.localdate() - timedelta(days=400),
    )
    fresh = client.get(current.url).content.decode()
    assert "Radka Poradní" in fresh and "review-notice" not in fresh
    stale = client.get(overdue.url).content.decode()
    assert "review-notice" in stale and "kontrolou aktuálnosti" in stale


def test_review_due_date_follows_the_interval(section):
    article = article_create(section, last_reviewed_on=date(2026, 1, 31), review_interval_months=3)
    assert article.review_due_on == date(2026, 4, 30)


def test_reading_time_grows_with_the_text(section):
    short = article_create(section, slug="kratky")
    # 998 words of body and the two of the summary: 1,000 words at 200 a minute.
    long = article_create(section, slug="dlouhy", body=[_text("<p>" + "slovo " * 998 + "</p>")])
    longer = article_create(section, slug="delsi", body=[_text("<p>" + "slovo " * 999 + "</p>")])
    assert short.reading_minutes == 1
    assert long.reading_minutes == 5
    assert longer.reading_minutes == 6


def test_drafts_scheduled_and_restricted_articles_are_not_served(client, section):
    draft = article_create(section, slug="koncept", live=False)
    assert client.get(f"{section.url}koncept/").status_code == 404
    scheduled = article_create(section, slug="pozdeji", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=3)
    scheduled.save_revision().publish()  # scheduled: stays a draft until go_live_at
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert client.get(f"{section.url}pozdeji/").status_code == 404
    private = article_create(section, slug="soukromy")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert client.get(private.url).status_code == 302  # sign in first
    listing = client.get(section.url).content.decode()
    assert "koncept" not in listing and "pozdeji" not in listing and "soukromy" not in listing
    assert draft.title  # the draft exists; it is just not served


def test_related_content_shares_topics_and_skips_drafts_and_linked_pages(client, section):
    article = article_create(section, slug="hlavni", topics=["krizove-bydleni"])
    article_create(section, slug="souvisejici", title="Příbuzný článek", topics=["krizove-bydleni"])
    article_create(section, slug="jiny", title="Jiné téma", topics=["housing-first"])
    article_create(
        section, slug="koncept", title="Nehotový", topics=["krizove-bydleni"], live=False
    )
    linked = case_study_create(slug="odkazana", title="Odkázaná obec", topics=["krizove-bydleni"])
    case_study_create(slug="nabidnuta", title="Nabídnutá obec", topics=["krizove-bydleni"])
    article.body = [{"type": "related_pages", "value": {"heading": "Obce", "pages": [linked.pk]}}]
    article.save_revision().publish()
    body = client.get(article.url).content.decode()
    related = body[body.index('id="related-title"') :]
    assert "Příbuzný článek" in related and "Nabídnutá obec" in related
    assert "Jiné téma" not in related and "Nehotový" not in related
    assert "Odkázaná obec" not in related  # already linked in the body
    assert "Odkázaná obec" in body


def test_section_filters_articles_by_audience(client, section):
    article_create(section, slug="pro-politiky", title="Politikům", for_politicians=True)
    article_create(section, slug="pro-odbor", title="Odboru", for_housing_department=True)
    body = client.get(f"{section.url}?pro=politici").content.decode()
    assert "Politikům" in body and "Odboru" not in body
    unknown = client.get(f"{section.url}?pro=neznamy")
    assert unknown.status_code == 200
    assert "Politikům" in unknown.content.decode() and "Odboru" in unknown.content.decode()


def test_article_page_query_count_does_not_grow(client, section, django_assert_max_num_queries):
    term_create("Housing First")
    article = article_create(section, slug="hlavni", topics=["housing-first", "krizove-bydleni"])
    for number in range(12):
        article_create(section, slug=f"dalsi-{number}", topics=["housing-first"])
        term_create(f"Pojem {number}")
        # Questions from practice (kb.faq): one query for all of them.
        ArticleFaqEntry.objects.create(
            page=article, sort_order=number, question=f"Otázka {number}?", answer="<p>Ano.</p>"
        )
    with django_assert_max_num_queries(29):
        response = client.get(article.url)
    assert response.status_code == 200


def test_index_and_section_query_counts_do_not_grow(
    client, home_page, django_assert_max_num_queries
):
    index = kb_index_create(home_page)
    for number in range(4):
        section = section_create(index, slug=f"oddil-{number}", title=f"Oddíl {number}")
        for article_number in range(4):
            article_create(section, slug=f"c-{number}-{article_number}", topics=["housing-first"])
    with django_assert_max_num_queries(23):
        assert client.get(index.url).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(section.url).status_code == 200


def test_english_interface_keeps_the_article(client, section):
    article = article_create(section, title="Principy")
    body = client.get(f"/en{article.url}").content.decode()
    assert '<html lang="en">' in body and "Principy" in body
    assert "Your feedback" in body and "Vaše zpětná vazba" not in body
