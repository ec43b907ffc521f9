"""The page tree for `load_demo`: the home page as the root of the default site."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage

HOME_INTRO = (
    "Místo, kde obce a poradci sdílejí, co funguje při ukončování bezdomovectví a bytové "
    "nouze: příklady dobré praxe z českých měst, metodiky, kurzy Housing First a fórum "
    "partnerských obcí."
)
HOME_MISSION = (
    "<p>Síť sdružuje obce, které chtějí, aby nikdo v Česku nemusel žít bez domova "
    "nebo v bytové nouzi. Poradci pomáhají obcím zmapovat potřebu bydlení, nastavit krizové, "
    "sociální a dostupné bydlení, spustit programy Housing First a upravit pravidla pro "
    "přidělování obecních bytů tak, aby pomáhala těm, kdo to potřebují nejvíc.</p>"
    "<p>Výsledky jsou vidět: obce už zabydlely desítky domácností, často rodin s dětmi, "
    "a ukazuje se, že bydlení jako první krok funguje i v českých podmínkách.</p>"
)
SECTIONS = [
    (
        "Příklady dobré praxe",
        "Jak obce zabydlely rodiny a domácnosti v bytové nouzi a s jakými výsledky.",
    ),
    ("Znalostní báze", "Metodiky, návody, slovník pojmů a dokumenty ke stažení."),
    ("Kurzy", "Školení Housing First pro pracovníky obcí, vlastním tempem i ve skupinách."),
    ("Fórum partnerských obcí", "Co se povedlo a s čím si obce nevědí rady – sdílené mezi kolegy."),
]


def site_address() -> tuple[str, int]:
    """(hostname, port) of settings.SITE_URL, the port defaulting to the scheme's."""
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


@transaction.atomic
def load(*, stdout) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Bydlení v praxi", slug="uvod", intro=HOME_INTRO, mission=HOME_MISSION
        )
        for title, description in SECTIONS:
            home.sections.add(home.sections.model(title=title, description=description))
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("  home page created")
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Bydlení v praxi",
        )
        return home
    if (site.hostname, site.port) != (hostname, port):
        # Wagtail's own default says localhost:80; the demo serves at SITE_URL.
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Bydlení v praxi"
        site.save()
        # Wagtail's own placeholder page ("Welcome to your new Wagtail site!") goes away.
        if old_root.depth == 2 and not isinstance(old_root.specific, HomePage):
            old_root.delete()
    return home
