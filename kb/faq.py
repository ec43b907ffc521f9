"""Forum answers become knowledge (issue 20, item 5): an accepted answer is handed over as a
question and answer of an article's section *Časté otázky z praxe*.

The entry is never published directly: it becomes a new draft revision of the article (with
everything else the latest revision holds, including its review date) and the article is
submitted to its approval workflow, where an administrator publishes it or sends it back.
`FaqProposal` keeps one hand-over per forum post.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.models import Revision, WorkflowState

from kb.models import ArticleFaqEntry, ArticlePage, FaqProposal


class FaqError(Exception):
    """A hand-over the rules refuse; the message is for the person who tried it."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def faq_proposal_for_post(source_post_id: int) -> FaqProposal | None:
    return (
        FaqProposal.objects.filter(source_post_id=source_post_id).select_related("article").first()
    )


def _submit_to_workflow(article: ArticlePage, *, user) -> None:
    """Send the article's latest revision for approval: join a submission already under way
    (approval publishes the latest revision), resubmit one sent back, or start the workflow."""
    state = article.current_workflow_state
    if state is not None:
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resubmit(user=user)
        return
    workflow = article.get_workflow()
    if workflow is None:
        raise FaqError(
            _(
                "Článek nemá schvalovací proces, a tak by návrh nikdo neschválil. Požádejte "
                "správce platformy, aby ho nastavil."
            ),
            status=409,
        )
    workflow.start(article, user)


def faq_entry_propose(
    *,
    article: ArticlePage,
    question: str,
    answer_html: str,
    source_url: str,
    source_title: str,
    source_post_id: int,
    from_private_discussion: bool,
    user,
) -> Revision:
    """Add the question and answer to a new draft revision of `article` and submit it for
    approval. Refused (409) when the post was handed over before, to any article."""
    question = (question or "").strip()
    if not question:
        raise FaqError(_("Napište otázku, na kterou odpověď odpovídá."))
    if not (answer_html or "").strip():
        raise FaqError(_("Odpověď je prázdná. Napište ji, než ji předáte do článku."))
    existing = faq_proposal_for_post(source_post_id)
    if existing is not None:
        raise FaqError(
            _("Tuto odpověď už někdo předal do článku „{title}“; podruhé ji předat nelze.").format(
                title=existing.article.title
            ),
            status=409,
        )
    try:
        with transaction.atomic():
            # The page row is locked so that two hand-overs to one article build on each other.
            article = ArticlePage.objects.select_for_update().get(pk=article.pk)
            draft = article.get_latest_revision_as_object()
            draft.faq_entries.add(
                ArticleFaqEntry(
                    question=question[:240],
                    answer=answer_html,
                    source_url=source_url,
                    source_title=source_title[:200],
                    source_post_id=source_post_id,
                )
            )
            revision = draft.save_revision(user=user, log_action=True)
            FaqProposal.objects.create(
                source_post_id=source_post_id,
                article=article,
                revision=revision,
                proposed_by=user,
                from_private_discussion=from_private_discussion,
            )
            article.refresh_from_db()
            _submit_to_workflow(article, user=user)
    except IntegrityError as error:
        raise FaqError(
            _("Tuto odpověď už někdo předal do článku; podruhé ji předat nelze."), status=409
        ) from error
    return revision
