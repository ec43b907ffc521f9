"""Rows of the authorization matrix for the roadmap (see tests/authorization.py).

The actors' organisation becomes the town "obec-akteru": its roadmap is public; the adviser
actor is assigned to it, so it (and administrators) may record; its members (learner, partner
member, moderator, adviser, admin all hold memberships there) may download the evidence file,
a person of another organisation and visitors may not (404: the file is private).
"""

from tests.authorization import everyone, signed_in

TOWN = "obec-akteru"

ROWS = {
    "(wagtail pages)": [
        (f"/pripadove-studie/obce/{TOWN}/cesta/", everyone(200), True),
        ("/pripadove-studie/obce/neexistuje/cesta/", everyone(404), True),
    ],
    "cesta/<slug:organisation>/<slug:milestone>/zapsat/": [
        (
            f"/cesta/{TOWN}/crisis-flat/zapsat/",
            {**signed_in(403, anonymous=302), "adviser": 200, "admin": 200},
            True,
        ),
        (f"/cesta/{TOWN}/neexistuje/zapsat/", signed_in(404, anonymous=302), True),
    ],
    "cesta/<slug:organisation>/<slug:milestone>/doklad/": [
        (
            f"/cesta/{TOWN}/crisis-flat/doklad/",
            {**everyone(200), "anonymous": 404, "other_organisation": 404},
            True,
        ),
        (f"/cesta/{TOWN}/housing-need-mapped/doklad/", everyone(404), True),
    ],
}


def prepare(people) -> None:
    from django.core.files.base import ContentFile

    from accounts.models import Organisation
    from roadmap.models import MunicipalityAdviser
    from tests.factories import milestone_record_create

    town = people["learner"].memberships.get().organisation
    Organisation.objects.filter(pk=town.pk).update(slug=TOWN)
    town.refresh_from_db()
    MunicipalityAdviser.objects.create(organisation=town, adviser=people["adviser"])
    record = milestone_record_create(
        town, "crisis-flat", "2023-01-01", evidence="Smlouva.", note="Interní poznámka."
    )
    record.evidence_file.save("doklad.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    record.evidence_filename = "doklad.pdf"
    record.evidence_content_type = "application/pdf"
    record.save()
    milestone_record_create(town, "housing-need-mapped", "2022-01-01", evidence="Bez souboru.")
