"""The indicators and milestones the network compares municipalities by.

Advisers extend both catalogues in the admin (Úryvky → Ukazatele, Milníky).
"""

from django.db import migrations

INDICATORS = [
    ("households-housed", "Zabydlené domácnosti", "households", True, 10,
     "Domácnosti, které z bytové nouze získaly byt se smlouvou (celkem od začátku programu)."),
    ("families-with-children-housed", "Z toho rodiny s dětmi", "households", True, 20,
     "Kolik ze zabydlených domácností jsou rodiny s nezletilými dětmi."),
    ("flats-provided", "Poskytnuté byty", "flats", True, 30,
     "Byty, které obec pro program vyčlenila (krizové, sociální, dostupné i Housing First)."),
    ("programme-months", "Měsíce běhu programu", "months", False, 40,
     "Kolik měsíců program běží ke dni měření."),
    ("tenancy-sustainment-12m", "Udržení bydlení po 12 měsících", "percent", False, 50,
     "Podíl zabydlených domácností, které po roce stále bydlí (v procentech)."),
    ("people-in-housing-need-mapped", "Zmapovaní lidé v bytové nouzi", "people", True, 60,
     "Lidé v bytové nouzi, které obec sečetla při mapování (například registračním týdnem)."),
]

MILESTONES = [
    ("housing-need-mapped", "Zmapovaná bytová nouze", 10,
     "Obec ví, kolik lidí a domácností v ní žije v bytové nouzi a v jaké situaci."),
    ("crisis-flat", "Zřízený krizový byt", 20,
     "Obec má alespoň jeden byt pro okamžité ubytování v nouzi."),
    ("progressive-allocation-rules", "Progresivní pravidla přidělování bytů", 30,
     "Pravidla pronájmu obecních bytů dávají přednost lidem v bytové nouzi."),
    ("housing-contact-centre", "Kontaktní centrum bydlení", 40,
     "Obec otevřela místo, kam se lidé v bytové nouzi obracejí pro pomoc."),
    ("housing-first-running", "Běžící program Housing First", 50,
     "Obec zabydluje lidi bez domova metodou Housing First."),
    ("goal-end-family-homelessness", "Cíl ukončit bezdomovectví rodin s dětmi", 60,
     "Vedení obce přijalo cíl, že žádná rodina s dětmi nebude bez domova."),
    ("interdepartmental-cooperation", "Nastavená spolupráce odborů", 70,
     "Bytový a sociální odbor a služby mají domluvený společný postup."),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("casestudies", "IndicatorDefinition")
    Milestone = apps.get_model("casestudies", "MilestoneDefinition")
    for slug, name, unit, cumulative, order, description in INDICATORS:
        Indicator.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "unit": unit, "is_cumulative": cumulative, "sort_order": order,
                      "description": description},
        )
    for slug, name, order, description in MILESTONES:
        Milestone.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order, "description": description}
        )


def approvers(apps, schema_editor):
    """Platform administrators approve what advisers submit (Wagtail's default workflow)."""
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    administrators = Group.objects.filter(name="Platform administrators").first()
    if administrators is None:
        return
    for task in GroupApprovalTask.objects.all():
        task.groups.add(administrators)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0001_initial"),
        ("accounts", "0002_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(approvers, migrations.RunPython.noop),
    ]
