import { sql, type SQL } from 'drizzle-orm';
import { ftsHasPrefix, HIT_CLOSE, HIT_OPEN, toFtsQuery, toTsQuery, tsHasPhrase, type SnippetSource } from '@/lib/search';
import { type DecisionStatus } from '@/lib/validation/common';
import { rawRows, rawRun, sqlList, type Db, type Executor } from '../client';
import { engine } from '../engine';

/*
 * Full-text search: SQLite FTS5 ranked with bm25, or PostgreSQL's weighted
 * tsvector (db/migrations-pg/0001_search.sql, GIN-indexed) ranked with
 * ts_rank_cd and excerpted with ts_headline. The index row of a decision is
 * rebuilt from its current revision and its comments inside the same
 * transaction as any change to either — one place, one SQL statement.
 *
 * Every piece of engine-specific search SQL (the index table, MATCH, ranking,
 * snippets, reindexing) lives in this module, behind the small exported
 * functions below; the rest of db/queries is engine-neutral and calls them.
 * It imports no other query module: the ranked, filtered search people use
 * (searchDecisions) is in ./history, beside the filters it shares with the list.
 */

const indexRows = (where: SQL) => sql`
  INSERT INTO decision_search (rowid, title, summary, context, decision, options, methodology, open_critique, risks, sources, comments)
  SELECT d.id,
    json_extract(r.content, '$.title'), json_extract(r.content, '$.summary'), json_extract(r.content, '$.context'),
    json_extract(r.content, '$.decision'),
    (SELECT group_concat(json_extract(o.value, '$.name') || char(10) || coalesce(json_extract(o.value, '$.description'), ''), char(10)) FROM json_each(r.content, '$.options') o),
    json_extract(r.content, '$.methodology'), json_extract(r.content, '$.openCritique'), json_extract(r.content, '$.risks'),
    (SELECT group_concat(json_extract(s.value, '$.name'), ' · ') FROM json_each(r.content, '$.dataSources') s),
    (SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.decision_id = d.id AND c.deleted_at IS NULL)
  FROM decisions d JOIN revisions r ON r.decision_id = d.id AND r.number = d.current_revision
  WHERE ${where}`;

/** PostgreSQL: the same row, upserted (the document column is generated from the text columns). */
const indexRowsPg = (where: SQL) => sql`
  INSERT INTO decision_search (decision_id, title, summary, context, decision, options, methodology, open_critique, risks, sources, comments)
  SELECT d.id,
    coalesce(r.content::jsonb ->> 'title', ''), coalesce(r.content::jsonb ->> 'summary', ''), coalesce(r.content::jsonb ->> 'context', ''),
    coalesce(r.content::jsonb ->> 'decision', ''),
    coalesce((SELECT string_agg(coalesce(o.value ->> 'name', '') || E'\n' || coalesce(o.value ->> 'description', ''), E'\n' ORDER BY o.n)
      FROM jsonb_array_elements(coalesce(r.content::jsonb -> 'options', '[]'::jsonb)) WITH ORDINALITY o(value, n)), ''),
    coalesce(r.content::jsonb ->> 'methodology', ''), coalesce(r.content::jsonb ->> 'openCritique', ''), coalesce(r.content::jsonb ->> 'risks', ''),
    coalesce((SELECT string_agg(s.value ->> 'name', ' · ') FROM jsonb_array_elements(coalesce(r.content::jsonb -> 'dataSources', '[]'::jsonb)) s), ''),
    coalesce((SELECT string_agg(c.body, E'\n' ORDER BY c.id) FROM comments c WHERE c.decision_id = d.id AND c.deleted_at IS NULL), '')
  FROM decisions d JOIN revisions r ON r.decision_id = d.id AND r.number = d.current_revision
  WHERE ${where}
  ON CONFLICT (decision_id) DO UPDATE SET title = excluded.title, summary = excluded.summary, context = excluded.context,
    decision = excluded.decision, options = excluded.options, methodology = excluded.methodology,
    open_critique = excluded.open_critique, risks = excluded.risks, sources = excluded.sources, comments = excluded.comments`;

/** PostgreSQL's text-search configuration (db/migrations-pg/0001_search.sql): English stemming without accents, like FTS5's porter tokenizer with remove_diacritics. */
const TS_CONFIG = sql.raw(`'candor'::regconfig`);

