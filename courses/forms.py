"""Forms of the courses app (the quiz is parsed by the view and checked by the service)."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class CourseFeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Jak kurz celkově hodnotíte?"),
        choices=[
            (5, _("5 – výborný")),
            (4, _("4 – dobrý")),
            (3, _("3 – průměrný")),
            (2, _("2 – slabý")),
            (1, _("1 – nevyhovující")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vyberte prosím hodnocení od 1 do 5.")},
    )
    most_useful = forms.CharField(
        label=_("Co vám v kurzu nejvíc pomohlo?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    to_improve = forms.CharField(
        label=_("Co bychom měli zlepšit?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReminderPreferenceForm(forms.Form):
    reminders_enabled = forms.BooleanField(
        label=_("Posílat mi připomínky e-mailem"),
        required=False,
        help_text=_(
            "Před termínem dokončení, po dvou týdnech bez aktivity a poradcům týdenní souhrn."
        ),
    )
    language = forms.ChoiceField(
        label=_("Jazyk e-mailů z kurzů"),
        choices=[("", _("Jazyk webu (čeština)")), *settings.LANGUAGES],
        required=False,
        help_text=_("Připomínky, certifikáty a zprávy od poradců vám přijdou v tomto jazyce."),
        error_messages={"invalid_choice": _("Vyberte jazyk ze seznamu.")},
    )


class VerificationForm(forms.Form):
    kod = forms.CharField(
        label=_("Ověřovací kód certifikátu"),
        max_length=20,
        help_text=_("Najdete ho na certifikátu, například K7MQ-4XRT-9PZB."),
        error_messages={"required": _("Zadejte ověřovací kód z certifikátu.")},
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]+$",
                _("Kód obsahuje jen písmena bez diakritiky, číslice a pomlčky. Zkontrolujte ho."),
            )
        ],
    )

    def clean_kod(self):
        return self.cleaned_data["kod"].strip().upper()


class CohortEnrolOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organizace"),
        queryset=Organisation.objects.order_by("short_name"),
        help_text=_(
            "Nejdřív uvidíte, koho by zápis zahrnul; kdo studuje v jiné skupině, přejde sem, "
            "jen když ho zaškrtnete."
        ),
        error_messages={
            "required": _("Vyberte organizaci."),
            "invalid_choice": _("Taková organizace neexistuje. Vyberte ji ze seznamu."),
        },
    )


class QuizAttemptGrantForm(forms.Form):
    lesson = forms.TypedChoiceField(
        label=_("Lekce s kvízem"),
        coerce=int,
        error_messages={
            "required": _("Vyberte lekci, jejíž kvíz má účastník zkusit znovu."),
            "invalid_choice": _("Taková lekce s kvízem v kurzu není. Vyberte ji ze seznamu."),
        },
    )
    extra_attempts = forms.TypedChoiceField(
        label=_("Kolik pokusů přidat"),
        choices=[(number, str(number)) for number in range(1, 6)],
        coerce=int,
        initial=1,
        error_messages={"invalid_choice": _("Přidat lze jeden až pět pokusů najednou.")},
    )
    reason = forms.CharField(
        label=_("Důvod"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Uloží se do historie účastníka, například „prošli jsme spolu lekci“."),
        error_messages={"required": _("Napište důvod; uloží se do historie účastníka.")},
    )

    def __init__(self, *args, lessons=(), **kwargs):
        """`lessons`: the live lessons with a quiz of the learner's course."""
        super().__init__(*args, **kwargs)
        self.fields["lesson"].choices = [("", _("Vyberte lekci"))] + [
            (lesson.pk, lesson.title) for lesson in lessons
        ]


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Důvod zrušení"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ukáže se každému, kdo certifikát ověřuje, i účastníkovi v e-mailu."),
        error_messages={"required": _("Napište důvod zrušení.")},
    )


def cohort_admin_form(base):
    """The cohort form of the admin (`base`: the model form Wagtail builds) with a choice to
    create the town's closed working group in the forum as the cohort is created."""
    from courses.cohort_groups import cohort_forum_group_create, municipality_of

    class CohortAdminForm(base):
        create_forum_group = forms.BooleanField(
            label=_("Založit pracovní skupinu ve fóru"),
            required=False,
            help_text=_(
                "Jen pro skupinu jedné obce: uzavřená skupina ve fóru, jejímiž členy budou "
                "účastníci a poradce, i ti, kdo se zapíší později."
            ),
        )

        def clean(self):
            cleaned = super().clean()
            organisations = list(cleaned.get("organisations") or [])
            if cleaned.get("create_forum_group") and municipality_of(organisations) is None:
                self.add_error(
                    "create_forum_group",
                    _(
                        "Pracovní skupinu ve fóru lze založit jen pro studijní skupinu jedné "
                        "obce. V poli Organizace vyberte právě jednu obec nebo městskou část."
                    ),
                )
            return cleaned

        def save(self, commit=True):
            cohort = super().save(commit=commit)
            if commit and self.cleaned_data.get("create_forum_group"):
                cohort_forum_group_create(actor=cohort.adviser, cohort=cohort)
            return cohort

    return CohortAdminForm
