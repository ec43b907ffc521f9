"""Rows of the authorization matrix for forum (see tests/authorization.py)."""

ROWS: dict[str, list] = {}


def prepare(people) -> None:
    """Create the objects the rows address; `people` maps each actor to a user (or None)."""
