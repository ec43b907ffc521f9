"""factory_boy factories for every model of the project.

Pages are added with `publish_page`: a live page is saved once, without a revision, and
`page_published` is sent as Wagtail's publish would (the search outbox listens to it): a
third of the time and queries of `save_revision().publish()`. A test about revisions,
drafts with changes or the history of a page asks for them with `revisions=True` or
wraps its builders in `with page_revisions():`.
"""

import contextlib

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from wagtail.models import Page

from accounts.models import Invitation, Membership, Organisation, User
from accounts.regions import Region
from accounts.roles import Role
from home.models import HomePage, HomePageSection

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


_revisions_by_default = False


@contextlib.contextmanager
def page_revisions():
    """Inside this block every page builder publishes through a revision, as an editor does."""
    global _revisions_by_default
    previous, _revisions_by_default = _revisions_by_default, True
    try:
        yield
    finally:
        _revisions_by_default = previous


def publish_page(parent: Page, page: Page, *, live: bool = True, revisions: bool | None = None):
    """Add `page` under `parent`, live (published) or as a draft.

    Without revisions (the default), a live page is saved with its publication dates set and
    `page_published` is sent, a draft is saved with `live=False`. With revisions, the page
    gets a revision that is published (live) or left as the draft."""
    from wagtail.signals import page_published

    if revisions is None:
        revisions = _revisions_by_default
    if revisions:
        parent.add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish()
        elif page.live:
            page.live = False
            page.save(update_fields=["live"])
        return page
    page.live = live
    page.has_unpublished_changes = not live
    if live:
        now = timezone.now()
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
    parent.add_child(instance=page)
    if live:
        page_published.send(sender=page.specific_class, instance=page, revision=None)
    return page


def home_page_create(**kwargs) -> HomePage:
    """The home page as the root of the default site (what `load_demo` builds)."""
    from wagtail.models import Site

    root = Page.get_first_root_node()
    home = HomePage(
        title=kwargs.pop("title", "Bydlení v praxi"), slug=kwargs.pop("slug", "uvod"), **kwargs
    )
    publish_page(root, home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


class HomePageSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomePageSection

    title = factory.Sequence(lambda n: f"Část {n}")
    description = "Popis části webu."


# --- case studies -----------------------------------------------------------------------


def topic(slug: str):
    """A topic of the shared taxonomy (seeded by core's migration, or created)."""
    from core.models import Topic

    return Topic.objects.get_or_create(
        slug=slug, defaults={"name": slug.replace("-", " ").title()}
    )[0]


def indicator(slug: str):
    from casestudies.models import IndicatorDefinition

    return IndicatorDefinition.objects.get(slug=slug)


def milestone(slug: str):
    from roadmap.models import Milestone

    return Milestone.objects.get(slug=slug)


def milestone_record_create(organisation, slug: str, reached_on: str | None = None, **fields):
    """A roadmap record: met on `reached_on` ("YYYY-MM-DD"), or planned without it."""
    from datetime import date

    from roadmap.models import MilestoneRecord

    return MilestoneRecord.objects.create(
        organisation=organisation,
        milestone=milestone(slug),
        status=MilestoneRecord.Status.MET if reached_on else MilestoneRecord.Status.PLANNED,
        reached_on=date.fromisoformat(reached_on) if reached_on else None,
        **fields,
    )


def case_study_index_create(home=None):
    """The case-study index under the home page (created once)."""
    from casestudies.models import CaseStudyIndexPage

    existing = CaseStudyIndexPage.objects.first()
    if existing is not None:
        return existing
    home = home or HomePage.objects.first() or home_page_create()
    index_page = CaseStudyIndexPage(title="Příklady dobré praxe", slug="pripadove-studie")
    return publish_page(home, index_page)


def case_study_create(
    *,
    organisation=None,
    title=None,
    values=(),
    milestones=(),
    topics=(),
    live=True,
    period_start="2020-01-01",
    period_end=None,
    **fields,
):
    """A case study page. `values`: (indicator slug, value, "YYYY-MM-DD"); `milestones`:
    (milestone slug, "YYYY-MM-DD") met by its municipality (roadmap records, kept at the
    earliest date); `topics`: topic slugs. Published unless live=False."""
    from datetime import date
    from decimal import Decimal

    from casestudies.models import CaseStudyIndicatorValue, CaseStudyPage
    from roadmap.models import MilestoneRecord

    index_page = case_study_index_create()
    organisation = organisation or OrganisationFactory()
    page = CaseStudyPage(
        title=title or f"Dobrá praxe: {organisation.short_name}",
        organisation=organisation,
        period_start=date.fromisoformat(period_start),
        period_end=date.fromisoformat(period_end) if period_end else None,
        summary=fields.pop(
            "summary", f"Jak {organisation.short_name} zabydlela domácnosti v bytové nouzi."
        ),
        **fields,
    )
    for slug, value, measured_on in values:
        page.indicator_values.add(
            CaseStudyIndicatorValue(
                indicator=indicator(slug),
                value=Decimal(str(value)),
                measured_on=date.fromisoformat(measured_on),
            )
        )
    for slug, reached_on in milestones:
        record = MilestoneRecord.objects.filter(
            organisation=organisation, milestone=milestone(slug)
        ).first()
        if record is None:
            milestone_record_create(organisation, slug, reached_on)
        elif record.reached_on and record.reached_on > date.fromisoformat(reached_on):
            record.reached_on = date.fromisoformat(reached_on)
            record.save()
    page.topics = [topic(slug) for slug in topics]
    return publish_page(index_page, page, live=live)


class TestimonialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "casestudies.Testimonial"

    quote = "Ukázkový citát pro testy."
    person_name = factory.Sequence(lambda n: f"Osoba {n}")
    person_role = "pracovnice sociálního odboru"
