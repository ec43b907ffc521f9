"""factory_boy factories for every model of the project."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from wagtail.models import Page

from accounts.models import Invitation, Membership, Organisation, User
from accounts.regions import Region
from accounts.roles import Role
from core.models import HomePage, HomePageSection

TEST_PASSWORD = "správné-heslo-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Město Testov {n}")
    short_name = factory.Sequence(lambda n: f"Testov {n}")
    slug = factory.Sequence(lambda n: f"testov-{n}")
    kind = Organisation.Kind.MUNICIPALITY
    region = Region.VYSOCINA
    population = 30_000
    is_partner = True


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified e-mail address (so allauth lets them log in)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"clovek{n}@example.org")
    first_name = "Jana"
    last_name = factory.Sequence(lambda n: f"Nováková {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.LEARNER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"pozvany{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PARTNER_MEMBER
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))


def user_with_role(
    role: str, *, organisation: Organisation | None = None, two_factor: bool = True
) -> User:
    """A person holding `role` in `organisation` (a new one when not given).

    Roles that require two-factor authentication get an authenticator unless `two_factor=False`.
    """
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from accounts.roles import ROLES_REQUIRING_TWO_FACTOR

    membership = MembershipFactory(role=role, organisation=organisation or OrganisationFactory())
    user = membership.user
    if two_factor and role in ROLES_REQUIRING_TWO_FACTOR:
        TOTP.activate(user, generate_totp_secret())
    return user


def home_page_create(**kwargs) -> HomePage:
    """The home page as the root of the default site (what `load_demo` builds)."""
    from wagtail.models import Site

    root = Page.get_first_root_node()
    home = HomePage(
        title=kwargs.pop("title", "Bydlení v praxi"), slug=kwargs.pop("slug", "uvod"), **kwargs
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


class HomePageSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomePageSection

    title = factory.Sequence(lambda n: f"Část {n}")
    description = "Popis části webu."
