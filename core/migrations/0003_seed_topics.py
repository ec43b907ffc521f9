"""The shared taxonomy of methods and tools; advisers add more in the admin (Snippets → Témata)."""

from django.db import migrations

TOPICS = [
    ("housing-first", "Housing First", "Bydlení jako první krok: byt bez podmínek předem, s podporou, kterou si domácnost zvolí."),
    ("krizove-bydleni", "Krizové bydlení", "Okamžité ubytování v nouzi na omezenou dobu s intenzivní sociální prací."),
    ("socialni-bydleni", "Sociální bydlení", "Byt se smlouvou a podporou sociálního pracovníka pro domácnosti, které ji potřebují."),
    ("dostupne-bydleni", "Dostupné bydlení", "Byt za dostupné nájemné pro domácnosti, které podporu nepotřebují."),
    ("kontaktni-centrum-bydleni", "Kontaktní centrum bydlení", "Jedno místo, kde lidé v bytové nouzi najdou pomoc a obec přehled o potřebách."),
    ("registracni-tyden", "Registrační týden", "Soupis lidí bez domova a v bytové nouzi s jejich potřebami během jednoho týdne."),
    ("pravidla-prideleni-bytu", "Pravidla přidělování bytů", "Zásady pronájmu obecních bytů, které dávají přednost lidem v bytové nouzi."),
    ("mapovani-bytove-nouze", "Mapování bytové nouze", "Zjištění, kolik lidí a domácností v obci žije v bytové nouzi a v jaké."),
    ("spoluprace-odboru", "Spolupráce odborů", "Domluva bytového a sociálního odboru, služeb a úřadu práce na společném postupu."),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("core", "Topic")
    for slug, name, description in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_topic")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
