"""PostgreSQL only: `search_entry_levels`, the page read score level by score level from the
narrow table until it is full (search.engines.database, `_Matching.level_page`). The levels
come best first, each a tsquery; each is one GIN lookup (`search_entry_first`, search.0009)
keeping only the rows the page still needs, and the levels below the one that fills the
page are never read. Before (search.0009), every level of the score was looked up in one
statement whatever the page needed, which limited the levels to one-word queries
(docs/benchmarks.md, "PostgreSQL: levels read until the page is full").

The reverse drops the function. SQLite: nothing.
"""

import importlib

from django.db import migrations

_run = importlib.import_module("search.migrations.0007_postgresql_entry_terms")._run

FORWARD = [
    # `levels[i]` scores `scores[i]` (best first, disjoint); `base` is the words and the
    # audience. The first `keep` rows in the page's order: score, date, title, id.
    """CREATE FUNCTION search_entry_levels(
        base tsquery, levels tsquery[], scores integer[], wanted text[], names integer,
        keep integer
    ) RETURNS TABLE (entry_id integer, score integer, date date, title varchar)
    LANGUAGE plpgsql STABLE AS $$
    #variable_conflict use_column
    DECLARE
        got integer := 0;
        level_rows integer;
    BEGIN
        FOR i IN 1 .. COALESCE(array_length(levels, 1), 0) LOOP
            EXIT WHEN got >= keep;
            RETURN QUERY SELECT f.entry_id, scores[i], f.date, f.title
                FROM search_entry_first(base && levels[i], wanted, names, keep - got) f;
            GET DIAGNOSTICS level_rows = ROW_COUNT;
            got := got + level_rows;
        END LOOP;
    END
    $$""",
]
BACKWARD = [
    "DROP FUNCTION IF EXISTS search_entry_levels(tsquery, tsquery[], integer[], text[], "
    "integer, integer)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_postgresql_entry_terms_rank"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
