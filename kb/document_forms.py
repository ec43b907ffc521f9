"""The Wagtail admin's document form, with the library's upload checks
(`WAGTAILDOCS_DOCUMENT_FORM_BASE`). Apart from `kb.forms` because Wagtail's document forms
can be imported only once the models are loaded, and the pages use the reader forms."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from kb.uploads import document_upload_check


class LibraryDocumentFormBase(BaseDocumentForm):
    """Wagtail's document form with the library's size limit and a check that the content is
    what the extension says (the types are WAGTAILDOCS_EXTENSIONS)."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        limit = settings.KB_DOCUMENT_MAX_UPLOAD_SIZE
        if uploaded is not None and getattr(uploaded, "size", 0) > limit:
            raise forms.ValidationError(
                _("Soubor je větší než %(limit)s. Zmenšete ho nebo ho rozdělte na části.")
                % {"limit": filesizeformat(limit)}
            )
        # A new upload only: an unchanged file of an existing document was checked before.
        if isinstance(uploaded, UploadedFile):
            document_upload_check(uploaded)
        return uploaded
