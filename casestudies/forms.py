"""The filter form shared by the listing, the exports and the API; the choice of municipalities
to compare."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.http import QueryDict
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Organisation
from accounts.regions import Region
from casestudies import comparison
from casestudies import models as cs_models
from casestudies.queries import POPULATION_BANDS, SORTS, CaseStudyFilters
from core.models import Topic
from roadmap.models import Milestone

MAXIMUM_THRESHOLD = Decimal(10) ** 10
# Unknown municipalities named one by one in the comparison's error; the rest are counted.
UNKNOWN_REPORTED = 3


class CaseStudyFilterForm(forms.Form):
    """Reads filters from the query string. Unknown values never fail the page: they are
    left out and reported in `notices`, so a shared link from an older version still works."""

    kraj = forms.MultipleChoiceField(
        label=gettext_lazy("Kraj"), required=False, widget=forms.CheckboxSelectMultiple
    )
    tema = forms.MultipleChoiceField(
        label=gettext_lazy("Nástroj"), required=False, widget=forms.CheckboxSelectMultiple
    )
    velikost = forms.MultipleChoiceField(
        label=gettext_lazy("Velikost obce"), required=False, widget=forms.CheckboxSelectMultiple
    )
    milnik = forms.MultipleChoiceField(
        label=gettext_lazy("Splněný milník"), required=False, widget=forms.CheckboxSelectMultiple
    )
    ukazatel = forms.ChoiceField(label=gettext_lazy("Ukazatel"), required=False)
    alespon = forms.CharField(label=gettext_lazy("alespoň"), required=False, max_length=20)
    obec = forms.MultipleChoiceField(
        label=gettext_lazy("Obec"), required=False, widget=forms.MultipleHiddenInput
    )
    razeni = forms.ChoiceField(label=gettext_lazy("Řadit podle"), required=False)

    SORT_LABELS = {
        "nazev": gettext_lazy("názvu"),
        "nejnovejsi": gettext_lazy("data zveřejnění"),
        "obyvatel": gettext_lazy("počtu obyvatel"),
        "zabydleno": gettext_lazy("počtu zabydlených domácností"),
    }

    def __init__(self, data=None):
        self.notices: list[str] = []
        data = data.copy() if data is not None else None
        self.indicators = {
            indicator.slug: indicator for indicator in cs_models.IndicatorDefinition.objects.all()
        }
        self.topic_labels = dict(Topic.objects.values_list("slug", "name"))
        self.milestone_labels = dict(Milestone.objects.values_list("slug", "name"))
        choices = {
            "kraj": list(Region.choices),
            "tema": list(self.topic_labels.items()),
            "velikost": [(band.slug, band.label) for band in POPULATION_BANDS],
            "milnik": list(self.milestone_labels.items()),
            "obec": [(slug, slug) for slug in Organisation.objects.values_list("slug", flat=True)],
        }
        if data is not None:
            for name, options in choices.items():
                known = {value for value, _label in options}
                values = data.getlist(name)
                unknown = [value for value in values if value not in known]
                if unknown:
                    data.setlist(name, [value for value in values if value in known])
                    self.notices.append(
                        _("Neznámou hodnotu filtru „{field}“ jsme vynechali: {values}.").format(
                            field=name, values=", ".join(unknown[:5])[:200]
                        )
                    )
        super().__init__(data)
        for name, options in choices.items():
            self.fields[name].choices = options
        self.fields["ukazatel"].choices = [("", _("— vyberte —"))] + [
            (slug, indicator.name) for slug, indicator in self.indicators.items()
        ]
        self.fields["razeni"].choices = [(key, label) for key, label in self.SORT_LABELS.items()]

    def clean_alespon(self):
        raw = (self.cleaned_data.get("alespon") or "").strip().replace(",", ".").replace(" ", "")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("Zadejte číslo, například 10.")) from None
        if not value.is_finite() or value < 0:
            raise forms.ValidationError(_("Zadejte nezáporné číslo."))
        if value >= MAXIMUM_THRESHOLD:
            # Values are stored with 12 digits; a larger threshold would overflow the database.
            raise forms.ValidationError(_("Zadejte číslo menší než 10 miliard."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("alespon") is not None and not cleaned.get("ukazatel"):
            self.add_error("ukazatel", _("Vyberte ukazatel, ke kterému hodnota „alespoň“ patří."))
        return cleaned

    def filters(self) -> CaseStudyFilters:
        """The valid part of the filters (an invalid field counts as not set)."""
        if not self.is_bound:
            return CaseStudyFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        indicator = data.get("ukazatel") or ""
        minimum = data.get("alespon")
        return CaseStudyFilters(
            regions=data.get("kraj", []),
            topics=data.get("tema", []),
            bands=data.get("velikost", []),
            milestones=data.get("milnik", []),
            indicator=indicator if minimum is not None else "",
            indicator_minimum=minimum if indicator else None,
            organisations=data.get("obec", []),
        )

    def sort(self) -> str:
        value = self.data.get("razeni", "") if self.is_bound else ""
        return value if value in SORTS else "nazev"


class FieldsetCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes grouped by a <fieldset>. The field's own id names the fieldset, so the error
    summary links to the group (Django gives a checkbox group no id to link to)."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


class MunicipalityComparisonForm(forms.Form):
    """Which municipalities to compare (?obec=slug&obec=…), from those with a published case
    study. Unknown slugs are dropped from the selection and reported; nothing chosen is valid
    (the page then only offers the form)."""

    obec = forms.MultipleChoiceField(
        label=gettext_lazy("Obce k porovnání"),
        required=False,
        widget=FieldsetCheckboxes,
        help_text=gettext_lazy("Zaškrtněte dvě až čtyři obce a zvolte „Porovnat“."),
    )

    def __init__(self, data: QueryDict | None, *, municipalities: list[tuple[str, str]]):
        self.unknown: list[str] = []
        known = {slug for slug, _name in municipalities}
        if data is not None:
            data = data.copy()
            chosen: list[str] = []
            for value in data.getlist("obec"):
                value = value.strip()
                if not value or value in chosen or value in self.unknown:
                    continue
                (chosen if value in known else self.unknown).append(value)
            data.setlist("obec", chosen)
        super().__init__(data)
        self.fields["obec"].choices = municipalities

    def clean_obec(self):
        chosen = self.cleaned_data["obec"]
        errors = [
            _("Obec „{slug}“ jsme nenašli.").format(slug=Truncator(slug).chars(60))
            for slug in self.unknown[:UNKNOWN_REPORTED]
        ]
        hidden = len(self.unknown) - UNKNOWN_REPORTED
        if hidden > 0:
            errors.append(
                ngettext(
                    "Nenašli jsme ani další {count} obec.",
                    "Nenašli jsme ani dalších {count} obcí.",
                    hidden,
                ).format(count=hidden)
            )
        # Too many counts what was asked for; too few, what is left to compare.
        too_many = len(chosen) + len(self.unknown) > comparison.MAX_COMPARED
        too_few = (chosen or self.unknown) and len(chosen) < comparison.MIN_COMPARED
        if too_many or too_few:
            errors.append(_("Vyberte dvě až čtyři obce."))
        if errors:
            raise forms.ValidationError(errors)
        return chosen

    def chosen(self) -> list[str]:
        """The valid selection, in the order given ([] when the form has errors)."""
        if not self.is_bound or not self.is_valid():
            return []
        return self.cleaned_data["obec"]
