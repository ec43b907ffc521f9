"""Actors and status helpers shared by the authorization matrix and the apps' rows.

Each content app keeps its rows in `tests/<app>/authorization.py`:

    ROWS = {"route pattern": [(address, {actor: status}, localised), ...]}
    def prepare(people): ...   # creates what the rows address; `people` maps actor -> user

`tests/test_authorization_matrix.py` merges them into one matrix.
"""

ACTORS = (
    "anonymous",
    "learner",
    "partner_member",
    "adviser",
    "moderator",
    "admin",
    "other_organisation",
)


def everyone(status):
    return dict.fromkeys(ACTORS, status)


def signed_in(status, *, anonymous):
    return {**dict.fromkeys(ACTORS, status), "anonymous": anonymous}


STAFF_ONLY = {**everyone(302), "adviser": 200, "moderator": 200, "admin": 200}
