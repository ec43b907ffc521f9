"""Demo organisations and people for `load_demo`, from accounts/demo_content/.

The municipalities are the seven named in the project's source documents; populations are
rounded figures of the Czech Statistical Office. Nothing here invents quotes or people: the
demo users are fictional accounts with role names for e-mail addresses.
"""

import secrets

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import Organisation, User
from accounts.roles import ROLES_REQUIRING_TWO_FACTOR, Role
from accounts.services import membership_set
from core.demo_data import demo_file

NETWORK_SLUG = "platforma-pro-socialni-bydleni"


def demo_people() -> list[dict]:
    """The demo accounts of accounts/demo_content/people.toml (e-mail, names, role, organisation)."""
    return demo_file("accounts", "people")["people"]


def _activate_totp(user: User) -> str:
    """Give the demo account an authenticator so that the 2FA requirement can be met."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@transaction.atomic
def load(*, stdout) -> None:
    data = demo_file("accounts", "organisations")
    organisations = {}
    for item in data["organisations"]:
        population = item.get("population")
        organisation, created = Organisation.objects.get_or_create(
            slug=item["code"],
            defaults={
                "name": item["name"],
                "short_name": item["short_name"],
                "kind": item["kind"],
                "region": item.get("region", ""),
                "population": population,
                "population_year": data["population_year"] if population else None,
                "is_partner": item["is_partner"],
            },
        )
        organisations[organisation.slug] = organisation
        if created:
            stdout.write(f"  organisation {organisation.short_name}")

    for item in demo_people():
        email, role = item["email"], item["role"]
        if User.objects.filter(email=email).exists():
            stdout.write(f"  {email}: already exists, left as it is")
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            email,
            password,
            first_name=item["first_name"],
            last_name=item["last_name"],
            is_superuser=role == Role.ADMIN,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        membership_set(user=user, organisation=organisations[item["organisation"]], role=role)
        line = f"  {email} ({Role(role).label}): password {password}"
        if role in ROLES_REQUIRING_TWO_FACTOR:
            line += f", TOTP secret {_activate_totp(user)}"
        stdout.write(line)
