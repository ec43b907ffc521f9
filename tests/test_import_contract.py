"""The import contract ([tool.importlinter] in pyproject.toml, docs/ARCHITECTURE.md) holds,
so `make test` fails on a forbidden import as `make lint` does."""

import tomllib
from pathlib import Path

from django.conf import settings
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parent.parent


def _contract() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_every_project_app_is_under_the_contract():
    local_apps = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    contract = _contract()
    layers = next(c for c in contract["contracts"] if c["type"] == "layers")["layers"]
    layered = {name.strip() for layer in layers for name in layer.split("|")}
    assert local_apps <= set(contract["root_packages"])
    assert set(contract["root_packages"]) == layered


def test_no_import_breaks_the_contract(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True, no_logo=True) == EXIT_STATUS_SUCCESS
