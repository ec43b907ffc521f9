"""Behaviour that only PostgreSQL shows: row locks and database-level constraints."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import Membership, Organisation, User
from accounts.services import InvitationError, invitation_accept
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 130000


@pytest.mark.django_db
def test_partner_since_without_partnership_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="Obec",
            short_name="Obec",
            slug="obec",
            region="CZ010",
            is_partner=False,
            partner_since="2020-01-01",
        )


@pytest.mark.django_db
def test_email_unique_ignoring_case_in_the_database():
    UserFactory(email="jana@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="Jana@Example.org")])


# serialized_rollback: the flush after this test must not take the rows that migrations
# created (Wagtail's root page, role groups) from the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_invitation_accepted_twice_at_once_makes_one_membership():
    invitation = InvitationFactory()
    user = UserFactory(email=invitation.email)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        barrier.wait()
        try:
            invitation_accept(token=invitation.token, user=user)
            outcomes.append("accepted")
        except InvitationError as error:
            outcomes.append(error.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes, key=str) == [410, "accepted"]
    assert Membership.objects.filter(user=user).count() == 1
