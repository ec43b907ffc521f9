"""Small helpers for reading settings from the environment."""

import os


def env(name: str, default: str = "") -> str:
    """Return the variable ``name`` stripped of surrounding white space, or ``default``."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Split a comma-separated variable into a list, dropping empty items."""
    return [item.strip() for item in env(name, default).split(",") if item.strip()]
