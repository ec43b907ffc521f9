"""Fixtures and rules shared by the whole test suite.

* `elasticsearch` tests get a real node: ELASTICSEARCH_URL when set, otherwise the one that
  `scripts/elasticsearch start` provides; every run uses an index prefix of its own.
* `postgres` tests run only against PostgreSQL (DATABASE_URL=postgres://...).
* When the CI variable is set, a run in which those tests did not all run fails (also across
  pytest-xdist workers; a marker left out by `-m` is not expected to run).
* `es_node_restart` tests stop and start the node of `scripts/elasticsearch`: with
  ELASTICSEARCH_URL (a node this run does not manage) they are deselected, not skipped.
* `demo_site` is the demo content (`load_demo`) loaded once per test process; tests that use it
  run last, each inside its own savepoint, so what one changes the next does not see.
* `module_db` builds what a whole module reads once, in a transaction rolled back after the
  module (see `tests/test_authorization_matrix.py`).
* Wagtail's reference index is not updated in tests (see config/settings/test.py).
"""

import contextlib
import io
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
    if os.environ.get("ELASTICSEARCH_URL", "").strip():
        unmanaged = [item for item in items if "es_node_restart" in item.keywords]
        if unmanaged:
            config.hook.pytest_deselected(items=unmanaged)
            items[:] = [item for item in items if item not in unmanaged]
    for item in items:
        if "postgres" in item.keywords and not _database_is_postgres():
            item.add_marker(skip_postgres)
    # pytest-django has ordered the tests as Django does: database tests in a transaction,
    # then transactional ones (which flush the database), then the rest. The demo stays loaded
    # from the first test that asks for it until the first test that does not: those tests
    # go last among the first group (xdist hands each worker its tests in this order).
    items.sort(key=_order)


def _order(item) -> float:
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )
    if transactional:
        return 1
    if "demo_site" in fixtures:
        return 0.5
    # Tests reading a module's shared world (module_db) need the migrations' rows as much as
    # any database test: they must run before a transactional test flushes them.
    if marker or "db" in fixtures or "module_db" in fixtures:
        return 0
    return 2


def pytest_runtest_logreport(report):
    for marker in ENFORCED_MARKERS:
        if marker in report.keywords and (report.when == "call" or report.skipped):
            _outcomes[marker][report.outcome] += 1


def _selected_by_markexpr(config, marker: str) -> bool:
    """Whether `-m` lets a test with only this marker run (no `-m` lets everything run)."""
    from _pytest.mark.expression import Expression

    markexpr = config.option.markexpr
    if not markexpr:
        return True
    return Expression.compile(markexpr).evaluate(lambda name, **kwargs: name == marker)


def pytest_sessionfinish(session, exitstatus):
    # xdist workers report every test to the controller, which counts them all.
    if hasattr(session.config, "workerinput"):
        return
    if not os.environ.get("CI") or session.config.option.collectonly:
        return
    problems = []
    for marker, outcomes in _outcomes.items():
        if outcomes["skipped"]:
            problems.append(f"{outcomes['skipped']} '{marker}' test(s) were skipped")
        wanted = _selected_by_markexpr(session.config, marker)
        if wanted and not outcomes["passed"] and not outcomes["failed"]:
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """core.locales reads the Locale rows once per process: read them as soon as the test
    database exists, so that query counts do not depend on which test ran first."""
    from core import locales

    with django_db_blocker.unblock():
        locales._locale_ids.cache_clear()
        locales._locale_ids()
    yield


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


@pytest.fixture(scope="session", autouse=True)
def _no_wagtail_reference_index():
    """Wagtail's "usage" index is rebuilt on every save of a tracked model; no page of the
    site reads it, so tests skip it (−30 % of a page save). See `wagtail_reference_index`."""
    from wagtail.signal_handlers import reference_index_auto_update_disabled

    reference_index_auto_update_disabled.value = True
    yield
    with contextlib.suppress(AttributeError):
        del reference_index_auto_update_disabled.value


@pytest.fixture
def wagtail_reference_index():
    """For a test about Wagtail's usage counts: the reference index is kept up to date."""
    from wagtail.signal_handlers import reference_index_auto_update_disabled

    reference_index_auto_update_disabled.value = False
    yield
    reference_index_auto_update_disabled.value = True


@contextlib.contextmanager
def _outside_any_test(django_db_blocker):
    """Database access for a fixture wider than one test, in a transaction rolled back at its
    end, with the settings of a test that does not use Elasticsearch."""
    from django.db import transaction
    from django.test import override_settings
    from django.utils import translation

    from search.client import _client

    with (
        django_db_blocker.unblock(),
        override_settings(ELASTICSEARCH_URL=""),
        translation.override("cs"),
        transaction.atomic(),
    ):
        _client.cache_clear()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            _client.cache_clear()


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """Call in a module-scoped fixture to build data shared by the module's tests:

        @pytest.fixture(scope="module")
        def world(module_db):
            with module_db():
                yield build_world()

    The data lives in a transaction that is rolled back after the module; each test runs in a
    savepoint inside it (tests must still ask for `db`)."""
    return lambda: _outside_any_test(django_db_blocker)


_demo = {"loaded": None, "unloaded": False}


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker):
    from django.core.management import call_command
    from django.test import TestCase

    output = io.StringIO()
    stack = contextlib.ExitStack()
    stack.enter_context(_outside_any_test(django_db_blocker))
    # Text extraction and the search outbox run on commit, as after a real `load_demo`.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("load_demo", stdout=output)
    _demo["loaded"] = stack
    yield output.getvalue()
    _unload_demo()


def _unload_demo():
    stack, _demo["loaded"] = _demo["loaded"], None
    if stack is not None:
        _demo["unloaded"] = True
        stack.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """The first test after the demo tests that does not ask for the demo rolls it back (a
    transactional test must not run inside its transaction)."""
    if _demo["loaded"] is not None and "demo_site" not in item.fixturenames:
        _unload_demo()


@pytest.fixture
def demo_site(_demo_loaded, db):
    """The demo content, loaded once per test process; returns what `load_demo` printed."""
    if _demo["unloaded"]:
        pytest.fail("The demo was rolled back before this test: demo tests must run together.")
    return _demo_loaded