/** Re-index one decision (call inside the transaction that changed it). */
export async function reindexSearch(tx: Executor, decisionId: number): Promise<void> {
  if (engine() === 'pg') {
    await rawRun(tx, indexRowsPg(sql`d.id = ${decisionId}`));
    return;
  }
  await rawRun(tx, sql`DELETE FROM decision_search WHERE rowid = ${decisionId}`);
  await rawRun(tx, indexRows(sql`d.id = ${decisionId}`));
}

/** Rebuild the whole index (the CLI's `search rebuild`, and after bulk loads). */
export async function rebuildSearch(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await rawRun(tx, sql`DELETE FROM decision_search`);
    await rawRun(tx, engine() === 'pg' ? indexRowsPg(sql`true`) : indexRows(sql`1 = 1`));
    return (await rawRows<{ n: number }>(tx, sql`SELECT count(*) AS n FROM decision_search`))[0]?.n ?? 0;
  });
}

/**
 * What a person typed, as this engine's full-text query (an FTS5 MATCH string
 * on SQLite, a to_tsquery string on PostgreSQL); null when nothing in it is searchable — the caller then answers
 * "no results". The value is only ever handed back to the functions below.
 */
export function matchQuery(words: string): string | null {
  return engine() === 'pg' ? toTsQuery(words) : toFtsQuery(words);
}

/** A condition: the decision whose id is `decisionId` (e.g. sql.raw('d.id')) matches `match` (from matchQuery). */
export function matchFilterSql(decisionId: SQL, match: string): SQL {
  if (engine() === 'pg') return sql`${decisionId} IN (SELECT decision_id FROM decision_search WHERE document @@ to_tsquery(${TS_CONFIG}, ${match}))`;
  return sql`${decisionId} IN (SELECT rowid FROM decision_search WHERE decision_search MATCH ${match})`;
}

/** A scalar subquery: the summary (TL;DR) line of the decision's current revision, as indexed (null if not indexed). */
export function searchSummarySql(decisionId: SQL): SQL {
  if (engine() === 'pg') return sql`(SELECT s.summary FROM decision_search s WHERE s.decision_id = ${decisionId})`;
  return sql`(SELECT s.summary FROM decision_search s WHERE s.rowid = ${decisionId})`;
}

/** Whether a failed list or search query failed because the search engine rejected the words (answer "no results", not a 500). */
export function isRejectedSearch(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  // PostgreSQL: only text-search errors (a real SQL error must still surface).
  if (engine() === 'pg') return /tsquery|text-search|tsvector/i.test(e.message);
  return /fts5|syntax|malformed/i.test(e.message);
}

/** Without filters, only this many of the most recent matches are ranked (see README, "Search"). */
export const RANK_WINDOW = 2000;

/**
 * Column weights for bm25, in the table's order (title, summary, context, decision, options, methodology,
 * open critique, risks, sources, comments): a hit in the title counts most, then summary and decision.
 */
const RANK = sql.raw(`bm25(decision_search, 10.0, 6.0, 2.0, 4.0, 3.0, 2.0, 2.0, 2.0, 3.0, 1.0)`);

/** The page of ranked hits both engines' queries end with: after the cursor, best first, ties by id. */
const topOfHits = (cursor: readonly [number, number] | null, limit: number) => sql`top AS (
        SELECT id, rank FROM hits
        ${cursor ? sql`WHERE (rank, id) > (${cursor[0]}, ${cursor[1]})` : sql``}
        ORDER BY rank, id
        LIMIT ${limit}
      )`;

/**
 * The index's text columns, in the order snippets prefer them, each with the part of the decision it holds.
 * The title comes last: every result shows it already, so an excerpt of it says the least.
 */
const SEARCH_COLUMNS = Object.entries({
  summary: 'summary',
  decision: 'decision',
  context: 'context',
  options: 'options',
  methodology: 'methodology',
  open_critique: 'openCritique',
  risks: 'risks',
  sources: 'dataSources',
  comments: 'comments',
  title: 'title',
} satisfies Record<string, SnippetSource>).map(([column, source]) => ({ column: sql.raw(column), source: sql.raw(`'${source}'`) }));

