"""The database engine's full-text index over the Python-analysed terms of SearchEntry, and
its typo vocabulary (search.engines.database).

Tokens are the analysed words exactly: the database removes no diacritics and stems nothing
(Czech is analysed in Python, the same way for both engines). SQLite: an external-content
FTS5 table kept in step with the rows by triggers. PostgreSQL: a generated tsvector column
('simple' configuration) with a GIN index per analysed field.
"""

from django.db import migrations, models

FIELDS = ("title_terms", "summary_terms", "body_terms", "lemmas", "words")
ENTRY = "search_searchentry"
FTS = "search_entry_fts"
_COLUMNS = ", ".join(FIELDS)
_NEW = ", ".join(f"new.{field}" for field in FIELDS)
_OLD = ", ".join(f"old.{field}" for field in FIELDS)

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5({_COLUMNS}, content='{ENTRY}', content_rowid='id', "
    "tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD}); END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {ENTRY} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD}); "
    f"INSERT INTO {FTS}(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL_FORWARD = [
    statement
    for field in FIELDS
    for statement in (
        f"ALTER TABLE {ENTRY} ADD COLUMN {field}_tsv tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {field})) STORED",
        f"CREATE INDEX {ENTRY}_{field}_tsv ON {ENTRY} USING gin ({field}_tsv)",
    )
]
POSTGRESQL_BACKWARD = [f"ALTER TABLE {ENTRY} DROP COLUMN IF EXISTS {field}_tsv" for field in FIELDS]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


def fill_audiences_and_words(apps, schema_editor):
    """Audience rows and the typo vocabulary of the entries already there."""
    entry_model = apps.get_model("search", "SearchEntry")
    facet_model = apps.get_model("search", "SearchEntryFacet")
    word_model = apps.get_model("search", "SearchWord")
    counts = {}
    for entry in entry_model.objects.only("pk", "words", "audiences").iterator(chunk_size=500):
        audiences = set(entry.audiences.split())
        facet_model.objects.bulk_create(
            facet_model(entry_id=entry.pk, name="audience", value=audience[:120])
            for audience in audiences
        )
        for word in {word for word in entry.words.split() if 4 <= len(word) <= 40}:
            for audience in audiences:
                counts[(audience, word)] = counts.get((audience, word), 0) + 1
    word_model.objects.bulk_create(
        (
            word_model(audience=audience, word=word, documents=count)
            for (audience, word), count in counts.items()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_merge_outbox_claims_and_lemmas"),
    ]

    operations = [
        migrations.AlterField(
            model_name="searchentry",
            name="audiences",
            field=models.TextField(help_text="Audience tokens separated by spaces."),
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40)),
                ("audience", models.CharField(max_length=120)),
                ("documents", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("audience", "word"), name="search_word_unique")
                ],
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
        migrations.RunPython(fill_audiences_and_words, migrations.RunPython.noop),
    ]
