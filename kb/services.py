"""Writes of the knowledge base that people (not editors) make."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from kb.models.feedback import ArticleFeedback

if TYPE_CHECKING:
    from kb.models.pages import ArticlePage


@dataclass(frozen=True)
class FeedbackOutcome:
    feedback: ArticleFeedback
    created: bool


def article_feedback_submit(
    *, page: "ArticlePage", user=None, session_key: str = "", helpful: bool, comment: str = ""
) -> FeedbackOutcome:
    """Record one person's answer to an article. A second answer by the same person (account,
    or session for visitors) changes nothing and returns the first one."""
    author = {"user": user} if user is not None else {"user": None, "session_key": session_key}
    existing = ArticleFeedback.objects.filter(page=page, **author).first()
    if existing is not None:
        return FeedbackOutcome(existing, created=False)
    feedback = ArticleFeedback(
        page=page,
        user=user,
        session_key="" if user is not None else session_key,
        helpful=helpful,
        comment=comment.strip(),
    )
    feedback.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:  # the same person answered in a parallel request
        return FeedbackOutcome(ArticleFeedback.objects.get(page=page, **author), created=False)
    return FeedbackOutcome(feedback, created=True)