/**
 * A ranked hit as rankedSearch returns it. `rank` is an integer, lower is
 * better (ties broken by id ascending); `snip` is a short excerpt of the best
 * matching text with the matched words between HIT_OPEN and HIT_CLOSE, and
 * `snip_from` the part of the decision it was taken from.
 */
export type RankedRow = { id: number; title: string; team: string; team_name: string; author_name: string; author_function: string; status: DecisionStatus; snip: string | null; snip_from: SnippetSource | null; rank: number; updated_at: number };

/**
 * One page of ranked matches of `match` (from matchQuery) among the decisions
 * (alias `d`) that satisfy every condition in `where`, best first, after the
 * cursor `after` ([rank, id] of the previous page's last row), at most `limit`
 * rows. Without conditions only the RANK_WINDOW most recent matches are ranked.
 * A query the engine rejects yields no rows.
 */
export async function rankedSearch(db: Db, input: { match: string; where: SQL[]; after: readonly [number, number] | null; limit: number }): Promise<RankedRow[]> {
  if (engine() === 'pg') return rankedSearchPg(db, input);
  const { match, where, after: cursor } = input;
  // A prefix term (`"conver"*`) makes FTS5 merge the lists of every word it starts: once per cursor.
  const prefix = ftsHasPrefix(match);
  const snippet = sql`snippet(decision_search, -1, ${HIT_OPEN}, ${HIT_CLOSE}, '…', 14)`;
  try {
    // Rank every match but build snippets only for the page: the top rows are chosen first.
    const rows = await rawRows<RankedRow>(
      db,
      sql`
      WITH hits AS (
        SELECT decision_search.rowid AS id, CAST(round(${RANK} * 1000000) AS INTEGER) AS rank
        FROM decision_search
        ${where.length ? sql`JOIN decisions d ON d.id = decision_search.rowid` : sql``}
        WHERE decision_search MATCH ${match}
        ${
          where.length
            ? sql`AND ${sql.join(where, sql` AND `)}`
            : // Ranking reads every match's positions; a broad query over years of decisions ranks the most recent matches only.
              sql`AND decision_search.rowid >= (SELECT coalesce(min(rowid), 0) FROM (SELECT rowid FROM decision_search WHERE decision_search MATCH ${match} ORDER BY rowid DESC LIMIT ${RANK_WINDOW}))`
        }
      ),
      ${topOfHits(cursor, input.limit)}
      SELECT d.id, d.title, t.slug AS team, t.name AS team_name, u.name AS author_name, u.function AS author_function, d.status, d.updated_at, top.rank,
        ${prefix ? sql`NULL` : sql`(SELECT ${snippet} FROM decision_search WHERE decision_search MATCH ${match} AND decision_search.rowid = top.id)`} AS snip,
        NULL AS snip_from
      FROM top
      JOIN decisions d ON d.id = top.id
      JOIN teams t ON t.id = d.team_id
      JOIN "user" u ON u.id = d.created_by
      ORDER BY top.rank, top.id`,
    );
    if (!prefix || rows.length === 0) return await withSnippetSource(db, rows);
    // With a prefix term, one snippet per row would merge those lists 25 times (2 ms each at 100,000
    // decisions). One cursor over the page's rowid range merges them once; the snippets are built only
    // for the page's rows ((rowid + 0) keeps that test out of FTS5's hands, so the range stays one scan).
    const ids = rows.map((r) => r.id);
    const snips = await rawRows<{ id: number; snip: string | null }>(
      db,
      sql`SELECT rowid AS id, ${snippet} AS snip FROM decision_search
        WHERE decision_search MATCH ${match} AND rowid BETWEEN ${Math.min(...ids)} AND ${Math.max(...ids)}
          AND (rowid + 0) IN (${sqlList(ids)})`,
    );
    const byId = new Map(snips.map((x) => [x.id, x.snip]));
    return await withSnippetSource(
      db,
      rows.map((r) => ({ ...r, snip: byId.get(r.id) ?? null })),
    );
  } catch (e) {
    // The query builder makes syntax errors impossible; anything FTS still rejects means "no results", not a 500.
    if (isRejectedSearch(e)) return [];
    throw e;
  }
}

/** A snippet's own text: the hit markers and the ellipses at its ends taken out. */
const bareSnippet = (snip: string) => snip.replaceAll(HIT_OPEN, '').replaceAll(HIT_CLOSE, '').replace(/^…/, '').replace(/…$/, '');

