import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { AppError, parseOrThrow } from '@/lib/errors';
import { decodeCursor, encodeCursor, toPage, type Page } from '@/lib/pagination';
import { plainSnippetParts } from '@/lib/plain-text';
import type { SnippetPart, SnippetSource } from '@/lib/search';
import { type DecisionStatus, type UserFunction } from '@/lib/validation/common';
import { listDecisionsQuerySchema, type HistoryQuery } from '@/lib/validation/decision';
import { likeText, rawRows, type Db } from '../client';
import type { Person } from './facts';
import { isRejectedSearch, matchFilterSql, matchQuery, rankedSearch, searchSummarySql } from './search';
import { getTeamBySlug } from './teams';
import { getUserByEmail, type Viewer } from './users';

/*
 * The history: every decision, filtered by team, status, author, tag, cited
 * metric, date range and words, sorted by last activity or publish date, or
 * ranked by relevance (searchDecisions). One SQL statement per page; each
 * filter is an indexed EXISTS or range. The engine's full-text SQL is
 * ./search's; this module only calls it.
 */

export type DecisionListItem = {
  id: number;
  title: string;
  status: DecisionStatus;
  team: string;
  teamName: string;
  author: Person;
  revision: number;
  updatedAt: string;
  lastActivityAt: string;
  publishedAt: string | null;
  /** Published under a team policy weaker than Candor's default gate (db/queries/publish.ts). */
  publishedRelaxed?: boolean;
  /** The summary (TL;DR) line of the current revision, read from the search index by rowid. */
  summary?: string;
  imported: boolean;
  comments: number;
  verdicts: number;
  /** The latest recorded outcome, if any. */
  outcome: 'validated' | 'invalidated' | 'inconclusive' | null;
};

const DAY = 24 * 3600e3;

/**
 * Filters as SQL over the alias `d` (decisions). Null when a filter names
 * something that does not exist (an unknown author or team): the list is empty.
 */
export async function historyFilters(db: Db, viewer: Viewer, q: HistoryQuery, dateColumn: SQL, opts: { fts?: boolean } = {}): Promise<SQL[] | null> {
  const where: SQL[] = [];
  if (q.team) {
    const team = await getTeamBySlug(db, q.team);
    if (!team) return null;
    where.push(sql`d.team_id = ${team.id}`);
  }
  if (q.status) where.push(sql`d.status = ${q.status}`);
  if (q.author) {
    if (q.author === 'me' || q.author.includes('@')) {
      const author = q.author === 'me' ? viewer : await getUserByEmail(db, q.author);
      if (!author) return null;
      where.push(sql`EXISTS (SELECT 1 FROM decision_authors da WHERE da.decision_id = d.id AND da.user_id = ${author.id})`);
    } else {
      // A name, or part of one ("Priya", "raman"): decisions any such person co-authors, whether they still work here or not.
      const part = likeText(q.author);
      if (!part) return null;
      where.push(sql`EXISTS (SELECT 1 FROM decision_authors da JOIN "user" u ON u.id = da.user_id WHERE da.decision_id = d.id AND lower(u.name) LIKE ${`%${part}%`})`);
    }
  }
  if (q.tag) where.push(sql`EXISTS (SELECT 1 FROM decision_tags dt WHERE dt.tag = ${q.tag} AND dt.decision_id = d.id)`);
  if (q.metric) where.push(sql`EXISTS (SELECT 1 FROM decision_metrics dm JOIN metrics m ON m.id = dm.metric_id WHERE m.key = ${q.metric} AND dm.decision_id = d.id)`);
  if (q.from) where.push(sql`${dateColumn} >= ${Date.parse(`${q.from}T00:00:00Z`)}`);
  if (q.to) where.push(sql`${dateColumn} < ${Date.parse(`${q.to}T00:00:00Z`) + DAY}`);
  if (opts.fts !== false && q.q?.trim()) {
    const match = matchQuery(q.q);
    if (!match) return null;
    where.push(matchFilterSql(sql.raw('d.id'), match));
  }
  return where;
}

/** A decision list row as the list query selects it (listColumnsSql), plus the sort key. */
export type ListRow = {
  id: number;
  title: string;
  status: DecisionStatus;
  team: string;
  team_name: string;
  revision: number;
  updated_at: number;
  last_activity_at: number;
  published_at: number | null;
  /** 0/1 on SQLite, false/true on PostgreSQL. */
  published_relaxed: number | boolean;
  imported: number | boolean;
  author_id: string;
  author_name: string;
  author_email: string;
  author_function: string;
  comments: number;
  verdicts: number;
  outcome: DecisionListItem['outcome'];
  summary: string | null;
};
type Row = ListRow & { sort_key: number };

