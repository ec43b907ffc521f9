"""Every interface string has its English translation, and the catalogues hold every string
the code uses (a new string without `make messages` and a translation fails here)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SKIP = {
    ".git",
    ".venv",
    ".cache",
    "node_modules",
    "test-artifacts",
    "media",
    "private",
    "staticfiles",
}


def _entries(po_file: Path) -> list[dict]:
    """msgid/msgstr entries of a .po file (no library needed for this much)."""
    entries, current, key = [], None, None
    for raw in [*po_file.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if current:
                entries.append(current)
            current, key = None, None
            continue
        if current is None:
            current = {"flags": "", "msgid": "", "msgid_plural": None, "msgstr": {}}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            key = ("msgid_plural",)
            current["msgid_plural"] = _unquote(line[len("msgid_plural ") :])
        elif line.startswith("msgid "):
            key = ("msgid",)
            current["msgid"] = _unquote(line[len("msgid ") :])
        elif line.startswith("msgstr["):
            index = int(line[len("msgstr[") : line.index("]")])
            key = ("msgstr", index)
            current["msgstr"][index] = _unquote(line[line.index("]") + 2 :])
        elif line.startswith("msgstr "):
            key = ("msgstr", 0)
            current["msgstr"][0] = _unquote(line[len("msgstr ") :])
        elif line.startswith('"') and key:
            if key[0] == "msgstr":
                current["msgstr"][key[1]] += _unquote(line)
            else:
                current[key[0]] += _unquote(line)
    return [entry for entry in entries if entry["msgid"]]


def _unquote(text: str) -> str:
    return text[1:-1].encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def _untranslated(po_file: Path, *, singular_needed: bool) -> list[str]:
    missing = []
    for entry in _entries(po_file):
        if "fuzzy" in entry["flags"]:
            missing.append(f"(fuzzy) {entry['msgid']}")
        elif entry["msgid_plural"] is not None:
            if not all(entry["msgstr"].values()):
                missing.append(entry["msgid"])
        elif singular_needed and not entry["msgstr"].get(0):
            missing.append(entry["msgid"])
    return missing


def test_english_catalogue_translates_every_string():
    missing = _untranslated(REPO / "locale/en/LC_MESSAGES/django.po", singular_needed=True)
    assert missing == [], f"{len(missing)} strings without English: {missing[:10]}"


def test_czech_catalogue_has_every_plural_form():
    # Czech msgids are the source text; only plural forms need all three Czech forms.
    missing = _untranslated(REPO / "locale/cs/LC_MESSAGES/django.po", singular_needed=False)
    assert missing == [], f"{len(missing)} Czech plurals incomplete: {missing[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_catalogues_hold_every_string_of_the_code(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, ignore=lambda folder, names: [n for n in names if n in SKIP])
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "-i",
            "tests",
            "--no-obsolete",
            "-v0",
        ],
        cwd=copy,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
    )
    extracted = {entry["msgid"] for entry in _entries(copy / "locale/en/LC_MESSAGES/django.po")}
    committed = {entry["msgid"] for entry in _entries(REPO / "locale/en/LC_MESSAGES/django.po")}
    new = sorted(extracted - committed)
    assert new == [], f"Run `make messages` and translate: {new[:10]}"