/**
 * SQLite: which column each row's snippet came from. FTS5's snippet(-1) picks the column itself and does not
 * say which; its text is a verbatim stretch of that column, so the page's rows (one query, read by rowid)
 * look for it in their columns, in SEARCH_COLUMNS' order.
 */
async function withSnippetSource(db: Db, rows: RankedRow[]): Promise<RankedRow[]> {
  const withSnip = rows.filter((r) => r.snip && bareSnippet(r.snip).trim());
  if (withSnip.length === 0) return rows;
  const found = await rawRows<{ id: number; src: SnippetSource | null }>(
    db,
    sql`WITH p(id, b) AS (VALUES ${sql.join(
      withSnip.map((r) => sql`(${r.id}, ${bareSnippet(r.snip!)})`),
      sql`, `,
    )})
      SELECT p.id, CASE ${sql.join(
        SEARCH_COLUMNS.map((c) => sql`WHEN instr(s.${c.column}, p.b) > 0 THEN ${c.source}`),
        sql` `,
      )} END AS src
      FROM p JOIN decision_search s ON s.rowid = p.id`,
  );
  const byId = new Map(found.map((x) => [x.id, x.src]));
  return rows.map((r) => ({ ...r, snip_from: byId.get(r.id) ?? null }));
}

/**
 * Ranks: ts_rank_cd weights for D, C, B, A (comments, the body sections, summary and decision, title),
 * normalised by document length (1 = divide by 1 + log(length)); negated so that lower is better, as bm25.
 */
const PG_WEIGHTS = sql.raw(`'{0.1, 0.3, 0.6, 1.0}'::float4[]`);
/** ts_headline options: one fragment of about 14 words, hits between the same markers as FTS5's snippet. */
const PG_HEADLINE = `StartSel=${HIT_OPEN}, StopSel=${HIT_CLOSE}, MaxWords=14, MinWords=6, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`;

/** How many of the newest decisions windowTier samples. */
const TIER_SAMPLE = 300;

/**
 * PostgreSQL, unfiltered word queries: where the newest RANK_WINDOW matches probably lie, as the lowest
 * decision id to look above first, or null to look everywhere at once. The GIN index answers a common word
 * with a bitmap of every match, and reading each match's row for its id was most of such a query's time
 * (29,500 rows over the whole heap for `caveat pattern window` at 100,000 decisions). A sample of the newest
 * decisions estimates how dense the matches are; when they are dense, the window is looked for among the
 * newest ids that should hold it half again over, and the bitmap is intersected with that id range first.
 * The caller still looks below the bound when the guess was short, so the window is exactly the same.
 * Sparse words are left alone: their bitmap is small, and intersecting it with a wide id range cost more.
 * Called inside rankedSearchPg's try, so a query the engine rejects is answered there, once.
 */
async function windowTier(db: Db, tsquery: SQL): Promise<number | null> {
  const [probe] = await rawRows<{ top: number | null; sampled: number; matched: number }>(
    db,
    sql`SELECT max(decision_id) AS top, count(*) AS sampled, count(*) FILTER (WHERE document @@ ${tsquery}) AS matched
      FROM (SELECT decision_id, document FROM decision_search ORDER BY decision_id DESC LIMIT ${TIER_SAMPLE}) newest`,
  );
  if (!probe || probe.top === null || probe.sampled < TIER_SAMPLE || probe.matched * 4 < probe.sampled) return null;
  const low = probe.top - Math.ceil(((RANK_WINDOW * probe.sampled) / probe.matched) * 1.5);
  return low > 0 ? low : null;
}

