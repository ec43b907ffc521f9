"""The page tree for `load_demo`: the home page (home/demo_content/home.toml) as the root of
the default site."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from core.demo_data import demo_file
from home.models import HomePage


def site_address() -> tuple[str, int]:
    """(hostname, port) of settings.SITE_URL, the port defaulting to the scheme's."""
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


@transaction.atomic
def load(*, stdout) -> HomePage:
    data = demo_file("home", "home")["home"]
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=data["title"], slug=data["slug"], intro=data["intro"], mission=data["mission"]
        )
        for section in data["sections"]:
            home.sections.add(
                home.sections.model(title=section["title"], description=section["description"])
            )
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
            site_name=data["site_name"],
        )
        return home
    if (site.hostname, site.port) != (hostname, port):
        # Wagtail's own default says localhost:80; the demo serves at SITE_URL.
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    if site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = data["site_name"]
        site.save()
        # Wagtail's own placeholder page ("Welcome to your new Wagtail site!") goes away.
        if old_root.depth == 2 and not isinstance(old_root.specific, HomePage):
            old_root.delete()
    return home
