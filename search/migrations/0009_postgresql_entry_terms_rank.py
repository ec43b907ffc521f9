"""PostgreSQL only: the narrow table `search_entry_terms` (search.0007) also holds each
entry's date and title, the page's tie-breaks, so that a page can be read score level by
score level from the narrow table (search.engines.database, `_Matching.level_page`): one GIN
lookup per level (`search_entry_first`: the level's first rows passing the filters), ordered by date and title on a 20 MB heap, instead of scoring every
candidate on the entry table's out-of-line tsvectors (docs/benchmarks.md, "PostgreSQL at
100k"). The title is kept in the row (STORAGE PLAIN: the table's `toast_tuple_target` of 128
would otherwise compress it or move it out of line) and copied as it is, so it sorts as the
entry's own title does.

The reverse drops the columns and the function and restores search.0007's fill function.
SQLite: nothing.
"""

import importlib

from django.db import migrations

TERMS = "search_entry_terms"
_PREVIOUS = importlib.import_module("search.migrations.0007_postgresql_entry_terms")
_PREVIOUS_FUNCTIONS = [
    statement for statement in _PREVIOUS.FORWARD if "FUNCTION search_entry_terms_fill" in statement
]

FORWARD = [
    # Emptied and filled again (as search.0007 fills it): an UPDATE of every row would leave
    # the heap and the GIN index twice their size.
    f"TRUNCATE {TERMS}",
    f"ALTER TABLE {TERMS} ADD COLUMN date date, ADD COLUMN title varchar(500) NOT NULL",
    f"ALTER TABLE {TERMS} ALTER COLUMN title SET STORAGE PLAIN",
    "DROP FUNCTION search_entry_terms_fill(integer[])",
    f"""CREATE FUNCTION search_entry_terms_fill(ids integer[]) RETURNS void
    LANGUAGE sql AS $$
    INSERT INTO {TERMS} (entry_id, facets, terms, date, title)
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
            WHERE f.entry_id = e.id AND f.name = 'audience')),
        e.date,
        e.title
    FROM search_searchentry e
    WHERE ids IS NULL OR e.id = ANY (ids)
    $$""",
    # The first `keep` matches of `query` (a GIN lookup) in the page's order that pass the
    # filters: an entry has a value of each of the `names` filtered facets among `wanted`.
    f"""CREATE FUNCTION search_entry_first(
        query tsquery, wanted text[], names integer, keep integer
    ) RETURNS TABLE (entry_id integer, date date, title varchar)
    LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT t.entry_id, t.date, t.title FROM {TERMS} t
    WHERE t.terms @@ query AND (names = 0 OR (
        SELECT count(DISTINCT split_part(f, '=', 1)) FROM unnest(t.facets) f
        WHERE f = ANY (wanted)) = names)
    ORDER BY t.date DESC NULLS LAST, t.title, t.entry_id
    LIMIT keep
    $$""",
    "SELECT search_entry_terms_fill(NULL)",
    f"ANALYZE {TERMS}",
]
BACKWARD = [
    "DROP FUNCTION IF EXISTS search_entry_first(tsquery, text[], integer, integer)",
    "DROP FUNCTION search_entry_terms_fill(integer[])",
    f"ALTER TABLE {TERMS} DROP COLUMN date, DROP COLUMN title",
    *_PREVIOUS_FUNCTIONS,
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_facet_value_entry_index"),
    ]

    operations = [migrations.RunPython(_PREVIOUS._run(FORWARD), _PREVIOUS._run(BACKWARD))]
