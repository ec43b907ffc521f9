"""Partners talk in the forum: a visitor reads a public answered question, a member starts a
topic with a preview and gets an answer with a mention, a moderator handles a flag. Key pages
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
    from forum.models import Topic

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

    # A member of a partner municipality starts a topic, previews it and sends it.
    partner = User.objects.get(email="partner@demo.example")
    sign_in_as(page, live_server, partner)
    visit(page, live_server, "/forum/")
    expect(page.locator(".category-row")).to_have_count(2)
    visit(page, live_server, f"/forum/{answered.category.slug}/nove-tema/")
    page.locator("#id_title").fill("Dluhy na nájemném po zabydlení")
    page.locator("#id_is_question").check()
    page.locator("#id_source").fill(
        "Jak řešíte **dluhy** po prvním roce? <script>alert(1)</script>\n\n@alena-studujici"
    )
    _submit(page, "button[name=nahled]")
    expect(page.locator(".forum-preview strong")).to_have_text("dluhy")
    expect(page.locator(".forum-preview script")).to_have_count(0)
    _submit(page, "form.form button[type=submit]:not([name])")
    expect(page.locator("h1")).to_have_text("Dluhy na nájemném po zabydlení")
    expect(page.locator(".mention")).to_have_count(1)
    topic_url = page.url

    # Empty reply: a clear message, nothing lost, no server error.
    page.locator("#id_source").fill("   ")
    _submit(page, ".reply button[type=submit]:not([name])")
    expect(page.locator(".error-summary")).to_be_visible()

    # The learner mentioned gets a notice and answers; in English too.
    learner = User.objects.get(email="studujici@demo.example")
    sign_in_as(page, live_server, learner)
    visit(page, live_server, "/en/forum/upozorneni/")
    page.locator(".notification a").first.click()
    page.wait_for_load_state("load")
    page.locator("#id_source").fill("U nás splátkový kalendář hned při podpisu smlouvy.")
    _submit(page, ".reply button[type=submit]:not([name])")
    expect(page.locator(".post")).to_have_count(2)

    # The partner flags nothing of their own but can flag the answer.
    sign_in_as(page, live_server, partner)
    page.goto(topic_url)
    page.locator(".post__actions a", has_text="Nahlásit").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    page.locator("input[name=reason][value=off_topic]").check()
    _submit(page, "form.form button[type=submit]")

    # A moderator sees the flag in the queue, dismisses it with a reason, and reads the log.
    moderator = User.objects.get(email="moderator@demo.example")
    sign_in_as(page, live_server, moderator)
    for prefix in ("", "/en"):
        visit(page, live_server, f"{prefix}/forum/moderace/")
    expect(page.locator(".moderation-item")).to_have_count(1)
    page.locator(".moderation-item a.button").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    page.locator("#id_reason").fill("Odpověď k věci, ponecháno.")
    _submit(page, "button[value=zamitnout]")
    visit(page, live_server, "/en/forum/moderace/zaznam/")
    expect(page.locator("tbody tr")).to_have_count(2)  # the demo's pin and this dismissal
    visit(page, live_server, "/en/forum/nastaveni/")
    page.context.clear_cookies()
