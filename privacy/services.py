"""Export and erasure of a person's data, and the retention rules. Reads only the registry."""

import datetime
import decimal
import enum
import json
import tempfile
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ERASED_EMAIL_DOMAIN
from privacy.models import Erasure
from privacy.registry import OnErase, PersonalData, personal_data, retention_rules

ARCHIVE_SPOOL_BYTES = 8 * 1024 * 1024


class ErasureRefused(Exception):
    """Erasing the person now would break something; the message says what to do first."""


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def _resolve(obj, dotted: str):
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
        if callable(obj) and not isinstance(obj, models.Manager):
            obj = obj()
    return obj


def _related_paths(record: PersonalData) -> list[str]:
    """select_related() paths for dotted fields such as "topic.title"."""
    paths = set()
    for name in record.fields:
        parts = name.split(".")[:-1]
        if parts:
            paths.add("__".join(parts))
    return sorted(paths)


def _rows(record: PersonalData, user) -> list[dict]:
    queryset = record.queryset(user)
    related = _related_paths(record)
    if related:
        queryset = queryset.select_related(*related)
    rows = []
    for obj in queryset.order_by("pk"):
        row = {"id": obj.pk}
        for name in record.fields:
            row[name] = _plain(_resolve(obj, name))
        for name, compute in record.extra_fields.items():
            row[name] = _plain(compute(obj))
        rows.append(row)
    return rows


def _files(record: PersonalData, user):
    if not record.files:
        return
    for obj in record.queryset(user).order_by("pk"):
        field_file = getattr(obj, record.files)
        if field_file and field_file.name:
            yield obj.pk, field_file


def person_data(user) -> dict:
    """Everything the registry knows about ``user``, as JSON-ready data."""
    data = {
        "generated_at": timezone.now().isoformat(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_active": user.is_active,
        },
    }
    for record in personal_data():
        data[record.key] = _rows(record, user)
    return data


def person_export_archive(user):
    """A ZIP archive (an open temporary file, position 0) with ``data.json`` and the
    person's files under ``files/<key>/``. Memory stays bounded: the archive spills to
    disk past a few megabytes and files are copied in chunks, uncompressed."""
    # Returned open: the response streams it and closes it.
    spool = tempfile.SpooledTemporaryFile(max_size=ARCHIVE_SPOOL_BYTES)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(person_data(user), ensure_ascii=False, indent=2))
        for record in personal_data():
            for pk, field_file in _files(record, user):
                name = field_file.name.rsplit("/", 1)[-1]
                target = f"files/{record.key}/{pk}-{name}"
                with (
                    field_file.open("rb") as source,
                    archive.open(zipfile.ZipInfo(target), "w") as sink,
                ):
                    for chunk in iter(lambda source=source: source.read(1024 * 1024), b""):
                        sink.write(chunk)
    spool.seek(0)
    return spool


def erasure_refusals(user) -> list[str]:
    """Why ``user`` cannot be erased now (empty: nothing stands in the way)."""
    reasons = []
    for record in personal_data():
        if record.refuse_erasure is not None:
            reason = record.refuse_erasure(user)
            if reason:
                reasons.append(str(reason))
    return reasons


@dataclass(frozen=True)
class ErasureResult:
    erasure: Erasure
    files_deleted: int


def person_erase(
    *, user, erased_by=None, reason: str = "", keep_name_on_certificates: bool = False
) -> ErasureResult:
    """Erase what the platform holds about ``user``.

    Private records go, records others rely on (forum posts, certificates, moderation
    log) stay with the account anonymised: no name, no e-mail, no password, inactive.
    Files of deleted rows are removed after the commit. Raises ``ErasureRefused``.
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_erased:
            raise ErasureRefused(_("Tento účet už byl smazán."))
        refusals = erasure_refusals(user)
        if refusals:
            raise ErasureRefused(" ".join(refusals))
        files = []
        for record in personal_data():
            queryset = record.queryset(user)
            if record.on_erase == OnErase.DELETE:
                if record.files:
                    files.extend(field_file for _pk, field_file in _files(record, user))
                queryset.delete()
            elif record.on_erase == OnErase.CLEAR:
                queryset.update(**{record.user_field: None})
            elif record.on_erase == OnErase.REMOVE:
                relation = record.model._meta.get_field(record.user_field)
                relation.remote_field.through.objects.filter(
                    **{relation.m2m_reverse_field_name(): user.pk}
                ).delete()
        user.email = f"smazany-{user.pk}@{ERASED_EMAIL_DOMAIN}"
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        erasure = Erasure.objects.create(
            user=user,
            erased_by=erased_by if erased_by is not None and erased_by.pk != user.pk else None,
            by_the_person=erased_by is None or erased_by.pk == user.pk,
            reason=reason,
        )
        options = {"keep_name_on_certificates": keep_name_on_certificates}
        for record in personal_data():
            if record.after_erase is not None:
                record.after_erase(user, options)
        transaction.on_commit(lambda: _delete_files(files), robust=True)
    return ErasureResult(erasure=erasure, files_deleted=len(files))


def _delete_files(files) -> None:
    for field_file in files:
        field_file.storage.delete(field_file.name)


def retention_enforce(*, now=None) -> dict[str, int]:
    """Delete the rows that are older than their retention period
    (``settings.PRIVACY_RETENTION_DAYS``); returns how many rows each rule deleted."""
    now = now or timezone.now()
    deleted = {}
    for rule in retention_rules():
        days = settings.PRIVACY_RETENTION_DAYS.get(rule.key)
        if not days:
            continue
        cutoff = now - datetime.timedelta(days=days)
        count, _by_model = rule.model._default_manager.filter(
            **{f"{rule.date_field}__lt": cutoff}
        ).delete()
        deleted[rule.key] = count
    return deleted
