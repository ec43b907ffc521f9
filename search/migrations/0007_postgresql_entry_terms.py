"""PostgreSQL only: a narrow table answering the total and the facet counts of a search.

`search_entry_terms` holds, per entry, ONE tsvector whose lexemes carry their field as a
prefix (1 title, 2 summary, 3 body, 4 lemmas, 5 words; 6 an audience), stored out of line,
and the entry's facet values (`name=value`) kept in the row. One GIN lookup then answers the
AND of all of a query's words and its audience exactly, and the facet counts are read from a
16 MB heap at 100k entries instead of testing every row's TOASTed tsvectors in the 180 MB
entry table (docs/benchmarks.md, "PostgreSQL at 100k"). The lexemes are the generated
`<field>_tsv` columns' own (search.0005), prefixed after the 'simple' parser has split them.

`search_entry_terms_fill(ids)` writes the rows of the given entries (all when NULL) from the
entry and its facet rows (search.engines.database calls it after each batch it writes);
`search_entry_terms_query(prefix, query)` prefixes the lexemes of a tsquery (an empty one
becomes the never stored lexeme '0': it matches nothing, as `@@` of an empty query);
`search_entry_matches(query)` returns the matching rows with the GIN index (SET enable_seqscan
= off: at 40-90 % of the entries matching, the planner would read every row and test its
tsvector, detoasting it, a cost it does not count). Rows go with their entry (triggers on
DELETE and TRUNCATE). SQLite: nothing (its FTS5 table is already narrow).
"""

from django.db import migrations

TERMS = "search_entry_terms"

FORWARD = [
    f"""CREATE TABLE {TERMS} (
        entry_id integer PRIMARY KEY,
        facets text[] NOT NULL,
        terms tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)""",
    f"ALTER TABLE {TERMS} ALTER COLUMN facets SET STORAGE PLAIN, "
    "ALTER COLUMN terms SET STORAGE EXTERNAL",
    f"CREATE INDEX {TERMS}_gin ON {TERMS} USING gin (terms)",
    f"""CREATE FUNCTION search_entry_terms_fill(ids integer[]) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO {TERMS} (entry_id, facets, terms)
    SELECT e.id,
        ARRAY(SELECT f.name || '=' || f.value FROM search_searchentryfacet f
              WHERE f.entry_id = e.id AND f.name <> 'audience' ORDER BY f.name, f.value),
        COALESCE((
            SELECT string_agg(
                '''' || p.prefix || replace(replace(u.lexeme, '\\', '\\\\'), '''', '''''')
                || ''':' || array_to_string(u.positions, ','), ' ')
            FROM (VALUES ('1', e.title_terms_tsv), ('2', e.summary_terms_tsv),
                         ('3', e.body_terms_tsv), ('4', e.lemmas_tsv), ('5', e.words_tsv))
                 AS p (prefix, vector),
                 unnest(p.vector) AS u
        ), '')::tsvector
        || array_to_tsvector(ARRAY(
            SELECT '6' || f.value FROM search_searchentryfacet f
            WHERE f.entry_id = e.id AND f.name = 'audience'))
    FROM search_searchentry e
    WHERE ids IS NULL OR e.id = ANY (ids)
    $$""",
    """CREATE FUNCTION search_entry_terms_query(prefix text, query tsquery) RETURNS tsquery
    LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(NULLIF(
        regexp_replace(query::text, '''([^'']*)''', '''' || prefix || '\\1''', 'g'), ''),
        '''0''')::tsquery
    $$""",
    f"""CREATE FUNCTION search_entry_matches(query tsquery)
    RETURNS TABLE (entry_id integer, facets text[])
    LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT t.entry_id, t.facets FROM {TERMS} t WHERE t.terms @@ query
    $$""",
    # Rows go with their entry. Triggers, not a foreign key: Django's flush (tests) truncates
    # the entry table without CASCADE, which a referencing table would refuse.
    f"""CREATE FUNCTION search_entry_terms_forget() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE {TERMS};
        ELSE
            DELETE FROM {TERMS} WHERE entry_id IN (SELECT id FROM gone);
        END IF;
        RETURN NULL;
    END
    $$""",
    "CREATE TRIGGER search_entry_terms_delete AFTER DELETE ON search_searchentry "
    "REFERENCING OLD TABLE AS gone FOR EACH STATEMENT "
    "EXECUTE FUNCTION search_entry_terms_forget()",
    "CREATE TRIGGER search_entry_terms_truncate AFTER TRUNCATE ON search_searchentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_entry_terms_forget()",
    "SELECT search_entry_terms_fill(NULL)",
    f"ANALYZE {TERMS}",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_terms_delete ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_terms_truncate ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_terms_forget()",
    "DROP FUNCTION IF EXISTS search_entry_matches(tsquery)",
    "DROP FUNCTION IF EXISTS search_entry_terms_query(text, tsquery)",
    "DROP FUNCTION IF EXISTS search_entry_terms_fill(integer[])",
    f"DROP TABLE IF EXISTS {TERMS}",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_entry_rank_index"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
