"""PostgreSQL only: `search_entry_levels`, the page read score level by score level from the
narrow table until it is full (search.engines.database, `_Matching.level_page`). The levels
come best first, each a tsquery; each is one GIN lookup (`search_entry_first`, search.0009)
keeping only the rows the page still needs, and the levels below the one that fills the
page are never read; a level of a query most entries match is first looked for among the
first rows in the page's order (index `search_entry_terms_order`). Before (search.0009), every level of the score was looked up in one
statement whatever the page needed, which limited the levels to one-word queries
(docs/benchmarks.md, "PostgreSQL: levels read until the page is full").

`search_entry_facet_sets`, the matches of a query counted per distinct facet array in one
pass (the total and the facet counts are summed from those few rows, `_facets_postgresql`),
instead of every match's row going through two row stores and its array being unnested.

The reverse drops the functions. SQLite: nothing.
"""

import importlib

from django.db import migrations

TERMS = "search_entry_terms"
_run = importlib.import_module("search.migrations.0007_postgresql_entry_terms")._run

FORWARD = [
    # The narrow rows in the page's order, for the levels of a query most entries match.
    f"CREATE INDEX search_entry_terms_order ON {TERMS} (date DESC NULLS LAST, title, entry_id)",
    # `levels[i]` scores `scores[i]` (best first, disjoint); `base` is the words and the
    # audience, `total` the number of its matches. The first `keep` rows in the page's
    # order: score, date, title, id. When the words match at least a quarter of the
    # entries and the page needs at most 32 more rows (not a deep page), a level is first
    # looked for among the first 64 rows in that order: when they hold the rows it still
    # needs, those are its first rows (none before them was skipped), without a GIN lookup
    # of a level that may hold most entries.
    f"""CREATE FUNCTION search_entry_levels(
        base tsquery, levels tsquery[], scores integer[], wanted text[], names integer,
        keep integer, total bigint
    ) RETURNS TABLE (entry_id integer, score integer, date date, title varchar)
    LANGUAGE plpgsql STABLE AS $$
    #variable_conflict use_column
    DECLARE
        got integer := 0;
        level_rows integer;
        dense boolean := total * 4 >= (
            SELECT reltuples FROM pg_class WHERE oid = '{TERMS}'::regclass);
        first_rows integer[];
    BEGIN
        FOR i IN 1 .. COALESCE(array_length(levels, 1), 0) LOOP
            EXIT WHEN got >= keep;
            IF dense AND keep - got <= 32 THEN
                first_rows := ARRAY(
                    SELECT t.entry_id FROM (
                        SELECT * FROM {TERMS} ORDER BY date DESC NULLS LAST, title, entry_id
                        LIMIT 64
                    ) t
                    WHERE t.terms @@ (base && levels[i]) AND (names = 0 OR (
                        SELECT count(DISTINCT split_part(f, '=', 1)) FROM unnest(t.facets) f
                        WHERE f = ANY (wanted)) = names)
                    ORDER BY t.date DESC NULLS LAST, t.title, t.entry_id
                    LIMIT keep - got);
                IF cardinality(first_rows) = keep - got THEN
                    RETURN QUERY SELECT t.entry_id, scores[i], t.date, t.title
                        FROM {TERMS} t WHERE t.entry_id = ANY (first_rows);
                    RETURN;
                END IF;
            END IF;
            RETURN QUERY SELECT f.entry_id, scores[i], f.date, f.title
                FROM search_entry_first(base && levels[i], wanted, names, keep - got) f;
            GET DIAGNOSTICS level_rows = ROW_COUNT;
            got := got + level_rows;
        END LOOP;
    END
    $$""",
    f"""CREATE FUNCTION search_entry_facet_sets(query tsquery)
    RETURNS TABLE (facets text[], n bigint)
    LANGUAGE sql STABLE SET enable_seqscan = off AS $$
    SELECT t.facets, count(*) FROM {TERMS} t WHERE t.terms @@ query GROUP BY t.facets
    $$""",
]
BACKWARD = [
    "DROP FUNCTION IF EXISTS search_entry_facet_sets(tsquery)",
    "DROP FUNCTION IF EXISTS search_entry_levels(tsquery, tsquery[], integer[], text[], "
    "integer, integer, bigint)",
    f"DROP INDEX IF EXISTS search_entry_terms_order",
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_postgresql_entry_terms_rank"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
