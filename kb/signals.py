"""Library documents get their text extracted in the background after each new file."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.utils.file import hash_filelike

from kb.models import LibraryDocument


@receiver(post_save, sender=LibraryDocument)
def document_queue_text_extraction(sender, instance, **kwargs):
    if instance.file and not instance.file_hash:
        # Wagtail's views set the hash before saving; documents saved from code get it here.
        with instance.open_file() as handle:
            instance.file_hash = hash_filelike(handle)
        LibraryDocument.objects.filter(pk=instance.pk).update(file_hash=instance.file_hash)
    if not instance.needs_text_extraction:
        return
    from kb.tasks import document_extract_text

    document_id, file_hash = instance.pk, instance.file_hash
    transaction.on_commit(
        lambda: document_extract_text.enqueue(document_id=document_id, file_hash=file_hash)
    )
