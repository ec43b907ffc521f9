from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.permissions import invitable_organisations, invitable_roles
from accounts.roles import Role


class SignupProfileForm(forms.Form):
    """Extra fields on allauth's sign-up form: the name shown to colleagues and on certificates."""

    first_name = forms.CharField(
        label=_("Jméno"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Příjmení"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail zvaného"),
        help_text=_("Na tuto adresu přijde odkaz, který platí 14 dní a lze ho použít jednou."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organizace"),
        queryset=Organisation.objects.none(),
        empty_label=_("Vyberte organizaci"),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = invitable_organisations(inviter)
        self.fields["role"].choices = [
            (role, Role(role).label) for role in invitable_roles(inviter)
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class JoinRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Obec nebo organizace"),
        queryset=Organisation.objects.order_by("short_name"),
        empty_label=_("Vyberte obec nebo organizaci"),
        error_messages={
            "invalid_choice": _("Taková organizace v platformě není. Vyberte ji ze seznamu.")
        },
    )
    message = forms.CharField(
        label=_("Zpráva pro poradce"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Například váš odbor a pracovní pozice, aby poradce věděl, kdo žádá."),
    )


class JoinRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Rozhodnutí"),
        choices=[("accept", _("Přijmout")), ("refuse", _("Zamítnout"))],
        widget=forms.RadioSelect,
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    note = forms.CharField(
        label=_("Poznámka pro žadatele"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, decider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Vyberte roli"))] + [
            (role, Role(role).label) for role in invitable_roles(decider)
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "accept" and not cleaned.get("role"):
            self.add_error("role", _("Vyberte roli, kterou člověk v organizaci dostane."))
        return cleaned
