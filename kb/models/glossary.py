"""Glossary terms: what a word means in housing practice, and the other words people use."""

import re

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kb.czech import alphabet_initial, collation_key


class GlossaryTermQuerySet(models.QuerySet):
    def synonym_sets(self) -> list[list[str]]:
        """Each term with its synonyms, for the search engines' synonym lists."""
        return [term.forms for term in self if len(term.forms) > 1]


class GlossaryTerm(models.Model):
    term = models.CharField(
        _("pojem"),
        max_length=120,
        help_text=_("Pojem tak, jak ho píšeme v textech, například „Housing First“."),
    )
    slug = models.SlugField(
        _("adresa"),
        max_length=120,
        unique=True,
        help_text=_("Kotva ve slovníku, jen malá písmena bez diakritiky a pomlčky."),
    )
    definition = models.TextField(
        _("vysvětlení"),
        max_length=1000,
        help_text=_("Jedna až tři věty srozumitelné i člověku mimo obor."),
    )
    synonyms = models.TextField(
        _("synonyma a zkratky"),
        blank=True,
        help_text=_(
            "Každé na nový řádek, například „HF“ nebo „krizový byt“. Označují se v článcích "
            "a vyhledávání je bere jako totéž."
        ),
    )

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("pojem ze slovníku")
        verbose_name_plural = _("slovník pojmů")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(Lower("term"), name="glossary_term_unique_case_insensitive"),
        ]

    def __str__(self):
        return self.term

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in re.split(r"[\n;]", self.synonyms) if line.strip()]

    @property
    def forms(self) -> list[str]:
        """The term first, then its synonyms; no duplicates (case-insensitive)."""
        seen, forms = set(), []
        for form in [self.term, *self.synonym_list]:
            if form.casefold() not in seen:
                seen.add(form.casefold())
                forms.append(form)
        return forms

    @property
    def anchor(self) -> str:
        return f"pojem-{self.slug}"

    @property
    def initial(self) -> str:
        return alphabet_initial(self.term)

    @property
    def sort_key(self):
        return collation_key(self.term)
