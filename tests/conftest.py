"""Fixtures and rules shared by the whole test suite.

* `elasticsearch` tests get a real node: ELASTICSEARCH_URL when set, otherwise the one that
  `scripts/elasticsearch start` provides; every run uses an index prefix of its own.
* `postgres` tests run only against PostgreSQL (DATABASE_URL=postgres://...).
* When the CI variable is set, a run in which those tests did not all run fails.
"""

import os
import subprocess
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parent.parent
ES_SCRIPT = REPO_ROOT / "scripts" / "elasticsearch"
ENFORCED_MARKERS = ("elasticsearch", "postgres")
RUN_ID = uuid.uuid4().hex[:8]

_outcomes: dict[str, Counter] = {marker: Counter() for marker in ENFORCED_MARKERS}


def _database_is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    skip_postgres = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords and not _database_is_postgres():
            item.add_marker(skip_postgres)


def pytest_runtest_logreport(report):
    for marker in ENFORCED_MARKERS:
        if marker in report.keywords and (report.when == "call" or report.skipped):
            _outcomes[marker][report.outcome] += 1


def pytest_sessionfinish(session, exitstatus):
    if not os.environ.get("CI") or session.config.option.collectonly:
        return
    problems = []
    for marker, outcomes in _outcomes.items():
        if outcomes["skipped"]:
            problems.append(f"{outcomes['skipped']} '{marker}' test(s) were skipped")
        if not outcomes["passed"] and not outcomes["failed"]:
            problems.append(f"no '{marker}' test ran")
    if problems:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "CI is set, but " + "; ".join(problems) + "."
        if reporter:
            reporter.ensure_newline()
            reporter.write_line(message, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def elasticsearch_url():
    """The URL of a real Elasticsearch node for this test session."""
    url = os.environ.get("ELASTICSEARCH_URL", "").strip()
    if url:
        yield url
        return
    result = subprocess.run([str(ES_SCRIPT), "start"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        pytest.skip(
            f"no Elasticsearch node: {lines[-1] if lines else 'scripts/elasticsearch failed'}"
        )
    yield result.stdout.strip().splitlines()[-1]
    # The node stays up for the next run (starting it costs ~20 s); `make es-stop` stops it.


@pytest.fixture(autouse=True)
def _search_engine_settings(request, settings):
    """Tests talk to Elasticsearch only when marked so; others use the database engine."""
    from search.client import _client

    _client.cache_clear()
    if request.node.get_closest_marker("elasticsearch"):
        settings.ELASTICSEARCH_URL = request.getfixturevalue("elasticsearch_url")
        settings.SEARCH_INDEX_PREFIX = f"test-{RUN_ID}"
    else:
        settings.ELASTICSEARCH_URL = ""
    yield
    _client.cache_clear()


@pytest.fixture
def es_client(elasticsearch_url, settings):
    """A client bound to the session's node; deletes this run's indices afterwards."""
    from search.client import get_client

    client = get_client()
    yield client
    # Deleting by wildcard is refused (action.destructive_requires_name): resolve names first.
    names = list(client.indices.get(index=f"test-{RUN_ID}-*", allow_no_indices=True))
    if names:
        client.indices.delete(index=",".join(names))


@pytest.fixture
def home_page(db):
    from tests.factories import home_page_create

    return home_page_create()


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth counts rate limits in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _czech_by_default():
    """Every test starts in Czech: a request under /en/ leaves English active in the thread."""
    from django.utils import translation

    with translation.override("cs"):
        yield


def _force_login_with_second_factor(original):
    """`client.force_login(user)` stands for a finished sign-in. allauth records how a session
    was opened (password, then the TOTP code); the 2FA middleware refuses sessions of advisers,
    moderators and admins without the second factor. Record both, as allauth's login does for
    a person with an authenticator (a person without one gets the password only)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.http import HttpRequest

    def force_login(self, user, backend=None):
        original(self, user, backend)
        request = HttpRequest()
        request.session = self.session
        record_authentication(request, user, "password", email=user.email)
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is not None:
            record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
        request.session.save()

    return force_login


@pytest.fixture(autouse=True, scope="session")
def _signed_in_sessions_used_the_second_factor():
    from django.test import Client

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "force_login", _force_login_with_second_factor(Client.force_login))
        yield