/**
 * The summary column, from the search index (db/queries/search.ts). Built when
 * a query is, not when this module loads: the SQL depends on the engine
 * (db/engine.ts), and importing a module should not read the environment.
 */
const summaryColumn: SQLWrapper = { getSQL: () => searchSummarySql(sql.raw('d.id')), shouldOmitSQLParens: () => true };

/** The columns every decision list selects, from `decisions d JOIN teams t JOIN "user" u` (creator). */
export const listColumnsSql = sql`d.id, d.title, d.status, t.slug AS team, t.name AS team_name, d.current_revision AS revision,
        d.updated_at, d.last_activity_at, d.published_at, d.published_relaxed, d.imported,
        u.id AS author_id, u.name AS author_name, u.email AS author_email, u.function AS author_function,
        (SELECT count(*) FROM comments c WHERE c.decision_id = d.id AND c.deleted_at IS NULL) AS comments,
        (SELECT count(*) FROM reviews r WHERE r.decision_id = d.id) AS verdicts,
        (SELECT o.verdict FROM outcomes o WHERE o.decision_id = d.id ORDER BY o.id DESC LIMIT 1) AS outcome,
        ${summaryColumn} AS summary`;

export function toListItem(r: ListRow): DecisionListItem {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    team: r.team,
    teamName: r.team_name,
    author: { id: r.author_id, name: r.author_name, email: r.author_email, function: r.author_function as UserFunction },
    revision: r.revision,
    updatedAt: new Date(r.updated_at).toISOString(),
    lastActivityAt: new Date(r.last_activity_at).toISOString(),
    publishedAt: r.published_at === null ? null : new Date(r.published_at).toISOString(),
    publishedRelaxed: !!r.published_relaxed,
    imported: !!r.imported,
    comments: r.comments,
    verdicts: r.verdicts,
    outcome: r.outcome,
    summary: r.summary ?? '',
  };
}

export async function listDecisions(db: Db, viewer: Viewer, input: unknown): Promise<Page<DecisionListItem>> {
  const q = parseOrThrow(listDecisionsQuerySchema, input);
  const sort = q.sort ?? 'activity';
  const key = sort === 'published' ? sql.raw('d.published_at') : sql.raw('d.last_activity_at');
  const cursor = decodeCursor(q.cursor, ['number', 'number'] as const);
  const where = await historyFilters(db, viewer, q, key);
  if (!where) return { items: [], nextCursor: null };
  if (sort === 'published') where.push(sql`d.published_at IS NOT NULL`);
  if (cursor) where.push(sql`(${key}, d.id) < (${cursor[0]}, ${cursor[1]})`);
  let rows: Row[];
  try {
    rows = await rawRows<Row>(
      db,
      sql`
      SELECT ${listColumnsSql},
        ${key} AS sort_key
      FROM decisions d
      JOIN teams t ON t.id = d.team_id
      JOIN "user" u ON u.id = d.created_by
      ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
      ORDER BY ${key} DESC, d.id DESC
      LIMIT ${q.limit + 1}`,
    );
  } catch (e) {
    if (isRejectedSearch(e)) return { items: [], nextCursor: null };
    throw e;
  }
  return toPage(
    rows,
    q.limit,
    (r) => [r.sort_key, r.id],
    toListItem,
  );
}

/** `snippet` is plain text (Markdown syntax removed, lib/plain-text.ts) with the matched words marked. */
export type SearchHit = { id: number; title: string; team: string; teamName: string; author: { name: string; function: UserFunction }; status: DecisionStatus; snippet: SnippetPart[]; snippetFrom: SnippetSource | null; updatedAt: string };

/** Ranked search, narrowed by the same filters as the history list (team, status, author, tag, metric, dates). */
export async function searchDecisions(db: Db, viewer: Viewer, input: unknown): Promise<Page<SearchHit>> {
  const q = parseOrThrow(listDecisionsQuerySchema, input);
  const match = matchQuery(q.q ?? '');
  if (!match) return { items: [], nextCursor: null };
  // Cursor: [rank × 1e6 rounded, id] — ranks are floats; the id breaks ties.
  const cursor = decodeCursor(q.cursor, ['number', 'number'] as const);
  const where = await historyFilters(db, viewer, q, sql.raw('d.last_activity_at'), { fts: false });
  if (!where) return { items: [], nextCursor: null };
  const rows = await rankedSearch(db, { match, where, after: cursor, limit: q.limit + 1 });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ id: r.id, title: r.title, team: r.team, teamName: r.team_name, author: { name: r.author_name, function: r.author_function as UserFunction }, status: r.status, snippet: plainSnippetParts(r.snip ?? ''), snippetFrom: r.snip ? r.snip_from : null, updatedAt: new Date(r.updated_at).toISOString() })),
    nextCursor: more && last ? encodeCursor([last.rank, last.id]) : null,
  };
}

