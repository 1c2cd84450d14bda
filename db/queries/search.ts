import { sql, type SQL } from 'drizzle-orm';
import { parseOrThrow } from '@/lib/errors';
import { decodeCursor, encodeCursor, type Page } from '@/lib/pagination';
import { plainSnippetParts } from '@/lib/plain-text';
import { HIT_CLOSE, HIT_OPEN, toFtsQuery, type SnippetPart } from '@/lib/search';
import { type DecisionStatus } from '@/lib/validation/common';
import { listDecisionsQuerySchema } from '@/lib/validation/decision';
import type { Db, Executor } from '../client';
import { historyFilters } from './history';
import type { Viewer } from './users';

/*
 * Full-text search (SQLite FTS5, bm25). The index row of a decision is
 * rebuilt from its current revision and its comments inside the same
 * transaction as any change to either — one place, one SQL statement.
 */

const indexRows = (where: SQL) => sql`
  INSERT INTO decision_search (rowid, title, summary, context, decision, methodology, open_critique, sources, comments)
  SELECT d.id,
    json_extract(r.content, '$.title'), json_extract(r.content, '$.summary'), json_extract(r.content, '$.context'),
    json_extract(r.content, '$.decision'), json_extract(r.content, '$.methodology'), json_extract(r.content, '$.openCritique'),
    (SELECT group_concat(json_extract(s.value, '$.name'), ' · ') FROM json_each(r.content, '$.dataSources') s),
    (SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.decision_id = d.id AND c.deleted_at IS NULL)
  FROM decisions d JOIN revisions r ON r.decision_id = d.id AND r.number = d.current_revision
  WHERE ${where}`;

/** Re-index one decision (call inside the transaction that changed it). */
export function reindexSearch(tx: Executor, decisionId: number): void {
  tx.run(sql`DELETE FROM decision_search WHERE rowid = ${decisionId}`);
  tx.run(indexRows(sql`d.id = ${decisionId}`));
}

/** Rebuild the whole index (the CLI's `search rebuild`, and after bulk loads). */
export async function rebuildSearch(db: Db): Promise<number> {
  return db.transaction((tx) => {
    tx.run(sql`DELETE FROM decision_search`);
    tx.run(indexRows(sql`1 = 1`));
    return tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM decision_search`)?.n ?? 0;
  });
}


/** `snippet` is plain text (Markdown syntax removed, lib/plain-text.ts) with the matched words marked. */
export type SearchHit = { id: number; title: string; team: string; teamName: string; status: DecisionStatus; snippet: SnippetPart[]; updatedAt: string };

/** Without filters, only this many of the most recent matches are ranked (see README, "Search"). */
export const RANK_WINDOW = 2000;

/** Column weights for bm25: a hit in the title counts most, then summary and decision. */
const RANK = sql.raw(`bm25(decision_search, 10.0, 6.0, 2.0, 4.0, 2.0, 2.0, 3.0, 1.0)`);

/** Ranked search, narrowed by the same filters as the history list (team, status, author, tag, metric, dates). */
export async function searchDecisions(db: Db, viewer: Viewer, input: unknown): Promise<Page<SearchHit>> {
  const q = parseOrThrow(listDecisionsQuerySchema, input);
  const match = toFtsQuery(q.q ?? '');
  if (!match) return { items: [], nextCursor: null };
  // Cursor: [rank × 1e6 rounded, id] — ranks are floats; the id breaks ties.
  const cursor = decodeCursor(q.cursor, ['number', 'number'] as const);
  const where = await historyFilters(db, viewer, q, sql.raw('d.last_activity_at'), { fts: false });
  if (!where) return { items: [], nextCursor: null };
  type Row = { id: number; title: string; team: string; team_name: string; status: DecisionStatus; snip: string; rank: number; updated_at: number };
  let rows: Row[];
  try {
    // Rank every match but build snippets only for the page: the top rows are chosen first.
    rows = db.all<Row>(sql`
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
      top AS (
        SELECT id, rank FROM hits
        ${cursor ? sql`WHERE (rank, id) > (${cursor[0]}, ${cursor[1]})` : sql``}
        ORDER BY rank, id
        LIMIT ${q.limit + 1}
      )
      SELECT d.id, d.title, t.slug AS team, t.name AS team_name, d.status, d.updated_at, top.rank,
        (SELECT snippet(decision_search, -1, ${HIT_OPEN}, ${HIT_CLOSE}, '…', 14) FROM decision_search WHERE decision_search MATCH ${match} AND decision_search.rowid = top.id) AS snip
      FROM top
      JOIN decisions d ON d.id = top.id
      JOIN teams t ON t.id = d.team_id
      ORDER BY top.rank, top.id`);
  } catch (e) {
    // The query builder makes syntax errors impossible; anything FTS still rejects means "no results", not a 500.
    if (e instanceof Error && /fts5|syntax|malformed/i.test(e.message)) return { items: [], nextCursor: null };
    throw e;
  }
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ id: r.id, title: r.title, team: r.team, teamName: r.team_name, status: r.status, snippet: plainSnippetParts(r.snip ?? ''), updatedAt: new Date(r.updated_at).toISOString() })),
    nextCursor: more && last ? encodeCursor([last.rank, last.id]) : null,
  };
}
