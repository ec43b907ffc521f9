"""Rows of the authorization matrix for the case-study open-data API (see
tests/authorization.py). Everything is public and read-only; bad pagination is a 400 and other
methods than GET a 405 (tests/casestudies/test_api.py, test_open_data.py)."""

from tests.authorization import everyone

ROWS = {
    "api/v1/case-studies/": [
        ("/api/v1/case-studies/", everyone(200), False),
        ("/api/v1/case-studies/?page=0", everyone(400), False),
    ],
    "api/v1/municipalities/": [("/api/v1/municipalities/", everyone(200), False)],
    "api/v1/datapackage.json": [("/api/v1/datapackage.json", everyone(200), False)],
    "api/v1/openapi.json": [("/api/v1/openapi.json", everyone(200), False)],
}


def prepare(people) -> None:
    """The API needs no data of its own: an empty list is a complete answer."""
