"""What the platform holds about a person, declared by the app that holds it.

Every app lists its records about people in ``<app>/personal_data.py`` with ``register()``;
the export ("Stáhnout moje data") and the erasure ("Smazat účet") read only this registry,
so they know no app. ``tests/privacy/test_registry.py`` fails when a model points at a
person and no registration says what happens to it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models


class OnErase(StrEnum):
    DELETE = "delete"  # the rows go (private data: answers, notifications, memberships)
    CLEAR = "clear"  # the rows stay, the pointer to the person becomes empty
    KEEP = "keep"  # the rows stay with the anonymised account ("smazaný uživatel")
    REMOVE = "remove"  # many-to-many: the person leaves the relation


@dataclass(frozen=True)
class PersonalData:
    """One kind of record about a person.

    ``model`` and ``user_field`` name the relation to the person (the completeness check
    matches them against every relation to the user model). ``fields`` are what the archive
    shows of each row. ``files`` names a file field whose files go into the archive and are
    deleted with rows that are deleted. ``rows`` finds the rows another way when the
    relation is indirect. ``refuse_erasure`` returns a sentence when erasing the person
    now would break something (the last administrator, the only member of a group);
    ``after_erase(user, options)`` does what else follows (re-indexing what showed the
    name; options carry the person's choices, such as ``keep_name_on_certificates``).
    """

    key: str
    model: type[models.Model]
    user_field: str
    fields: tuple[str, ...]
    on_erase: OnErase
    files: str | None = None
    rows: Callable | None = None
    refuse_erasure: Callable | None = None
    after_erase: Callable | None = None
    extra_fields: dict[str, Callable] = field(default_factory=dict)

    def queryset(self, user):
        if self.rows is not None:
            return self.rows(user)
        return self.model._default_manager.filter(**{self.user_field: user})


@dataclass(frozen=True)
class NotPersonal:
    """A relation to a person that holds nothing about them beyond who did an editorial
    act (page owner, revision author): kept, pointing at the anonymised account."""

    model_label: str
    user_field: str
    reason: str


@dataclass(frozen=True)
class RetentionRule:
    """Rows of ``model`` older than ``settings.PRIVACY_RETENTION_DAYS[key]`` days (counted
    from ``date_field``) are deleted by the daily ``privacy_enforce_retention``."""

    key: str
    model: type[models.Model]
    date_field: str


_registry: dict[str, PersonalData] = {}
_not_personal: list[NotPersonal] = []
_retention: dict[str, RetentionRule] = {}


def register(*records: PersonalData) -> None:
    for record in records:
        if record.key in _registry and _registry[record.key] != record:
            raise ValueError(f"Personal data {record.key!r} is registered twice.")
        _registry[record.key] = record


def register_not_personal(*relations: NotPersonal) -> None:
    _not_personal.extend(relation for relation in relations if relation not in _not_personal)


def personal_data() -> list[PersonalData]:
    return sorted(_registry.values(), key=lambda record: record.key)


def not_personal() -> Iterable[NotPersonal]:
    return tuple(_not_personal)


def register_retention(*rules: RetentionRule) -> None:
    for rule in rules:
        _retention[rule.key] = rule


def retention_rules() -> list[RetentionRule]:
    return sorted(_retention.values(), key=lambda rule: rule.key)
