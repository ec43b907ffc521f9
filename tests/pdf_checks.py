"""Checks that a PDF is an accessible document (PDF/UA-1), for tests of every PDF we make.

    from tests.pdf_checks import assert_accessible_pdf
    assert_accessible_pdf(response.content, title="…", language="cs", text_in_order=["…", "…"])

Two layers:
* Always, with pypdf: the document is tagged (``/MarkInfo /Marked`` and a structure tree whose
  root holds elements), has a language and a title, tells viewers to show that title, and its
  text reads in the expected order.
* veraPDF's PDF/UA-1 profile (ISO 14289-1), when Java and Maven are on the machine:
  ``scripts/checkers verapdf`` fetches it once from Maven Central into ``.cache/verapdf/``.
  Without them the veraPDF layer is skipped, except when the ``CI`` variable is set: then a
  missing validator fails the test, so CI never silently checks less.
"""

import functools
import io
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO_ROOT = Path(__file__).resolve().parent.parent
CHECKERS = REPO_ROOT / "scripts" / "checkers"
VERAPDF_MAIN = "org.verapdf.apps.GreenfieldCliWrapper"
VERAPDF_TIMEOUT_S = 120


@functools.cache
def verapdf_classpath() -> str | None:
    """The veraPDF jar, fetched once per test session; None when Java or Maven is missing."""
    result = subprocess.run(
        [str(CHECKERS), "verapdf"], capture_output=True, text=True, check=False, cwd=REPO_ROOT
    )
    if result.returncode == 2:  # a missing prerequisite
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, but veraPDF is unavailable: {result.stderr.strip()}")
        return None
    if result.returncode != 0:
        pytest.fail(f"scripts/checkers verapdf failed: {result.stderr.strip()[-2000:]}")
    return result.stdout.strip()


def verapdf_failures(data: bytes) -> list[str] | None:
    """The PDF/UA-1 rules `data` breaks (empty when compliant), or None without veraPDF."""
    classpath = verapdf_classpath()
    if classpath is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [
                "java",
                "-cp",
                classpath,
                VERAPDF_MAIN,
                "--flavour",
                "ua1",
                "--format",
                "json",
                "--maxfailuresdisplayed",
                "1",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=VERAPDF_TIMEOUT_S,
        )
    try:
        report = json.loads(result.stdout)
        job = report["report"]["jobs"][0]
        validation = job["validationResult"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        pytest.fail(f"veraPDF gave no report (exit {result.returncode}): {result.stderr[-2000:]}")
    if validation["compliant"]:
        return []
    return [
        f"ISO 14289-1 {rule['clause']}/{rule['testNumber']}: {rule['description']} "
        f"({rule['failedChecks']}×"
        + (f"; {rule['checks'][0]['errorMessage']}" if rule.get("checks") else "")
        + ")"
        for rule in validation["details"]["ruleSummaries"]
        if rule["status"] == "failed"
    ]


def structure_problems(data: bytes, *, title=None, language=None, text_in_order=()) -> list[str]:
    """What pypdf can see of PDF/UA: tags, language, title, and the reading order of text."""
    problems = []
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    mark_info = catalog.get("/MarkInfo")
    if not (mark_info and bool(mark_info.get_object().get("/Marked"))):
        problems.append("not tagged: /MarkInfo /Marked is not true")
    tree = catalog.get("/StructTreeRoot")
    if tree is None or not tree.get_object().get("/K"):
        problems.append("no structure tree (/StructTreeRoot with elements)")
    lang = str(catalog.get("/Lang", "")).strip()
    if not lang:
        problems.append("no document language (/Lang)")
    elif language and lang.split("-")[0].lower() != language.lower():
        problems.append(f"document language is {lang!r}, expected {language!r}")
    doc_title = (reader.metadata.title if reader.metadata else None) or ""
    if not doc_title.strip():
        problems.append("no document title")
    elif title is not None and doc_title != title:
        problems.append(f"document title is {doc_title!r}, expected {title!r}")
    preferences = catalog.get("/ViewerPreferences")
    if not (preferences and bool(preferences.get_object().get("/DisplayDocTitle"))):
        problems.append("viewers are not told to show the title (/DisplayDocTitle)")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    position = 0
    for expected in text_in_order:
        found = text.find(" ".join(expected.split()), position)
        if found < 0:
            where = "at all" if text.find(expected) < 0 else "in this order"
            problems.append(f"text {expected!r} not found {where}")
        else:
            position = found + len(expected)
    return problems


def assert_accessible_pdf(data: bytes, *, title=None, language=None, text_in_order=()):
    """Fail unless `data` is a tagged PDF/UA-1 document (veraPDF when available).

    title, language: the expected document title and language (primary subtag, e.g. "cs");
    text_in_order: strings that must appear in the extracted text in this order.
    """
    assert data.startswith(b"%PDF"), "not a PDF document"
    problems = structure_problems(data, title=title, language=language, text_in_order=text_in_order)
    problems += verapdf_failures(data) or []
    if problems:
        pytest.fail(
            "The PDF is not an accessible document:\n" + "\n".join(f"  {p}" for p in problems),
            pytrace=False,
        )
