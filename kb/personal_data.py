"""What the knowledge base holds about a person: article feedback and review duties."""

from kb.models import ArticleFeedback, ArticlePage
from kb.models.reviews import ReviewReminder
from privacy.registry import NotPersonal, OnErase, PersonalData, register, register_not_personal

register(
    PersonalData(
        key="kb.article_feedback",
        model=ArticleFeedback,
        user_field="user",
        fields=("page.title", "helpful", "comment", "created_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="kb.review_reminders",
        model=ReviewReminder,
        user_field="owner",
        fields=("page.title", "due_on", "sent_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="kb.articles_owned",
        model=ArticlePage,
        user_field="content_owner",
        # Nobody is reminded on behalf of an erased account: the article waits for a new owner.
        fields=("title", "review_due_on"),
        on_erase=OnErase.CLEAR,
    ),
)

register_not_personal(
    NotPersonal("kb.LibraryDocument", "uploaded_by_user", "who uploaded a library document"),
    NotPersonal(
        "kb.FaqProposal", "proposed_by", "the moderator or adviser who handed an answer over"
    ),
)