export type ChainLink = { id: number; title: string; status: DecisionStatus; publishedAt: string | null };

/**
 * The supersede chain through a decision, oldest first (A → superseded by B → superseded by C). One recursive query.
 * Each walk carries the ids it has visited and stops at a repeat, so a cycle already in the database
 * (A supersedes B, B supersedes A) ends the chain instead of repeating it; each decision appears once.
 */
export async function supersedeChain(db: Db, input: { id: number }): Promise<ChainLink[]> {
  type R = { id: number; title: string; status: DecisionStatus; published_at: number | null; depth: number };
  // `seen` is ',1,5,9,': a visited id is a `,id,` inside it (LIKE over digits and commas only).
  // CROSS JOIN makes SQLite look each chain link up by id; with a plain JOIN it pushed the join into both
  // halves of the UNION and scanned every decision twice (111 ms at 100,000 decisions, 0.1 ms now).
  const rows = await rawRows<R>(
    db,
    sql`
    WITH RECURSIVE
      back(id, depth, seen) AS (SELECT CAST(${input.id} AS BIGINT), 0, ',' || CAST(${input.id} AS BIGINT) || ','
        UNION ALL SELECT d.supersedes_id, back.depth - 1, back.seen || d.supersedes_id || ',' FROM decisions d JOIN back ON d.id = back.id
        WHERE d.supersedes_id IS NOT NULL AND back.depth > -50 AND back.seen NOT LIKE ('%,' || d.supersedes_id || ',%')),
      fwd(id, depth, seen) AS (SELECT CAST(${input.id} AS BIGINT), 0, ',' || CAST(${input.id} AS BIGINT) || ','
        UNION ALL SELECT d.superseded_by_id, fwd.depth + 1, fwd.seen || d.superseded_by_id || ',' FROM decisions d JOIN fwd ON d.id = fwd.id
        WHERE d.superseded_by_id IS NOT NULL AND fwd.depth < 50 AND fwd.seen NOT LIKE ('%,' || d.superseded_by_id || ',%')),
      chain(id, depth) AS (SELECT id, depth FROM back UNION ALL SELECT id, depth FROM fwd WHERE id NOT IN (SELECT id FROM back))
    SELECT d.id, d.title, d.status, d.published_at, chain.depth FROM chain CROSS JOIN decisions d WHERE d.id = chain.id ORDER BY chain.depth`,
  );
  if (rows.length === 0) throw new AppError('not_found', `There is no decision #${input.id}`);
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, publishedAt: r.published_at === null ? null : new Date(r.published_at).toISOString() }));
}

export type FeedEntry = { id: number; title: string; team: string; teamName: string; author: string; status: DecisionStatus; publishedAt: string; summary: string; decision: string };

/** The latest published decisions, org-wide or for one team, for the Atom feed. */
export async function publishedFeed(db: Db, input: { teamId?: number; limit?: number }): Promise<FeedEntry[]> {
  type R = { id: number; title: string; team: string; team_name: string; author: string; status: DecisionStatus; published_at: number; content: string };
  // The revision's content is JSON text: its summary and decision are read here, not with an engine's JSON functions.
  const rows = await rawRows<R>(
    db,
    sql`
    SELECT d.id, d.title, t.slug AS team, t.name AS team_name, u.name AS author, d.status, d.published_at, r.content
    FROM decisions d
    JOIN teams t ON t.id = d.team_id
    JOIN "user" u ON u.id = d.created_by
    JOIN revisions r ON r.decision_id = d.id AND r.number = d.current_revision
    WHERE d.published_at IS NOT NULL ${input.teamId ? sql`AND d.team_id = ${input.teamId}` : sql``}
    ORDER BY d.published_at DESC, d.id DESC
    LIMIT ${Math.min(input.limit ?? 50, 200)}`,
  );
  return rows.map((r) => {
    const content = JSON.parse(r.content) as { summary?: unknown; decision?: unknown };
    const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    return { id: r.id, title: r.title, team: r.team, teamName: r.team_name, author: r.author, status: r.status, publishedAt: new Date(r.published_at).toISOString(), summary: text(content.summary), decision: text(content.decision) };
  });
}
