"""Partners talk in the forum: a visitor reads a public answered question; a learner starts a
topic with a preview mentioning a partner, who sees it in the header and under "new since your
last visit", quotes it without notifying its mentions again and flags an off-topic reply; a
moderator is told of the flag and hides the post. Key pages
are checked with axe-core in Czech and under /en/."""

import io

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in_as, visit


def _submit(page, selector):
    page.locator(selector).click()
    page.wait_for_load_state("load")
    check_accessibility(page)


def journey_forum_question_answer_and_moderation(live_server, page):
    from accounts.models import User
    from forum.models import ModerationLogEntry, Topic

    call_command("load_demo", stdout=io.StringIO())
    answered = Topic.objects.get(title__startswith="Registrační týden")

    # A visitor reads the public category and an answered question, in Czech and English.
    page.context.clear_cookies()
    for prefix in ("", "/en"):
        visit(page, live_server, f"{prefix}/forum/")
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator(".category-row")).to_have_count(1)
        visit(page, live_server, f"{prefix}/forum/{answered.category.slug}/")
        visit(page, live_server, f"{prefix}{answered.get_absolute_url()}")
        expect(page.locator(".post--answer")).to_have_count(1)
        visit(page, live_server, f"{prefix}/forum/nezodpovezene/")

    # A learner of a partner municipality starts a topic, previews it and sends it,
    # mentioning the partner and the adviser.
    from forum.models import Notification
    from forum.services import profile_for

    partner = User.objects.get(email="partner@demo.example")
    adviser = User.objects.get(email="poradce@demo.example")
    learner = User.objects.get(email="studujici@demo.example")
    partner_handle, adviser_handle = profile_for(partner).handle, profile_for(adviser).handle
    sign_in_as(page, live_server, learner)
    visit(page, live_server, f"/forum/{answered.category.slug}/nove-tema/")
    page.locator("#id_title").fill("Dluhy na nájemném po zabydlení")
    page.locator("#id_is_question").check()
    page.locator("#id_source").fill(
        "Jak řešíte **dluhy** po prvním roce? <script>alert(1)</script>\n\n"
        f"@{partner_handle} @{adviser_handle}"
    )
    _submit(page, "button[name=nahled]")
    expect(page.locator(".forum-preview strong")).to_have_text("dluhy")
    expect(page.locator(".forum-preview script")).to_have_count(0)
    _submit(page, "form.form button[type=submit]:not([name])")
    expect(page.locator("h1")).to_have_text("Dluhy na nájemném po zabydlení")
    expect(page.locator(".mention")).to_have_count(2)
    topic_url = page.url

    # Empty reply: a clear message, nothing lost, no server error.
    page.locator("#id_source").fill("   ")
    _submit(page, ".reply button[type=submit]:not([name])")
    expect(page.locator(".error-summary")).to_be_visible()
    # A reply that does not belong here (the partner will flag it), sent from the form that
    # came back with the error.
    page.locator("#id_source").fill("Prodám levně sedací soupravu, volejte.")
    _submit(page, "form.form button[type=submit]:not([name])")
    expect(page.locator(".post")).to_have_count(2)

    # The partner sees the mention in the header, finds the topic under "new since your last
    # visit" (also after opening the forum), and quotes the first post.
    sign_in_as(page, live_server, partner)
    visit(page, live_server, "/forum/")
    expect(page.locator(".forum-header-counts .badge").last).to_be_visible()
    visit(page, live_server, "/forum/novinky/")
    expect(page.locator(".topic-row", has_text="Dluhy na nájemném")).to_have_count(1)
    visit(page, live_server, "/en/forum/upozorneni/")
    expect(page.locator(".notification--unread", has_text="Dluhy na nájemném")).to_have_count(1)
    page.goto(topic_url)
    page.locator(".post__actions a", has_text="Citovat").first.click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    expect(page.locator("#id_source")).to_contain_text(f"@{adviser_handle}")
    page.locator("#id_source").press("End")
    page.locator("#id_source").press_sequentially("U nás splátkový kalendář při podpisu.")
    _submit(page, "form.form button[type=submit]:not([name])")
    expect(page.locator(".post")).to_have_count(3)
    # Quoting did not notify the adviser mentioned in the quoted post again.
    assert Notification.objects.filter(user=adviser, reason="mention").count() == 1
    on_topic = Notification.objects.filter(user=adviser, post__topic__title__startswith="Dluhy")
    assert on_topic.count() == 1

    # The partner flags the off-topic reply.
    page.goto(topic_url)
    page.locator("#prispevek-2 .post__actions a", has_text="Nahlásit").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    page.locator("input[name=reason][value=off_topic]").check()
    _submit(page, "form.form button[type=submit]")

    # A moderator is told of the flag, opens it from the notice and hides the post with a
    # reason; the author is told why.
    moderator = User.objects.get(email="moderator@demo.example")
    sign_in_as(page, live_server, moderator)
    visit(page, live_server, "/forum/upozorneni/")
    page.locator(".notification a", has_text="Nahlášený příspěvek").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    page.locator("#id_reason").fill("Inzerce do diskuse nepatří.")
    _submit(page, "button[value=skryt]")
    for prefix in ("", "/en"):
        visit(page, live_server, f"{prefix}/forum/moderace/")
    visit(page, live_server, "/en/forum/moderace/zaznam/")
    # The demo's entries (a pin, the team cohort's group members) and this hiding.
    expect(page.locator("tbody tr")).to_have_count(ModerationLogEntry.objects.count())
    expect(page.locator("tbody")).to_contain_text("Inzerce do diskuse nepatří.")
    assert Notification.objects.filter(user=learner, reason="post_hidden").count() == 1
    visit(page, live_server, "/forum/moderace/skupiny/")
    visit(page, live_server, "/en/forum/nastaveni/")
    page.context.clear_cookies()
