"""Demo content of the contact page, the privacy notice, the accessibility statement and the
forum's terms, from legal/demo_content/pages.toml. The texts describe what the platform really
does today; where a right is exercised by writing to the network, they say so."""

from django.db import transaction

from core.demo_data import demo_file
from home.models import HomePage
from legal.models import AccessibilityStatementPage, ContactPage, LegalPage


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    data = demo_file("legal", "pages")
    reviewed_on = data["reviewed_on"]
    contact = data["contact"]
    if not ContactPage.objects.exists():
        home.add_child(
            instance=ContactPage(
                title=contact["title"],
                slug=contact["slug"],
                intro=contact["intro"],
                address=contact["address"],
                recipient_email=contact["recipient_email"],
                live=True,
            )
        )
        stdout.write("  contact page created")
    privacy = data["privacy"]
    if not LegalPage.objects.filter(slug=privacy["slug"]).exists():
        home.add_child(
            instance=LegalPage(
                title=privacy["title"],
                slug=privacy["slug"],
                summary=privacy["summary"],
                body=privacy["body"],
                last_updated=reviewed_on,
                footer_label=privacy["footer_label"],
                live=True,
            )
        )
        stdout.write("  privacy notice created")
    statement = data["accessibility"]
    if not AccessibilityStatementPage.objects.exists():
        home.add_child(
            instance=AccessibilityStatementPage(
                title=statement["title"],
                slug=statement["slug"],
                operator_name=data["operator"],
                compliance=statement["compliance"],
                non_compliant_content=statement["non_compliant_content"],
                out_of_scope=statement["out_of_scope"],
                prepared_on=reviewed_on,
                method=statement["method"],
                assessment_description=statement["assessment_description"],
                last_reviewed_on=reviewed_on,
                feedback_email=statement["feedback_email"],
                feedback_text=statement["feedback_text"],
                enforcement=statement["enforcement"],
                live=True,
            )
        )
        stdout.write("  accessibility statement created")
    terms = data["forum_terms"]
    if not LegalPage.objects.filter(slug=terms["slug"]).exists():
        home.add_child(
            instance=LegalPage(
                title=terms["title"],
                slug=terms["slug"],
                summary=terms["summary"],
                body=terms["body"],
                last_updated=reviewed_on,
                live=True,
            )
        )
        stdout.write("  forum terms created")
