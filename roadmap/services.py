"""Writes of the roadmap: an adviser records where a municipality stands with a milestone."""

from datetime import date

from django.db import transaction

from accounts.models import Organisation
from casestudies.models import CaseStudyPage
from roadmap.models import Milestone, MilestoneRecord
from search.outbox import outbox_add


@transaction.atomic
def milestone_record_set(
    *,
    organisation: Organisation,
    milestone: Milestone,
    status: str,
    recorded_by,
    reached_on: date | None = None,
    planned_on: date | None = None,
    evidence: str = "",
    evidence_file=None,
    evidence_filename: str = "",
    evidence_content_type: str = "",
    note: str = "",
) -> MilestoneRecord:
    """Create or update the municipality's record of `milestone`. A met milestone keeps its
    date and evidence; a planned one has no date of meeting. A new file replaces the old one
    (deleted after commit); without a new file the old one stays."""
    record = (
        MilestoneRecord.objects.select_for_update()
        .filter(organisation=organisation, milestone=milestone)
        .first()
    ) or MilestoneRecord(organisation=organisation, milestone=milestone)
    record.status = status
    record.reached_on = reached_on if status == MilestoneRecord.Status.MET else None
    record.planned_on = planned_on
    record.evidence = evidence.strip()
    record.note = note.strip()
    record.recorded_by = recorded_by
    old_file = None
    if evidence_file:
        if record.evidence_file:
            old_file = record.evidence_file.name
        record.evidence_file.save(evidence_filename, evidence_file, save=False)
        record.evidence_filename = evidence_filename
        record.evidence_content_type = evidence_content_type
    record.full_clean()
    record.save()
    # The town's case studies show its milestones in search too.
    outbox_add(
        f"casestudies.casestudypage:{pk}"
        for pk in CaseStudyPage.objects.live()
        .filter(organisation=organisation)
        .values_list("pk", flat=True)
    )
    if old_file:
        storage = record.evidence_file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return record
