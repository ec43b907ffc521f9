"""Forms of the knowledge base's readers: article filters, feedback, library filters (the
admin's document form: `kb.document_forms`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Topic
from kb.models.documents import DocumentLanguage, DocumentType, LibraryDocument

AUDIENCE_FIELDS = {
    "politici": "for_politicians",
    "socialni-pracovnici": "for_social_workers",
    "bytovy-odbor": "for_housing_department",
}


class AudienceFilterForm(forms.Form):
    pro = forms.ChoiceField(
        label=_("Pro koho"),
        required=False,
        choices=[
            ("", _("Pro všechny")),
            ("politici", _("Politici")),
            ("socialni-pracovnici", _("Sociální pracovníci")),
            ("bytovy-odbor", _("Bytový odbor")),
        ],
    )

    def filters(self) -> dict:
        """Queryset filters for a valid choice; an unknown value filters nothing."""
        if self.is_valid() and self.cleaned_data["pro"]:
            return {AUDIENCE_FIELDS[self.cleaned_data["pro"]]: True}
        return {}


class ArticleFeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Pomohl vám tento článek?"),
        choices=[("ano", _("Ano")), ("ne", _("Ne"))],
        coerce=lambda value: value == "ano",
        widget=forms.RadioSelect,
        error_messages={"required": _("Vyberte, zda vám článek pomohl: Ano, nebo Ne.")},
    )
    comment = forms.CharField(
        label=_("Co bychom měli doplnit nebo opravit? (nepovinné)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DocumentLibraryFilterForm(forms.Form):
    """Filters of the document library. Unknown values are dropped and reported, never a 500."""

    druh = forms.MultipleChoiceField(
        label=_("Druh dokumentu"), required=False, choices=DocumentType.choices
    )
    tema = forms.MultipleChoiceField(label=_("Téma"), required=False)
    rok = forms.TypedMultipleChoiceField(label=_("Rok"), required=False, coerce=int)
    jazyk = forms.MultipleChoiceField(
        label=_("Jazyk"), required=False, choices=DocumentLanguage.choices
    )

    def __init__(self, data=None, *args, **kwargs):
        self.raw = data
        super().__init__(data, *args, **kwargs)
        self.topic_labels = dict(
            Topic.objects.filter(documents__isnull=False)
            .exclude(documents__document_type="")
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        self.fields["tema"].choices = list(self.topic_labels.items())
        years = (
            LibraryDocument.objects.in_library()
            .exclude(year__isnull=True)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        self.fields["rok"].choices = [(str(year), str(year)) for year in years]
        self.dropped: list[str] = []

    def filters(self) -> dict:
        """Valid choices per filter; values nobody offers are left out and remembered in `dropped`."""
        if self.raw is None:
            return {}
        result = {}
        for name, field in self.fields.items():
            allowed = {str(value) for value, _label in field.choices}
            values = self.raw.getlist(name)
            kept = [value for value in values if value in allowed]
            self.dropped += [value for value in values if value not in allowed]
            if kept:
                result[name] = [int(value) for value in kept] if name == "rok" else kept
        return result
