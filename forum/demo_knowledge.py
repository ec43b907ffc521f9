"""Demo of an accepted forum answer that became an FAQ entry of an article (issue 20,
item 5). Read from `forum/demo_content/knowledge.toml`; idempotent."""

import tomllib
from pathlib import Path

from accounts.models import User
from core.absolute_urls import absolute_url
from forum.knowledge import answer_html
from forum.models import Topic
from kb.faq import faq_entry_propose, faq_proposal_for_post
from kb.models import ArticlePage

DATA = Path(__file__).parent / "demo_content" / "knowledge.toml"


def load(*, stdout) -> None:
    records = tomllib.loads(DATA.read_text(encoding="utf-8"))
    for data in records.get("faq_entries", []):
        topic = Topic.objects.filter(title=data["topic"]).select_related("accepted_answer").first()
        article = ArticlePage.objects.filter(slug=data["article"]).first()
        proposer = User.objects.filter(email=data["proposed_by"]).first()
        approver = User.objects.filter(email=data["approved_by"]).first()
        if None in (topic, article, proposer, approver) or topic.accepted_answer is None:
            continue
        post = topic.accepted_answer
        if faq_proposal_for_post(post.pk) is not None:
            continue
        faq_entry_propose(
            article=article,
            question=data["question"],
            answer_html=answer_html(data["answer"]),
            source_url=absolute_url(post.get_absolute_url()),
            source_title=topic.title,
            source_post_id=post.pk,
            from_private_discussion=False,
            user=proposer,
        )
        article.refresh_from_db()
        state = article.current_workflow_state
        if state is not None and state.current_task_state is not None:
            state.current_task_state.approve(user=approver)
        stdout.write(f"  FAQ entry {data['code']} in the article {article.title}")
