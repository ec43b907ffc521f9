"""A rebuild runs Python's garbage collector less (search.indexing._fewer_collections) and
leaves it as it found it."""

import gc
from datetime import date

import pytest

import search.indexing
from search.documents import SearchDocument
from search.indexing import REBUILD_GC_THRESHOLD, rebuild
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


def _documents(seen: list):
    seen.append((gc.get_threshold()[0], gc.get_freeze_count()))
    yield SearchDocument(
        key="kb.articlepage:1",
        kind="article",
        title="Krizové bydlení",
        url="/a/",
        body="Obec nabízí byty.",
        date=date(2026, 1, 1),
    )


def test_a_rebuild_collects_less_and_restores_the_collector(monkeypatch):
    seen = []
    monkeypatch.setattr(search.indexing, "all_documents", lambda: _documents(seen))
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    rebuild()
    assert seen[0][0] == REBUILD_GC_THRESHOLD and seen[0][1] > 0  # what existed is frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert SearchEntry.objects.filter(key="kb.articlepage:1").exists()


def test_a_rebuild_leaves_what_its_caller_froze_frozen(monkeypatch):
    seen = []
    monkeypatch.setattr(search.indexing, "all_documents", lambda: _documents(seen))
    gc.freeze()  # as config/wsgi.py does
    try:
        rebuild()
        assert seen[0][0] == REBUILD_GC_THRESHOLD
        assert gc.get_freeze_count() > 0  # not unfrozen
    finally:
        gc.unfreeze()


def test_a_failed_rebuild_restores_the_collector(monkeypatch):
    def failing():
        raise RuntimeError("source failed")
        yield

    monkeypatch.setattr(search.indexing, "all_documents", failing)
    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        rebuild()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
