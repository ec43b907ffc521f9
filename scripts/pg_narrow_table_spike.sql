-- A measurement, not a migration: the narrow table of the database engine on PostgreSQL
-- (docs/benchmarks.md, "PostgreSQL at 100k: where the time goes"). Its total and facet
-- counts are built (search.0007, `search_entry_terms`), and so is its page of "soc" read by
-- score levels on the date and title of the narrow row (search.0009). Run it on a
-- COPY of a filled database (it writes a table there), e.g.
--   psql postgres://housing:housing@127.0.0.1:5432/postgres \
--     -c "CREATE DATABASE pg2bench TEMPLATE dbqbench_100000"
--   psql postgres://housing:housing@127.0.0.1:5432/pg2bench -f scripts/pg_narrow_table_spike.sql
--
-- One row per entry: its date and title (the page's tie-break, read from a 16 MB heap), its
-- facet values in the heap (STORAGE PLAIN: stored out of line they were detoasted per row),
-- and ONE tsvector whose tokens carry their field as a prefix (1 title, 2 summary, 3 body,
-- 4 lemmas, 5 words, 6 audience), stored out of line: one GIN lookup answers the AND of
-- all words and the audience exactly, without reading a tsvector. The spike prefixes with
-- regexp_replace before parsing, which is exact only for tokens of letters and digits (all
-- of the stand-in's); the real migration must prefix the lexemes after parsing.
\timing on
DROP TABLE IF EXISTS spike_terms;
CREATE TABLE spike_terms (
    entry_id integer PRIMARY KEY REFERENCES search_searchentry (id) ON DELETE CASCADE,
    date date,
    title varchar(500),
    facets text[],
    terms tsvector
) WITH (toast_tuple_target = 128);
ALTER TABLE spike_terms ALTER COLUMN terms SET STORAGE EXTERNAL,
    ALTER COLUMN facets SET STORAGE PLAIN, ALTER COLUMN title SET STORAGE PLAIN;
INSERT INTO spike_terms
SELECT e.id, e.date, e.title,
    (SELECT array_agg(f.name || '=' || f.value) FROM search_searchentryfacet f
     WHERE f.entry_id = e.id AND f.name <> 'audience'),
    to_tsvector('simple', regexp_replace(e.title_terms, '(\S+)', '1\1', 'g'))
    || to_tsvector('simple', regexp_replace(e.summary_terms, '(\S+)', '2\1', 'g'))
    || to_tsvector('simple', regexp_replace(e.body_terms, '(\S+)', '3\1', 'g'))
    || to_tsvector('simple', regexp_replace(e.lemmas, '(\S+)', '4\1', 'g'))
    || to_tsvector('simple', regexp_replace(e.words, '(\S+)', '5\1', 'g'))
    || (SELECT array_to_tsvector(array_agg('6' || f.value)) FROM search_searchentryfacet f
        WHERE f.entry_id = e.id AND f.name = 'audience')
FROM search_searchentry e;
CREATE INDEX spike_terms_gin ON spike_terms USING gin (terms);
VACUUM ANALYZE spike_terms;
SELECT pg_size_pretty(pg_relation_size('spike_terms')) AS heap,
    pg_size_pretty(pg_total_relation_size('spike_terms')) AS total;

-- At 42-89 % of the table matching, the planner prefers a seq scan, which tests (and
-- detoasts) every row's tsvector: 760 ms. The statements need the GIN index.
SET enable_seqscan = off;

-- "krizové bydlení" (public): the total, the facet counts, the page from the title matches.
SELECT count(*) FROM spike_terms WHERE terms @@ to_tsquery('simple',
    '(''4krizový'' | ''1krih'' | ''2krih'' | ''3krih'') & (''4bydlení'' | ''1bydln'' | ''2bydln'' | ''3bydln'') & ''6public''');
SELECT f, count(*) FROM (SELECT facets FROM spike_terms WHERE terms @@ to_tsquery('simple',
    '(''4krizový'' | ''1krih'' | ''2krih'' | ''3krih'') & (''4bydlení'' | ''1bydln'' | ''2bydln'' | ''3bydln'') & ''6public''')
    OFFSET 0) m, unnest(m.facets) f GROUP BY f ORDER BY f;
SELECT entry_id, s FROM (
    SELECT entry_id, date, title,
        (CASE WHEN terms @@ '4krizový' THEN 5 ELSE 0 END
         + CASE WHEN terms @@ '1krih' THEN 10 WHEN terms @@ '2krih' THEN 4 WHEN terms @@ '3krih' THEN 1 ELSE 0 END
         + CASE WHEN terms @@ '4bydlení' THEN 5 ELSE 0 END
         + CASE WHEN terms @@ '1bydln' THEN 10 WHEN terms @@ '2bydln' THEN 4 WHEN terms @@ '3bydln' THEN 1 ELSE 0 END) AS s
    FROM spike_terms WHERE terms @@ to_tsquery('simple',
        '(''4krizový'' | ''1krih'' | ''2krih'' | ''3krih'') & (''4bydlení'' | ''1bydln'' | ''2bydln'' | ''3bydln'') & ''6public'' & (''1krih'' | ''1bydln'')')
) x ORDER BY s DESC, date DESC NULLS LAST, title LIMIT 10;

-- "soc" (public): no lemma, title, summary or body matches, so every candidate scores 2 (the
-- prefix on words): the page is the candidates ordered by date and title.
SELECT count(*) FROM spike_terms WHERE terms @@ to_tsquery('simple', '''6public'' & (''4soc'' | ''1soc'' | ''2soc'' | ''3soc'')');
SELECT count(*) FROM spike_terms WHERE terms @@ to_tsquery('simple', '(''4soc'' | ''1soc'' | ''2soc'' | ''3soc'' | ''5soc'':*) & ''6public''');
SELECT f, count(*) FROM (SELECT facets FROM spike_terms WHERE terms @@ to_tsquery('simple',
    '(''4soc'' | ''1soc'' | ''2soc'' | ''3soc'' | ''5soc'':*) & ''6public''') OFFSET 0) m,
    unnest(m.facets) f GROUP BY f ORDER BY f;
SELECT entry_id FROM spike_terms WHERE terms @@ to_tsquery('simple',
    '(''4soc'' | ''1soc'' | ''2soc'' | ''3soc'' | ''5soc'':*) & ''6public''')
ORDER BY date DESC NULLS LAST, title LIMIT 10;
