"""What the roadmap holds about people: which municipalities an adviser accompanies."""

from privacy.registry import NotPersonal, OnErase, PersonalData, register, register_not_personal
from roadmap.models import MunicipalityAdviser

register(
    PersonalData(
        key="roadmap.municipalities_advised",
        model=MunicipalityAdviser,
        user_field="adviser",
        fields=("organisation.short_name", "since"),
        on_erase=OnErase.DELETE,
    ),
)

register_not_personal(
    NotPersonal("roadmap.MilestoneRecord", "recorded_by", "the adviser who recorded a milestone"),
)
