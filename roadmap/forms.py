"""The catalogue's admin form (dependencies without cycles) and the adviser's record form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from roadmap.catalogue import dependency_cycle
from roadmap.evidence import check_evidence_file
from roadmap.models import Milestone, MilestoneRecord


class MilestoneAdminForm(WagtailAdminModelForm):
    """Refuses a dependency that would close a cycle, naming the milestones in it."""

    def clean(self):
        cleaned = super().clean()
        required = cleaned.get("requires")
        if required is None:
            return cleaned
        others = Milestone.requires.through.objects.exclude(from_milestone_id=self.instance.pk)
        graph: dict[int, list[int]] = {}
        for from_id, to_id in others.values_list("from_milestone_id", "to_milestone_id"):
            graph.setdefault(from_id, []).append(to_id)
        cycle = dependency_cycle(self.instance.pk, [item.pk for item in required], graph)
        if cycle:
            if len(cycle) == 2 and cycle[0] == cycle[1]:
                message = _("Milník nemůže být předpokladem sám sobě. Odeberte ho z předpokladů.")
            else:
                names = dict(Milestone.objects.filter(pk__in=cycle).values_list("pk", "name"))
                names[self.instance.pk] = cleaned.get("name") or str(self.instance)
                message = _("Předpoklady by se zacyklily: {path}. Odeberte jeden z nich.").format(
                    path=" → ".join(names[pk] for pk in cycle)
                )
            self.add_error("requires", ValidationError(message, code="cycle"))
        return cleaned


class MilestoneRecordForm(forms.Form):
    """An adviser's record of one milestone for one municipality: met (date, evidence text
    and/or file) or planned (date, note)."""

    status = forms.ChoiceField(
        label=_("Stav"), choices=MilestoneRecord.Status.choices, widget=forms.RadioSelect
    )
    reached_on = forms.DateField(
        label=_("Splněno dne"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Vyplňte u splněného milníku; přibližné datum stačí."),
    )
    evidence = forms.CharField(
        label=_("Doklad"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Co splnění dokládá, například „usnesení zastupitelstva č. 12/2024“. Text je veřejný."
        ),
    )
    evidence_file = forms.FileField(
        label=_("Soubor s dokladem"),
        required=False,
        help_text=_(
            "PDF, DOCX, ODT, PNG nebo JPG do 10 MB. Vidí ho jen lidé z obce, její poradci a správci."
        ),
    )
    planned_on = forms.DateField(
        label=_("Plánováno na"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Kdy obec krok plánuje. Vidí jen lidé z obce a její poradci."),
    )
    note = forms.CharField(
        label=_("Poznámka"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Interní poznámka pro obec a poradce."),
    )

    def __init__(self, *args, record: MilestoneRecord | None = None, **kwargs):
        self.record = record
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "status": record.status,
                "reached_on": record.reached_on,
                "evidence": record.evidence,
                "planned_on": record.planned_on,
                "note": record.note,
            }
        super().__init__(*args, **kwargs)

    def clean_reached_on(self):
        reached_on = self.cleaned_data.get("reached_on")
        if reached_on and reached_on > timezone.localdate():
            raise ValidationError(
                _("Datum splnění nemůže být v budoucnosti. Budoucí krok zapište jako plánovaný.")
            )
        return reached_on

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            self.evidence_file_meta = check_evidence_file(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == MilestoneRecord.Status.MET:
            if not cleaned.get("reached_on") and "reached_on" not in self.errors:
                self.add_error(
                    "reached_on", _("Vyplňte, kdy obec milník splnila (přibližné datum stačí).")
                )
            has_file = bool(cleaned.get("evidence_file")) or bool(
                self.record and self.record.evidence_file
            )
            if (
                not cleaned.get("evidence", "").strip()
                and not has_file
                and "evidence_file" not in self.errors
            ):
                self.add_error(
                    "evidence",
                    _("Popište doklad o splnění nebo nahrajte soubor s dokladem."),
                )
        elif status == MilestoneRecord.Status.PLANNED and not cleaned.get("planned_on"):
            self.add_error("planned_on", _("Vyplňte, kdy obec tento krok plánuje."))
        return cleaned
