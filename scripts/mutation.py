#!/usr/bin/env python
"""Mutation testing of the rules that matter, with cosmic-ray (`make mutation`).

Each module is mutated one change at a time (a comparison flipped, `and` for `or`, a number
or a boolean changed, a loop that runs zero times...) and the tests that guard it are run
against each mutant; a mutant that no test notices "survives". The score is the share killed.

    scripts/mutation.py                       every module below
    scripts/mutation.py accounts/services.py  only these
    scripts/mutation.py --report [modules]    the scores of the sessions already run

Sessions and reports live in .cache/mutation/ (git-ignored): `cr-report --show-output
.cache/mutation/<module>.sqlite` lists the survivors. The tests run on a SQLite test database
in a file, migrated once and reused (--reuse-db), one mutant at a time.
"""

import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "mutation"
BIN = Path(sys.executable).parent

# module -> the tests that guard it (run with -x: the first failure kills the mutant).
MODULES = {
    "accounts/permissions.py": ["tests/accounts/test_invitations.py"],
    "accounts/services.py": ["tests/accounts"],
    "courses/permissions.py": ["tests/courses"],
    "forum/permissions.py": ["tests/forum"],
    "kb/permissions.py": ["tests/kb/test_reviews.py", "tests/kb/test_articles.py"],
    "search/permissions.py": ["tests/search/test_indexing.py", "tests/search/test_views.py"],
    "courses/services.py": ["tests/courses"],
    "forum/services.py": ["tests/forum"],
    "casestudies/queries.py": ["tests/casestudies"],
    "casestudies/dashboard.py": ["tests/casestudies"],
    "search/pages.py": ["tests/search/test_indexing.py", "tests/search/test_views.py"],
    "search/outbox.py": ["tests/search"],
}

# Operators whose mutants say little about rules (bit shifts, powers, identity comparisons,
# arbitrary variable swaps). `|` and `&` stay: they combine Q objects.
EXCLUDED_OPERATORS = [
    r"core/ReplaceBinaryOperator_.*_(Pow|RShift|LShift|BitXor|FloorDiv|Mod)$",
    r"core/ReplaceBinaryOperator_(Pow|RShift|LShift|BitXor|FloorDiv|Mod)_.*",
    r"core/ReplaceBinaryOperator_(BitOr|BitAnd)_(Add|Sub|Mul|Div)$",
    r"core/ReplaceBinaryOperator_(Add|Sub|Mul|Div)_(BitOr|BitAnd)$",
    r"core/ReplaceComparisonOperator_.*_(Is|IsNot)$",
    r"core/ReplaceComparisonOperator_(Is|IsNot)_(Lt|LtE|Gt|GtE)$",
    r"core/ReplaceUnaryOperator_.*",
    r"core/VariableReplacer",
    r"core/VariableInserter",
]

PYTEST = (
    f"{BIN / 'python'} -m pytest -x -q -p no:randomly -p no:cacheprovider --reuse-db "
    '-m "not browser and not elasticsearch" --no-header -W ignore'
)


def _config(module: str, tests: list[str]) -> str:
    excluded = ", ".join(f'"{pattern}"' for pattern in EXCLUDED_OPERATORS)
    return f"""[cosmic-ray]
module-path = "{module}"
timeout = 300.0
excluded-modules = []
test-command = '{PYTEST} {" ".join(tests)}'

[cosmic-ray.distributor]
name = "local"

[cosmic-ray.filters.operators-filter]
exclude-operators = [{excluded}]
"""


def _run(*command: str) -> str:
    return subprocess.run(
        [str(part) for part in command], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


def mutate(module: str) -> dict:
    session = _session(module)
    config = session.with_suffix(".toml")
    config.write_text(_config(module, MODULES[module]))
    session.unlink(missing_ok=True)
    started, cpu_before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    _run(BIN / "cosmic-ray", "init", config, session)
    _run(BIN / "cr-filter-operators", session, config)
    _run(BIN / "cr-filter-pragma", session)
    _run(BIN / "cosmic-ray", "exec", config, session)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        **score(module),
        "wall": time.monotonic() - started,
        "cpu": (cpu_after.ru_utime - cpu_before.ru_utime)
        + (cpu_after.ru_stime - cpu_before.ru_stime),
    }


def _session(module: str) -> Path:
    return CACHE / f"{module.replace('/', '-').removesuffix('.py')}.sqlite"


def score(module: str) -> dict:
    """Mutants tried (the operators excluded above are not counted), survivors, score."""
    with sqlite3.connect(_session(module)) as db:
        outcomes = db.execute(
            "SELECT test_outcome FROM work_results WHERE worker_outcome != 'SKIPPED'"
        ).fetchall()
    mutants = len(outcomes)
    survived = sum(1 for (outcome,) in outcomes if outcome == "SURVIVED")
    return {
        "module": module,
        "mutants": mutants,
        "survived": survived,
        "score": 100.0 * (mutants - survived) / mutants if mutants else 100.0,
    }


def main(arguments: list[str]) -> int:
    report_only = "--report" in arguments
    modules = [argument for argument in arguments if argument != "--report"]
    unknown = [module for module in modules if module not in MODULES]
    if unknown:
        print(f"Not in scripts/mutation.py: {', '.join(unknown)}", file=sys.stderr)
        return 2
    modules = modules or list(MODULES)
    if report_only:
        print(f"{'module':32} {'mutants':>7} {'survived':>8} {'score':>6}")
        for module in modules:
            if _session(module).exists():
                row = score(module)
                print(f"{module:32} {row['mutants']:7} {row['survived']:8} {row['score']:5.1f}%")
        return 0
    CACHE.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("TEST_SQLITE_PATH", str(CACHE / "test.sqlite3"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CI", None)
    # Migrate the reusable test database once, and check that the tests pass unmutated.
    subprocess.run(
        f"{PYTEST} --create-db tests/accounts/test_roles.py", shell=True, cwd=ROOT, check=True
    )
    print(f"{'module':32} {'mutants':>7} {'survived':>8} {'score':>6} {'wall':>7} {'cpu':>7}")
    for module in modules:
        row = mutate(module)
        print(
            f"{row['module']:32} {row['mutants']:7} {row['survived']:8} {row['score']:5.1f}% "
            f"{row['wall']:6.0f}s {row['cpu']:6.0f}s",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
