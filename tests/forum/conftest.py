import pytest


@pytest.fixture(autouse=True)
def _forum_attachments_in_tmp(settings, tmp_path):
    settings.FORUM_ATTACHMENT_ROOT = str(tmp_path / "forum-attachments")
