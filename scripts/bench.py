"""`make bench`: how long the key pages take and how many SQL queries they make.

Builds a throw-away SQLite database with the demo content (plus extra rows, so that lists are
long), then requests each page repeatedly in-process with Django's test client and prints the
median and 95th percentile time and the query count. Numbers are for comparing one commit
with the next on the same machine, not absolute truths; tests never assert on time.
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.pop("ELASTICSEARCH_URL", None)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())

    from accounts.models import Invitation, User

    adviser = User.objects.get(email="poradce@demo.example")
    for number in range(200):
        Invitation.objects.create(
            email=f"bench{number}@example.org",
            organisation=adviser.memberships.first().organisation,
            role="learner",
            invited_by=adviser,
        )

    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(adviser)
    pages = [
        ("home (cs)", anonymous, "/"),
        ("home (en)", anonymous, "/en/"),
        ("sign-up form", anonymous, "/ucet/signup/"),
        ("healthz", anonymous, "/healthz"),
        ("sitemap.xml", anonymous, "/sitemap.xml"),
        ("profile, 200 invitations", signed_in, "/ucet/profil/"),
        ("case studies list", anonymous, "/pripadove-studie/"),
        ("outcomes dashboard", anonymous, "/pripadove-studie/vysledky/"),
        ("case studies API", anonymous, "/api/v1/case-studies/"),
        ("municipalities API", anonymous, "/api/v1/municipalities/"),
        ("knowledge base", anonymous, "/znalosti/"),
        ("article", anonymous, "/znalosti/krizove-socialni-dostupne-bydleni/krizove-bydleni/"),
        ("glossary", anonymous, "/znalosti/slovnik/"),
        ("document library", anonymous, "/znalosti/dokumenty/?druh=template"),
        ("courses", anonymous, "/kurzy/"),
        ("forum", anonymous, "/forum/"),
        ("search (database engine)", anonymous, "/search/?q=krizovy+byt"),
        ("search API", anonymous, "/api/search/?q=bydleni+rodin+s+detmi"),
    ]
    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for label, client, path in pages:
        client.get(path)  # warm caches and templates
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{label:<28}{statistics.median(timings):>10.1f}{p95:>10.1f}{len(queries):>9}")


if __name__ == "__main__":
    main()
