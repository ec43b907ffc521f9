"""The contact form, with spam protection that needs no third-party service: a field that
people do not see (bots fill it) and a signed time stamp (a form sent seconds after it was
shown, or days later, was not written by a person reading the page)."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

FORM_STAMP_SALT = "legal.contact-form"
MIN_SECONDS_TO_WRITE = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60


def form_stamp() -> str:
    """A signed time stamp of when the form was shown."""
    return signing.dumps(int(time.time()), salt=FORM_STAMP_SALT)


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Jméno a příjmení"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Na tuto adresu vám odpovíme. Nikde ji nezveřejníme."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    subject = forms.CharField(label=_("Předmět"), max_length=160, required=False)
    body = forms.CharField(
        label=_("Zpráva"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Nejvýše 5 000 znaků."),
    )
    # Spam protection: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(required=False, label=_("Nevyplňujte"))
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["stamp"].initial = form_stamp()

    @staticmethod
    def initial_for(user) -> dict:
        """A signed-in person does not type their name and address again."""
        if user.is_authenticated:
            return {"name": user.get_full_name(), "email": user.email}
        return {}

    @property
    def is_from_bot(self) -> bool:
        """True when the hidden field was filled in: the message is dropped without a word."""
        return bool(self.data.get(self.add_prefix("website"), "").strip())

    def clean_stamp(self):
        try:
            shown_at = int(signing.loads(self.cleaned_data["stamp"], salt=FORM_STAMP_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("Formulář se nepodařilo ověřit. Načtěte stránku znovu a zprávu odešlete.")
            ) from None
        age = time.time() - shown_at
        if age > MAX_FORM_AGE_SECONDS:
            raise forms.ValidationError(
                _("Formulář byl otevřený příliš dlouho. Zkopírujte si zprávu a odešlete ji znovu.")
            )
        if age < MIN_SECONDS_TO_WRITE:
            raise forms.ValidationError(
                _(
                    "Zpráva přišla příliš rychle po otevření stránky. Počkejte chvíli a odešlete ji znovu."
                )
            )
        return shown_at
