"""SQLite: the full-text table again (migration search.0005), tokenized by FTS5's `ascii`
tokenizer without column sizes, and kept in step by an update trigger that fires only when
an analysed column is set. PostgreSQL: nothing.

- The columns hold the Python analysis's terms (search.analysis), lower-case words of
  `\\w` characters separated by spaces, with no ASCII capital: `ascii` (with `_` a token
  character) splits them at the spaces and keeps every other character as it is, so the
  index holds exactly the analysis's terms, where `unicode61` looked each character up in its
  own Unicode tables (older than Python's: it split words at letters it did not know) and
  folded the case once more. Queries are the same terms, quoted (search.engines.database).
- `columnsize=0`: no `%_docsize` table (a row per entry written on each insert); no query
  reads column sizes (no `bm25()`, no `rank` ordering).
- `AFTER UPDATE OF` the analysed columns: an update of the version alone (a rebuild keeping
  an unchanged entry) does not make FTS5 remove and add its terms again.

The table is filled again from the entries ('rebuild'); backwards, the 0005 table comes back
the same way.
"""

from django.db import migrations

FIELDS = ("title_terms", "summary_terms", "body_terms", "lemmas", "words")
ENTRY = "search_searchentry"
FTS = "search_entry_fts"
_COLUMNS = ", ".join(FIELDS)
_NEW = ", ".join(f"new.{field}" for field in FIELDS)
_OLD = ", ".join(f"old.{field}" for field in FIELDS)
_DELETE = f"INSERT INTO {FTS}({FTS}, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});"
_INSERT = f"INSERT INTO {FTS}(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});"
_DROP = [
    *(f"DROP TRIGGER IF EXISTS {FTS}_{event}" for event in ("insert", "delete", "update")),
    f"DROP TABLE IF EXISTS {FTS}",
]


def _table(options: str, update_of: str) -> list[str]:
    return [
        *_DROP,
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({_COLUMNS}, content='{ENTRY}', "
        f"content_rowid='id', {options})",
        f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {ENTRY} BEGIN {_INSERT} END",
        f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {ENTRY} BEGIN {_DELETE} END",
        f"CREATE TRIGGER {FTS}_update AFTER UPDATE{update_of} ON {ENTRY} BEGIN "
        f"{_DELETE} {_INSERT} END",
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


SQLITE_FORWARD = _table("tokenize=\"ascii tokenchars '_'\", columnsize=0", f" OF {_COLUMNS}")
SQLITE_BACKWARD = _table("tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\"", "")


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_postgresql_entry_levels"),
    ]

    operations = [migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD))]
