"""Forms of the forum. They check input; the rules and writes are in permissions and services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.roles import Role
from forum.attachments import MAX_BYTES, MAX_FILES, check_upload
from forum.models import Category, Flag, ForumProfile, Topic
from forum.services import POST_MAX_LENGTH


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once; each checked by content, type and size."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Přiložit lze nejvýš %(count)s souborů najednou.") % {"count": MAX_FILES}
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


def _source_field():
    return forms.CharField(
        label=_("Text příspěvku"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=POST_MAX_LENGTH,
        strip=True,
        help_text=_(
            "Můžete používat Markdown: **tučně**, *kurzíva*, odrážky, > citace, odkazy. "
            "Kolegu zmíníte napsáním @přezdívka. Odkaz na případovou studii, článek nebo kurz "
            "z tohoto webu se ukáže jako karta."
        ),
        error_messages={
            "required": _("Příspěvek je prázdný. Napište prosím text."),
            "max_length": _(
                "Příspěvek může mít nejvýš %(limit_value)d znaků (teď má %(show_value)d). "
                "Zkraťte ho prosím."
            ),
        },
    )


def _attachments_field():
    return AttachmentsField(
        label=_("Přílohy"),
        required=False,
        help_text=_(
            "Obrázky (PNG, JPEG, WebP) a dokumenty (PDF, DOCX, XLSX, ODT), každý nejvýš "
            "%(size)s MB, nejvýš %(count)s souborů."
        )
        % {"size": MAX_BYTES // (1024 * 1024), "count": MAX_FILES},
    )


class PostForm(forms.Form):
    source = _source_field()
    attachments = _attachments_field()


class PostEditForm(PostForm):
    """Editing a post: the text, new attachments, and the existing ones to remove."""

    remove_attachments = forms.MultipleChoiceField(
        label=_("Odebrat přílohy"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zaškrtnuté přílohy se po uložení smažou."),
    )

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_attachments"].choices = [
            (str(attachment.pk), attachment.filename) for attachment in attachments
        ]


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Název tématu"),
        max_length=200,
        error_messages={
            "required": _("Téma potřebuje název."),
            "max_length": _("Název může mít nejvýš %(limit_value)d znaků."),
        },
    )
    is_question = forms.BooleanField(
        label=_("Je to otázka (jednu odpověď pak můžete označit jako řešení)"), required=False
    )
    source = _source_field()
    attachments = _attachments_field()


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Proč příspěvek nahlašujete?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vyberte prosím důvod.")},
    )
    note = forms.CharField(
        label=_("Poznámka pro moderátory"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Důvod (zapíše se do záznamu moderace)"),
        max_length=1000,
        error_messages={"required": _("Uveďte prosím důvod; zapíše se do záznamu moderace.")},
    )


class TopicModerationForm(forms.Form):
    ACTIONS = [
        ("lock", _("Uzamknout")),
        ("unlock", _("Odemknout")),
        ("pin", _("Připnout")),
        ("unpin", _("Odepnout")),
        ("hide", _("Skrýt téma")),
        ("restore", _("Obnovit téma")),
        ("move", _("Přesunout do jiné kategorie")),
        ("merge", _("Sloučit do jiného tématu")),
    ]
    action = forms.ChoiceField(label=_("Akce"), choices=ACTIONS, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(
        label=_("Cílová kategorie (při přesunu)"),
        queryset=Category.objects.all(),
        required=False,
    )
    target = forms.IntegerField(
        label=_("Číslo cílového tématu (při sloučení)"),
        required=False,
        min_value=1,
        help_text=_("Číslo najdete v adrese tématu, například /forum/kategorie/42/."),
    )
    reason = ReasonForm.base_fields["reason"]

    confirm_audience = forms.BooleanField(
        label=_("Rozumím, kdo přístup k tématu získá a kdo ho ztratí, a změnu potvrzuji."),
        required=False,
    )

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.topic = topic

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("category"):
            self.add_error("category", _("Vyberte kategorii, do které se téma přesune."))
        if data.get("action") == "merge":
            target = data.get("target")
            topic = Topic.objects.select_related("category").filter(pk=target).first()
            if target is None:
                self.add_error("target", _("Zadejte číslo tématu, do kterého se téma sloučí."))
            elif topic is None:
                self.add_error("target", _("Téma s tímto číslem neexistuje."))
            elif self.topic is not None and topic.pk == self.topic.pk:
                self.add_error("target", _("Téma nelze sloučit samo se sebou."))
            data["target_topic"] = topic
        return data


class GroupMemberForm(forms.Form):
    """Adding a member to a closed group; organisation and role only for an invitation."""

    person = forms.CharField(
        label=_("Jméno, přezdívka nebo e-mail"),
        max_length=254,
        help_text=_(
            "Kdo ještě nemá účet, tomu na zadaný e-mail pošleme pozvánku; do skupiny se "
            "dostane, až ji přijme."
        ),
        error_messages={"required": _("Zadejte jméno, přezdívku nebo e-mail člena.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organizace (jen pro pozvánku)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    role = forms.ChoiceField(
        label=_("Role (jen pro pozvánku)"),
        choices=[
            ("", "—"),
            (Role.PARTNER_MEMBER, Role.PARTNER_MEMBER.label),
            (Role.LEARNER, Role.LEARNER.label),
        ],
        required=False,
    )
    reason = forms.CharField(
        label=_("Poznámka do záznamu moderace"), max_length=1000, required=False
    )


class SuspendForm(forms.Form):
    until = forms.DateField(
        label=_("Pozastavit psaní do"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Zadejte datum, například 2026-12-31.")},
    )
    reason = ReasonForm.base_fields["reason"]

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise ValidationError(_("Datum konce pozastavení musí být v budoucnosti."))
        return until


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ForumProfile
        fields = ["handle", "email_mode"]
        widgets = {"email_mode": forms.RadioSelect}
        error_messages = {
            "handle": {
                "unique": _("Tuto přezdívku už někdo používá. Zvolte jinou."),
                "invalid": _(
                    "Přezdívka smí obsahovat jen malá písmena bez diakritiky, číslice, pomlčku a podtržítko."
                ),
            }
        }

    def clean_handle(self):
        return self.cleaned_data["handle"].lower()