async function rankedSearchPg(db: Db, input: { match: string; where: SQL[]; after: readonly [number, number] | null; limit: number }): Promise<RankedRow[]> {
  const { match, where, after: cursor } = input;
  /*
   * The query is shared through a CTE (q), which hides it from the planner: it then takes the GIN index's
   * matches as a bitmap, which is right for words, since the index answers them exactly. A phrase is
   * different: each match must be rechecked against its document, so a common phrase meant detoasting every
   * match (0.4 s for "conversion fell" at 100,000 decisions). A phrase query is written out where it is used,
   * so the planner sees it and walks the newest decisions instead (18 ms). Words written out the same way
   * led the planner into that walk for words of middling frequency, which is slower for them.
   */
  const tsquery = sql`to_tsquery(${TS_CONFIG}, ${match})`;
  const visible = tsHasPhrase(match);
  const query = visible ? tsquery : sql`q.query`;
  const withQ = visible ? sql`` : sql`q AS MATERIALIZED (SELECT ${tsquery} AS query),`;
  const crossQ = visible ? sql`` : sql`CROSS JOIN q`;
  const rank = (document: SQL) => sql`CAST(round(-ts_rank_cd(${PG_WEIGHTS}, ${document}, ${query}, 1) * 1000000) AS bigint)`;
  /*
   * Without filters only the RANK_WINDOW newest matches are ranked. The window's ids are chosen once and
   * their documents read by key, so nothing is matched twice (a second pass over the matches would learn the
   * window's lower bound only at run time, and the planner would then recheck every match of a phrase).
   * Carrying the documents through the window's sort instead of its ids made a common word a third slower.
   */
  const windowed = (bound: SQL) => sql`SELECT s.decision_id FROM decision_search s ${crossQ}
        WHERE s.document @@ ${query} AND ${bound}
        ORDER BY s.decision_id DESC`;
  try {
    const low = where.length || visible ? null : await windowTier(db, tsquery);
    const hits = where.length
      ? sql`hits AS (
          SELECT s.decision_id AS id, ${rank(sql`s.document`)} AS rank
          FROM decision_search s ${crossQ}
          JOIN decisions d ON d.id = s.decision_id
          WHERE s.document @@ ${query} AND ${sql.join(where, sql` AND `)}
        ),`
      : sql`${
          low === null
            ? sql`w AS MATERIALIZED (${windowed(sql`true`)} LIMIT ${RANK_WINDOW}),`
            : // The newest decisions first; the older ones only if they held too few matches (one-time filter).
              sql`wt AS MATERIALIZED (${windowed(sql`s.decision_id > ${low}`)} LIMIT ${RANK_WINDOW}),
        w AS MATERIALIZED (
          SELECT decision_id FROM wt
          UNION ALL
          (${windowed(sql`s.decision_id <= ${low} AND (SELECT count(*) FROM wt) < ${RANK_WINDOW}`)} LIMIT ${RANK_WINDOW} - (SELECT count(*) FROM wt))
        ),`
        }
        hits AS (
          SELECT s.decision_id AS id, ${rank(sql`s.document`)} AS rank
          FROM w JOIN decision_search s ON s.decision_id = w.decision_id ${crossQ}
        ),`;
    const rows = await rawRows<RankedRow>(
      db,
      sql`
      WITH ${withQ}
      ${hits}
      ${topOfHits(cursor, input.limit)}
      SELECT d.id, d.title, t.slug AS team, t.name AS team_name, u.name AS author_name, u.function AS author_function, d.status, d.updated_at, top.rank,
        -- Like FTS5's snippet(-1): an excerpt of a column that matches (m.src, the first in SEARCH_COLUMNS). ts_headline's parser
        -- would swallow anything shaped like an HTML tag, so '<' travels as U+E000 and comes back below.
        ts_headline(${TS_CONFIG}, replace(CASE m.src ${sql.join(
          SEARCH_COLUMNS.map((c) => sql`WHEN ${c.source} THEN s.${c.column}`),
          sql` `,
        )} ELSE s.summary END, '<', chr(57344)), ${query}, ${PG_HEADLINE}) AS snip,
        m.src AS snip_from
      FROM top ${crossQ}
      JOIN decisions d ON d.id = top.id
      JOIN teams t ON t.id = d.team_id
      JOIN "user" u ON u.id = d.created_by
      JOIN decision_search s ON s.decision_id = top.id
      CROSS JOIN LATERAL (SELECT CASE ${sql.join(
        SEARCH_COLUMNS.map((c) => sql`WHEN to_tsvector(${TS_CONFIG}, s.${c.column}) @@ ${query} THEN ${c.source}`),
        sql` `,
      )} END AS src) m
      ORDER BY top.rank, top.id`,
    );
    return rows.map((r) => ({ ...r, snip: r.snip === null ? null : r.snip.replaceAll('\uE000', '<') }));
  } catch (e) {
    if (isRejectedSearch(e)) return [];
    throw e;
  }
}
