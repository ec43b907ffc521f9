"""Demo content of the contact page, the privacy notice, the accessibility statement and the
forum's terms. The texts describe what the platform really does today; where a right is
exercised by writing to the network, they say so."""

import datetime

from django.db import transaction

from home.models import HomePage
from legal.models import AccessibilityStatementPage, ContactPage, LegalPage

OPERATOR = "Provozovatel platformy Bydlení v praxi"
NETWORK_EMAIL = "kontakt@demo.example"
ACCESSIBILITY_EMAIL = "pristupnost@demo.example"
REVIEWED_ON = datetime.date(2026, 11, 29)

CONTACT_INTRO = (
    "<p>Ptejte se na spolupráci s poradci sítě, na kurzy Housing First, na příklady dobré "
    "praxe nebo na cokoli, co na webu nefunguje, jak má. Odpovídáme do pěti pracovních dnů.</p>"
)
CONTACT_ADDRESS = (
    "Bydlení v praxi – síť obcí a poradců\n"
    "E-mail: kontakt@demo.example\n"
    "Adresa a telefon jsou v této ukázkové instalaci vynechány."
)

PRIVACY_SUMMARY = (
    "Jaké osobní údaje platforma zpracovává, proč, jak dlouho je uchovává a jak můžete "
    "uplatnit svá práva."
)
PRIVACY_BODY = """
<h2>Kdo údaje zpracovává</h2>
<p>Správcem osobních údajů je provozovatel platformy Bydlení v praxi. Obrátit se na něj
můžete přes kontaktní formulář nebo e-mailem na kontakt@demo.example.</p>
<h2>Jaké údaje a proč</h2>
<ul>
<li><b>Účet</b>: jméno, příjmení, e-mailová adresa, heslo (uložené jen jako otisk), obec
nebo organizace a role. Potřebujeme je, abyste se mohli přihlásit a abychom vám ukázali
obsah určený vaší obci a roli (plnění smlouvy, kterou uzavíráte registrací).</li>
<li><b>Studium</b>: zápisy do kurzů, průchod lekcemi, odpovědi v testech a certifikáty.
Slouží k vašemu postupu kurzem, k práci poradce se skupinou a k ověření certifikátu.</li>
<li><b>Fórum</b>: příspěvky, přílohy, odběry a upozornění. Příspěvky vidí ti, kdo smějí
číst danou kategorii; v uzavřených pracovních skupinách jen jejich členové.</li>
<li><b>Zprávy z kontaktního formuláře</b>: jméno, e-mail a text zprávy, abychom mohli
odpovědět.</li>
<li><b>Vyhledávání</b>: zadané dotazy ukládáme bez vazby na váš účet, abychom zjistili,
co lidé hledají a nenacházejí.</li>
<li><b>Technické záznamy</b>: adresy IP a časy požadavků v záznamech serveru, kvůli
bezpečnosti a omezení zneužití.</li>
</ul>
<h2>Komu údaje předáváme</h2>
<p>Nikomu mimo síť. Údaje jsou uloženy na serverech provozovatele; nepoužíváme reklamní
ani analytické služby třetích stran.</p>
<h2>Jak dlouho je uchováváme</h2>
<p>Údaje účtu po dobu jeho existence. Certifikáty zůstávají ověřitelné i po skončení
kurzu, protože na ně spoléhají zaměstnavatelé. Záznamy vyhledávání a technické záznamy
mažeme nejpozději po dvanácti měsících.</p>
<h2>Vaše práva</h2>
<p>Máte právo na přístup ke svým údajům, na jejich opravu, výmaz, omezení zpracování,
přenositelnost a právo vznést námitku. Žádost pošlete přes kontaktní formulář; odpovíme
do jednoho měsíce. Jméno a e-mail můžete sami změnit v nastavení účtu. Stížnost můžete
podat Úřadu pro ochranu osobních údajů.</p>
"""

