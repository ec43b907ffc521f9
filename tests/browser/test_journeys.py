"""All browser journeys, run as one test against one live server and one database.

One test on purpose: live_server needs a transactional database that is flushed after each
test, and on PostgreSQL the rows that migrations created (Wagtail's root page, role groups,
catalogues) did not come back for a second such test even with serialized_rollback. Journeys
are ordered so that each builds on a state it creates itself (load_demo is idempotent).
"""

import pytest

from tests.browser.conftest import check_html_validity
from tests.browser.journey_accessibility import journey_accessibility_beyond_axe
from tests.browser.journey_case_studies import journey_find_filter_compare_and_see_results
from tests.browser.journey_courses import journey_learn_to_certificate_and_adviser_dashboard
from tests.browser.journey_forum import journey_forum_question_answer_and_moderation
from tests.browser.journey_foundation import journey_sign_up_confirm_profile_and_english
from tests.browser.journey_kb import journey_read_an_article_give_feedback_and_find_a_document
from tests.browser.journey_privacy import journey_download_then_delete_my_data
from tests.browser.journey_roadmap import (
    journey_adviser_records_a_milestone_and_a_visitor_follows_the_roadmap,
)
from tests.browser.journey_search import journey_search_filter_and_open_a_result


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_journeys(live_server, page, mailoutbox):
    journey_sign_up_confirm_profile_and_english(live_server, page, mailoutbox)
    page.context.clear_cookies()
    journey_forum_question_answer_and_moderation(live_server, page)
    page.context.clear_cookies()
    journey_download_then_delete_my_data(live_server, page)
    page.context.clear_cookies()
    for prefix in ("", "/en"):
        journey_find_filter_compare_and_see_results(live_server, page, prefix)
    for prefix in ("", "/en"):
        page.context.clear_cookies()
        journey_read_an_article_give_feedback_and_find_a_document(live_server, page, prefix)
    page.context.clear_cookies()
    journey_learn_to_certificate_and_adviser_dashboard(live_server, page)
    page.context.clear_cookies()
    journey_adviser_records_a_milestone_and_a_visitor_follows_the_roadmap(live_server, page)
    for prefix in ("", "/en"):
        page.context.clear_cookies()
        journey_search_filter_and_open_a_result(live_server, page, prefix)
    for prefix in ("", "/en"):
        page.context.clear_cookies()
        journey_accessibility_beyond_axe(live_server, page, prefix)
    # The Nu Html Checker, once over every page checked above.
    check_html_validity()
