"""Content-Security-Policy and Permissions-Policy on every response: the site's pages run
only the site's own static JavaScript and CSS; the admin has its own, looser policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from accounts.roles import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/", 200),
        ("/en/", 200),
        ("/ucet/login/", 200),
        ("/forum/", 200),
        ("/search/?q=byt", 200),
        ("/neexistujici-stranka/", 404),
        ("/?" + "&".join(f"p{n}=x" for n in range(1_001)), 400),
    ],
)
def test_site_pages_allow_only_own_scripts_and_styles(client, home_page, address, status):
    response = client.get(address)
    assert response.status_code == status
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_admin_has_its_own_looser_policy(client, home_page):
    client.force_login(user_with_role(Role.ADVISER))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"


@pytest.mark.parametrize("address", ["/", "/admin/login/", "/healthz", "/robots.txt"])
def test_permissions_policy_switches_off_unused_features(client, home_page, address):
    policy = client.get(address)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_downloads_get_no_content_security_policy(client, home_page):
    """A policy on a PDF would stop the browser's PDF viewer; downloads are not HTML."""
    response = client.get("/robots.txt")
    assert "Content-Security-Policy" not in response
    assert "camera=()" in response["Permissions-Policy"]


def test_503_page_carries_the_headers_too(client, home_page, monkeypatch):
    from django.db import OperationalError

    from home.models import HomePage

    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(HomePage, "get_context", fail)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_site_templates_have_no_inline_script_or_style():
    """What the policy would block: a <script> without src, <style>, style= or on…= handlers."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    # templates/pdf/ are rendered by WeasyPrint into PDFs, never served to a browser.
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).parts[0] != "pdf"
        for match in inline.finditer(path.read_text(encoding="utf-8"))
        if 'type="application/json"' not in match.group(0)
    ]
    assert offenders == []
