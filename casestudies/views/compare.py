"""Comparing municipalities side by side, and a municipality's own page.

Both are open to everyone and show only published case studies.
"""

from django import forms
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from casestudies import comparison, queries

# Unknown municipalities named one by one in the error; the rest are counted.
UNKNOWN_REPORTED = 3


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


def case_study_compare(request, index_page):
    """GET form; with two to four municipalities chosen, the table side by side. An invalid
    choice answers 400 with the form and the reason."""
    published = queries.published_case_studies()
    form = MunicipalityComparisonForm(
        request.GET or None, municipalities=comparison.comparable_municipalities(published)
    )
    chosen = form.chosen()
    context = {
        "page": index_page,
        "self": index_page,
        "index_url": index_page.get_url(request),
        "form": form,
        "comparison": comparison.compare_municipalities(chosen, published) if chosen else None,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "casestudies/compare.html", context, status=status)


def municipality_detail(request, index_page, slug):
    """A municipality with a published case study: its facts, case studies and peers."""
    data = comparison.municipality_page(slug)
    if data is None:
        raise Http404(_("Tato obec zatím nemá zveřejněný příklad dobré praxe."))
    compare_query = QueryDict(mutable=True)
    compare_query.setlist("obec", [data.profile.slug, *[peer.profile.slug for peer in data.peers]])
    context = {
        "page": index_page,
        "self": index_page,
        "index_url": index_page.get_url(request),
        "municipality": data,
        "organisation": data.profile.organisation,
        "band": data.profile.band,
        "compare_query": compare_query.urlencode() if data.peers else "",
    }
    return render(request, "casestudies/municipality.html", context)
