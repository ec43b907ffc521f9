"""Print the demo accounts again, with new passwords.

Passwords are stored only as hashes, so the ones `load_demo` showed cannot be shown again:
each run gives every demo account a new random password and prints it. The TOTP secret of
the roles that need two-factor authentication is read back from the account's authenticator.
"""

import secrets

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import demo_people
from accounts.models import User
from accounts.roles import Role

TOTP_HINT = (
    "Roles with a TOTP secret sign in with a code: add the secret to an authenticator app "
    "(or run `oathtool --totp -b SECRET`). `python manage.py demo_accounts` prints these "
    "accounts again, with new passwords."
)


def demo_accounts_reset() -> list[tuple[User, str, str, str | None]]:
    """(user, role label, new password, TOTP secret or None) for each demo account that exists."""
    people = demo_people()
    found = {
        user.email: user
        for user in User.objects.filter(email__in=[person["email"] for person in people])
    }
    secrets_by_user = {
        authenticator.user_id: decrypt(authenticator.data["secret"])
        for authenticator in Authenticator.objects.filter(
            user__in=found.values(), type=Authenticator.Type.TOTP
        )
    }
    accounts = []
    with transaction.atomic():
        for person in people:
            user = found.get(person["email"])
            if user is None:
                continue
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            accounts.append(
                (user, str(Role(person["role"]).label), password, secrets_by_user.get(user.pk))
            )
    return accounts


class Command(BaseCommand):
    help = "Give the demo accounts new passwords and print them (with the TOTP secrets)."

    def handle(self, *args, **options):
        accounts = demo_accounts_reset()
        if not accounts:
            self.stdout.write("No demo accounts yet: run `python manage.py load_demo` first.")
            return
        self.stdout.write(self.style.SUCCESS("Demo accounts (sign in at /ucet/login/):"))
        for user, role, password, totp_secret in accounts:
            line = f"  {user.email} ({role}): password {password}"
            if totp_secret:
                line += f", TOTP secret {totp_secret}"
            self.stdout.write(line)
        self.stdout.write(TOTP_HINT)
