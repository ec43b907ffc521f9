"""Every record that points at a person says what export and erasure do with it."""

from django.apps import apps
from django.conf import settings

from privacy.registry import not_personal, personal_data


def _relations_to_people():
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    relations = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model is user_model):
                continue
            # Fields inherited from a concrete parent (Page.owner) count once, on the parent.
            relations.add((field.model._meta.label, field.name))
    return relations


def test_every_relation_to_a_person_is_handled_by_export_and_erasure():
    handled = {(record.model._meta.label, record.user_field) for record in personal_data()}
    handled |= {(relation.model_label, relation.user_field) for relation in not_personal()}
    missing = sorted(_relations_to_people() - handled)
    assert missing == [], (
        "These fields point at a person but no `personal_data.py` registers them "
        f"(privacy.registry.register or register_not_personal): {missing}"
    )


def test_registrations_name_real_relations():
    relations = _relations_to_people()
    for record in personal_data():
        if record.rows is None and "__" not in record.user_field:
            assert (record.model._meta.label, record.user_field) in relations, record.key


def test_retention_settings_name_registered_rules():
    from privacy.registry import retention_rules

    keys = {rule.key for rule in retention_rules()}
    assert set(settings.PRIVACY_RETENTION_DAYS) == keys
