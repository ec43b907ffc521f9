"""Reading the demo content's data files (`<app>/demo_content/*.toml`) for `load_demo`.

Each app's `demo.py` keeps the loading logic; its texts, figures and records live in TOML files
beside it, read with the standard library's `tomllib`. Records are keyed by stable ASCII codes
(slugs, e-mail addresses), which is how one app's files name another's records. The format is
described in docs/DEMO.md.
"""

import tomllib
from importlib.resources import files
from typing import Any

DIRECTORY = "demo_content"


def demo_file(package: str, name: str) -> dict[str, Any]:
    """The parsed `<package>/demo_content/<name>.toml`."""
    return tomllib.loads((files(package) / DIRECTORY / f"{name}.toml").read_text(encoding="utf-8"))


def demo_files(package: str, folder: str, codes: list[str] | None = None) -> dict[str, dict]:
    """The parsed `<package>/demo_content/<folder>/<code>.toml` files, keyed by code (the file
    name without `.toml`): those of `codes` in that order, or every file by name."""
    directory = files(package) / DIRECTORY / folder
    if codes is None:
        codes = sorted(
            entry.name.removesuffix(".toml")
            for entry in directory.iterdir()
            if entry.name.endswith(".toml")
        )
    return {
        code: tomllib.loads((directory / f"{code}.toml").read_text(encoding="utf-8"))
        for code in codes
    }
