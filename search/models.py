"""The search app's tables: the database engine's index, and the outbox of index changes.

`SearchEntry` rows are the database engine's index. `SearchOutbox` rows are written in the
same transaction as the content change that causes them (publishing, unpublishing, moving,
deleting, a permission change) and applied by a background task to every engine, with
retries, so that saving content never fails or waits because Elasticsearch is down.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=40, db_index=True)
    title = models.CharField(max_length=500)
    url = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    # Analysed text (search.analysis), words separated by spaces. The full-text index over
    # these five columns is kept in step with the rows by the database itself (migration
    # search.0005): an FTS5 table filled by triggers on SQLite, generated tsvector columns
    # with GIN indexes on PostgreSQL.
    title_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    # Lemmas of the words of title, summary and body (search.analysis.lemmatized_text).
    lemmas = models.TextField(blank=True)
    # Folded words of title, summary and body (not stemmed): prefixes and typos match these.
    words = models.TextField(blank=True)
    # Audience tokens separated by spaces (shown on the entry; queries use the "audience"
    # rows of SearchEntryFacet, which are indexed).
    audiences = models.TextField(help_text="Audience tokens separated by spaces.")
    # The version of the object this entry shows (SearchVersion): an older one never
    # replaces a newer one, whatever order concurrent drains write in.
    version = models.BigIntegerField(default=0)
    # search.fingerprint of the document, compared by `search_check`.
    content_hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("položka vyhledávání")
        verbose_name_plural = _("položky vyhledávání")
        # The database engine sorts its candidates by (score, date, title): this index
        # covers what the sort reads, so SQLite does not read each candidate's row (its date
        # lies after the long texts, in overflow pages). search.engines.database names it.
        indexes = [models.Index(fields=["id", "date", "title"], name="search_entry_rank")]

    def __str__(self):
        return self.key


AUDIENCE = "audience"  # the SearchEntryFacet name of an entry's audiences


class SearchEntryFacet(models.Model):
    """A facet value of an entry, or (name AUDIENCE) one of the audiences that may read it."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facets")
    name = models.CharField(max_length=30)
    value = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "name", "value"], name="search_facet_unique")
        ]
        # (name, value) first for the lookups by value; the entry last so that SQLite counts
        # the facet values of a large share of the entries by reading this index alone, in
        # its order (no sort), see DatabaseEngine._facets_of_candidates.
        indexes = [models.Index(fields=["name", "value", "entry"], name="search_facet_value_entry")]

    def __str__(self):
        return f"{self.name}={self.value}"


class SearchWord(models.Model):
    """The typo vocabulary of the database engine: how many entries readable by `audience`
    contain the folded `word` (4–40 letters). Kept by the engine's writes, entry by entry, so
    typo tolerance and "did you mean" never read every entry and never offer a word only
    documents the person may not read contain."""

    word = models.CharField(max_length=40)
    audience = models.CharField(max_length=120)
    documents = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audience", "word"], name="search_word_unique")
        ]

    def __str__(self):
        return f"{self.word} ({self.audience}: {self.documents})"


class SearchOutboxQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True).order_by("pk")

    def due(self, now=None):
        """Pending rows no drain holds and no backoff delays."""
        from django.utils import timezone

        return self.pending().filter(
            models.Q(next_attempt_at__isnull=True)
            | models.Q(next_attempt_at__lte=now or timezone.now())
        )


class SearchOutbox(models.Model):
    """One change to apply to the search engines: the key of an object to (re)index or remove."""

    class Action(models.TextChoices):
        INDEX = "index", _("zaindexovat")
        REMOVE = "remove", _("odebrat")

    key = models.CharField(max_length=120, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set while a drain holds the row (its lease) and, after a failure, to the next attempt.
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    objects = SearchOutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("změna pro vyhledávání")
        verbose_name_plural = _("změny pro vyhledávání")

    def __str__(self):
        return f"{self.action} {self.key}"


class SearchVersion(models.Model):
    """How many times an object's search document was changed: bumped by `outbox_add` in the
    change's own transaction (so versions follow the commits of one object), read by the
    drain together with the object, and given to the engines as the document's version."""

    key = models.CharField(max_length=120, unique=True)
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.key} v{self.version}"


class SearchQueryLog(models.Model):
    """One search made on the site (first page only), for the analytics advisers use to add
    synonyms and promotions. Who searched is not stored."""

    text = models.CharField(_("dotaz"), max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    result_count = models.PositiveIntegerField(_("výsledků"))
    engine = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("hledaný dotaz")
        verbose_name_plural = _("hledané dotazy")

    def __str__(self):
        return self.text


class SearchClick(models.Model):
    """A result someone opened from a search results page."""

    query = models.ForeignKey(
        SearchQueryLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="clicks"
    )
    key = models.CharField(max_length=120, db_index=True)
    title = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("otevřený výsledek")
        verbose_name_plural = _("otevřené výsledky")

    def __str__(self):
        return self.key
