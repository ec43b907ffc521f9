from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    """Erasing an account cannot be undone: the person confirms it with their password."""

    password = forms.CharField(
        label=_("Heslo"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pro potvrzení zadejte heslo, kterým se přihlašujete."),
    )
    keep_name_on_certificates = forms.BooleanField(
        label=_("Ponechat moje jméno na vydaných certifikátech"),
        required=False,
        help_text=_(
            "Certifikáty zůstanou ověřitelné podle kódu. Bez zaškrtnutí na nich jméno "
            "nebude; se zaškrtnutím ho dál uvidí ten, komu kód dáte."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Rozumím, že smazání nelze vrátit."),
        required=True,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Heslo nesouhlasí. Zkuste ho zadat znovu."))
        return password


class AdminErasureForm(forms.Form):
    """An administrator erasing an account on a person's request says why (it is logged)."""

    reason = forms.CharField(
        label=_("Důvod a odkaz na žádost"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Například „žádost e-mailem ze dne 3. 11. 2026, č. j. 42/2026“."),
    )
    keep_name_on_certificates = forms.BooleanField(
        label=_("Ponechat jméno na vydaných certifikátech"), required=False
    )
