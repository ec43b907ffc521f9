"""Background work of the knowledge base (django-tasks)."""

from django_tasks import task


@task()
def document_extract_text(*, document_id: int, file_hash: str) -> str:
    """Extract a library document's text for search; the status and a note go to the admin."""
    from kb.extraction import document_text_store

    return document_text_store(document_id=document_id, file_hash=file_hash)


@task()
def review_reminders_send_task() -> int:
    """Remind owners of articles past their review date (run daily: `kb_send_review_reminders`)."""
    from kb.reviews import review_reminders_send

    return review_reminders_send()
