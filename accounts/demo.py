"""Demo organisations and people for `load_demo`.

The municipalities are the seven named in the project's source documents; populations are
rounded figures of the Czech Statistical Office. Nothing here invents quotes or people: the
demo users are fictional accounts with role names for e-mail addresses.
"""

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import Organisation, User
from accounts.regions import Region
from accounts.roles import ROLES_REQUIRING_TWO_FACTOR, Role
from accounts.services import membership_set

NETWORK_SLUG = "platforma-pro-socialni-bydleni"


# The year the demo populations (rounded CSU figures) refer to.
DEMO_POPULATION_YEAR = 2024


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    short_name: str
    kind: str
    region: str
    population: int | None
    is_partner: bool


ORGANISATIONS = [
    DemoOrganisation(
        NETWORK_SLUG,
        "Platforma pro sociální bydlení",
        "Platforma",
        Organisation.Kind.NGO,
        "",
        None,
        False,
    ),
    DemoOrganisation(
        "jihlava",
        "Statutární město Jihlava",
        "Jihlava",
        Organisation.Kind.MUNICIPALITY,
        Region.VYSOCINA,
        54_000,
        True,
    ),
    DemoOrganisation(
        "liberec",
        "Statutární město Liberec",
        "Liberec",
        Organisation.Kind.MUNICIPALITY,
        Region.LIBERECKY,
        108_000,
        True,
    ),
    DemoOrganisation(
        "praha",
        "Hlavní město Praha",
        "Praha",
        Organisation.Kind.MUNICIPALITY,
        Region.PRAHA,
        1_380_000,
        True,
    ),
    DemoOrganisation(
        "praha-10",
        "Městská část Praha 10",
        "Praha 10",
        Organisation.Kind.CITY_DISTRICT,
        Region.PRAHA,
        112_000,
        True,
    ),
    DemoOrganisation(
        "trutnov",
        "Město Trutnov",
        "Trutnov",
        Organisation.Kind.MUNICIPALITY,
        Region.KRALOVEHRADECKY,
        29_500,
        True,
    ),
    DemoOrganisation(
        "pisek",
        "Město Písek",
        "Písek",
        Organisation.Kind.MUNICIPALITY,
        Region.JIHOCESKY,
        31_000,
        True,
    ),
    DemoOrganisation(
        "ostrava",
        "Statutární město Ostrava",
        "Ostrava",
        Organisation.Kind.MUNICIPALITY,
        Region.MORAVSKOSLEZSKY,
        284_000,
        False,
    ),
]


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str
    organisation_slug: str


USERS = [
    DemoUser("studujici@demo.example", "Alena", "Studující", Role.LEARNER, "trutnov"),
    DemoUser("partner@demo.example", "Petr", "Partnerský", Role.PARTNER_MEMBER, "jihlava"),
    DemoUser("poradce@demo.example", "Radka", "Poradní", Role.ADVISER, NETWORK_SLUG),
    DemoUser("moderator@demo.example", "Marek", "Moderátor", Role.MODERATOR, NETWORK_SLUG),
    DemoUser("spravce@demo.example", "Simona", "Správcová", Role.ADMIN, NETWORK_SLUG),
]


def _activate_totp(user: User) -> str:
    """Give the demo account an authenticator so that the 2FA requirement can be met."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@transaction.atomic
def load(*, stdout) -> None:
    organisations = {}
    for item in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            slug=item.slug,
            defaults={
                "name": item.name,
                "short_name": item.short_name,
                "kind": item.kind,
                "region": item.region,
                "population": item.population,
                "population_year": DEMO_POPULATION_YEAR if item.population else None,
                "is_partner": item.is_partner,
            },
        )
        organisations[item.slug] = organisation
        if created:
            stdout.write(f"  organisation {organisation.short_name}")

    for item in USERS:
        if User.objects.filter(email=item.email).exists():
            stdout.write(f"  {item.email}: already exists, left as it is")
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            item.email,
            password,
            first_name=item.first_name,
            last_name=item.last_name,
            is_superuser=item.role == Role.ADMIN,
        )
        EmailAddress.objects.create(user=user, email=item.email, verified=True, primary=True)
        membership_set(
            user=user, organisation=organisations[item.organisation_slug], role=item.role
        )
        line = f"  {item.email} ({Role(item.role).label}): password {password}"
        if item.role in ROLES_REQUIRING_TWO_FACTOR:
            line += f", TOTP secret {_activate_totp(user)}"
        stdout.write(line)