TERMS_SUMMARY = (
    "Fórum je místem pro kolegy z obcí a poradce. Pravidla chrání lidi, o kterých se "
    "mluví, i ty, kdo píší."
)
TERMS_BODY = """
<h2>O čem se píše</h2>
<p>Fórum slouží k výměně zkušeností s řešením bytové nouze v obcích: co se osvědčilo,
s čím si nevíte rady, jaké dokumenty a postupy vám pomohly.</p>
<h2>Soukromí klientů</h2>
<p>Nepište nic, podle čeho by šlo poznat konkrétní domácnost nebo člověka v bytové nouzi:
jména, adresy, data narození, rodinné okolnosti. Popisujte situace obecně. Přílohy před
nahráním anonymizujte.</p>
<h2>Uzavřené skupiny</h2>
<p>Co se napíše v uzavřené pracovní skupině, zůstává v ní. Obsah nesdílejte mimo skupinu
bez souhlasu autora.</p>
<h2>Slušnost</h2>
<p>Kritizujte postupy, ne lidi. Urážky, spam a reklama nemají ve fóru místo.</p>
<h2>Moderování</h2>
<p>Moderátoři mohou příspěvek skrýt, téma zamknout, přesunout nebo sloučit a při
opakovaném porušení pravidel pozastavit účet. Každý zásah je zaznamenán i s důvodem.
Nahlášené příspěvky posoudí moderátor zpravidla do dvou pracovních dnů.</p>
"""

NON_COMPLIANT = """
<ul>
<li>Dokumenty v knihovně, které poskytly obce nebo jiné organizace (PDF, DOCX), nemusí mít
strukturu čitelnou odečítačem obrazovky. Na požádání je převedeme do přístupné podoby.</li>
<li>Grafy na přehledu výsledků mají vedle sebe tabulku se stejnými čísly; samotné grafy
čtečka obrazovky nepřečte.</li>
</ul>
"""
OUT_OF_SCOPE = (
    "<p>Videa v lekcích kurzů, která pocházejí od třetích stran, mají přepis textu, ale ne "
    "vždy titulky.</p>"
)
ASSESSMENT = """
<p>Přístupnost ověřujeme při každé změně webu automaticky: nástroj axe-core kontroluje
klíčové stránky v češtině i angličtině na šířce počítače i telefonu (320 CSS px), validátor
HTML kontroluje jejich kód a prohlížeč ověřuje, že je zaměření klávesnice vidět i v režimu
vysokého kontrastu. Cesty návštěvníků (registrace, kurz, fórum, vyhledávání) jsme prošli
jen klávesnicí.</p>
"""
FEEDBACK = (
    "<p>Na hlášení bariéry odpovíme do 30 dnů a řekneme, jak a kdy ji odstraníme, nebo vám "
    "obsah poskytneme jinou cestou.</p>"
)
ENFORCEMENT = (
    "<p>Pokud s naší odpovědí nebudete spokojeni nebo vám do 30 dnů neodpovíme, můžete podat "
    "podnět Ministerstvu vnitra, které dohlíží na dodržování zákona č. 99/2019 Sb.</p>"
)


@transaction.atomic
def load(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    if not ContactPage.objects.exists():
        home.add_child(
            instance=ContactPage(
                title="Kontakt",
                slug="kontakt",
                intro=CONTACT_INTRO,
                address=CONTACT_ADDRESS,
                recipient_email=NETWORK_EMAIL,
                live=True,
            )
        )
        stdout.write("  contact page created")
    if not LegalPage.objects.filter(slug="ochrana-osobnich-udaju").exists():
        home.add_child(
            instance=LegalPage(
                title="Zásady ochrany osobních údajů",
                slug="ochrana-osobnich-udaju",
                summary=PRIVACY_SUMMARY,
                body=PRIVACY_BODY.strip(),
                last_updated=REVIEWED_ON,
                footer_label="Ochrana osobních údajů",
                live=True,
            )
        )
        stdout.write("  privacy notice created")
    if not AccessibilityStatementPage.objects.exists():
        home.add_child(
            instance=AccessibilityStatementPage(
                title="Prohlášení o přístupnosti",
                slug="prohlaseni-o-pristupnosti",
                operator_name=OPERATOR,
                compliance=AccessibilityStatementPage.Compliance.PARTIAL,
                non_compliant_content=NON_COMPLIANT.strip(),
                out_of_scope=OUT_OF_SCOPE,
                prepared_on=REVIEWED_ON,
                method=AccessibilityStatementPage.Method.SELF,
                assessment_description=ASSESSMENT.strip(),
                last_reviewed_on=REVIEWED_ON,
                feedback_email=ACCESSIBILITY_EMAIL,
                feedback_text=FEEDBACK,
                enforcement=ENFORCEMENT,
                live=True,
            )
        )
        stdout.write("  accessibility statement created")
    if not LegalPage.objects.filter(slug="pravidla-fora").exists():
        home.add_child(
            instance=LegalPage(
                title="Pravidla fóra",
                slug="pravidla-fora",
                summary=TERMS_SUMMARY,
                body=TERMS_BODY.strip(),
                last_updated=REVIEWED_ON,
                live=True,
            )
        )
        stdout.write("  forum terms created")
