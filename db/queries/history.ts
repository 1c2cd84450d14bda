import { sql, type SQL } from 'drizzle-orm';
import { AppError, parseOrThrow } from '@/lib/errors';
import { decodeCursor, toPage, type Page } from '@/lib/pagination';
import { toFtsQuery } from '@/lib/search';
import { type DecisionStatus, type UserFunction } from '@/lib/validation/common';
import { listDecisionsQuerySchema, type HistoryQuery } from '@/lib/validation/decision';
import type { Db } from '../client';
import type { Person } from './decisions';
import { getTeamBySlug } from './teams';
import { getUserByEmail, type Viewer } from './users';

/*
 * The history: every decision, filtered by team, status, author, tag, cited
 * metric, date range and words, sorted by last activity or publish date.
 * One SQL statement per page; each filter is an indexed EXISTS or range.
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
    const author = q.author === 'me' ? viewer : await getUserByEmail(db, q.author);
    if (!author) return null;
    where.push(sql`EXISTS (SELECT 1 FROM decision_authors da WHERE da.decision_id = d.id AND da.user_id = ${author.id})`);
  }
  if (q.tag) where.push(sql`EXISTS (SELECT 1 FROM decision_tags dt WHERE dt.tag = ${q.tag} AND dt.decision_id = d.id)`);
  if (q.metric) where.push(sql`EXISTS (SELECT 1 FROM decision_metrics dm JOIN metrics m ON m.id = dm.metric_id WHERE m.key = ${q.metric} AND dm.decision_id = d.id)`);
  if (q.from) where.push(sql`${dateColumn} >= ${Date.parse(`${q.from}T00:00:00Z`)}`);
  if (q.to) where.push(sql`${dateColumn} < ${Date.parse(`${q.to}T00:00:00Z`) + DAY}`);
  if (opts.fts !== false && q.q?.trim()) {
    const match = toFtsQuery(q.q);
    if (!match) return null;
    where.push(sql`d.id IN (SELECT rowid FROM decision_search WHERE decision_search MATCH ${match})`);
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
  published_relaxed: number;
  imported: number;
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

/** The columns every decision list selects, from `decisions d JOIN teams t JOIN user u` (creator). */
export const listColumnsSql = sql`d.id, d.title, d.status, t.slug AS team, t.name AS team_name, d.current_revision AS revision,
        d.updated_at, d.last_activity_at, d.published_at, d.published_relaxed, d.imported,
        u.id AS author_id, u.name AS author_name, u.email AS author_email, u.function AS author_function,
        (SELECT count(*) FROM comments c WHERE c.decision_id = d.id AND c.deleted_at IS NULL) AS comments,
        (SELECT count(*) FROM reviews r WHERE r.decision_id = d.id) AS verdicts,
        (SELECT o.verdict FROM outcomes o WHERE o.decision_id = d.id ORDER BY o.id DESC LIMIT 1) AS outcome,
        (SELECT s.summary FROM decision_search s WHERE s.rowid = d.id) AS summary`;

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
    rows = db.all<Row>(sql`
      SELECT ${listColumnsSql},
        ${key} AS sort_key
      FROM decisions d
      JOIN teams t ON t.id = d.team_id
      JOIN user u ON u.id = d.created_by
      ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
      ORDER BY ${key} DESC, d.id DESC
      LIMIT ${q.limit + 1}`);
  } catch (e) {
    if (e instanceof Error && /fts5|syntax|malformed/i.test(e.message)) return { items: [], nextCursor: null };
    throw e;
  }
  return toPage(
    rows,
    q.limit,
    (r) => [r.sort_key, r.id],
    toListItem,
  );
}

export type ChainLink = { id: number; title: string; status: DecisionStatus; publishedAt: string | null };

/**
 * The supersede chain through a decision, oldest first (A → superseded by B → superseded by C). One recursive query.
 * Each walk carries the ids it has visited and stops at a repeat, so a cycle already in the database
 * (A supersedes B, B supersedes A) ends the chain instead of repeating it; each decision appears once.
 */
export async function supersedeChain(db: Db, input: { id: number }): Promise<ChainLink[]> {
  type R = { id: number; title: string; status: DecisionStatus; published_at: number | null; depth: number };
  const rows = db.all<R>(sql`
    WITH RECURSIVE
      back(id, depth, seen) AS (SELECT CAST(${input.id} AS INTEGER), 0, ',' || CAST(${input.id} AS INTEGER) || ','
        UNION ALL SELECT d.supersedes_id, back.depth - 1, back.seen || d.supersedes_id || ',' FROM decisions d JOIN back ON d.id = back.id
        WHERE d.supersedes_id IS NOT NULL AND back.depth > -50 AND instr(back.seen, ',' || d.supersedes_id || ',') = 0),
      fwd(id, depth, seen) AS (SELECT CAST(${input.id} AS INTEGER), 0, ',' || CAST(${input.id} AS INTEGER) || ','
        UNION ALL SELECT d.superseded_by_id, fwd.depth + 1, fwd.seen || d.superseded_by_id || ',' FROM decisions d JOIN fwd ON d.id = fwd.id
        WHERE d.superseded_by_id IS NOT NULL AND fwd.depth < 50 AND instr(fwd.seen, ',' || d.superseded_by_id || ',') = 0),
      chain(id, depth) AS (SELECT id, depth FROM back UNION ALL SELECT id, depth FROM fwd WHERE id NOT IN (SELECT id FROM back))
    SELECT d.id, d.title, d.status, d.published_at, chain.depth FROM chain JOIN decisions d ON d.id = chain.id ORDER BY chain.depth`);
  if (rows.length === 0) throw new AppError('not_found', `There is no decision #${input.id}`);
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, publishedAt: r.published_at === null ? null : new Date(r.published_at).toISOString() }));
}

export type FeedEntry = { id: number; title: string; team: string; teamName: string; author: string; status: DecisionStatus; publishedAt: string; summary: string; decision: string };

/** The latest published decisions, org-wide or for one team, for the Atom feed. */
export async function publishedFeed(db: Db, input: { teamId?: number; limit?: number }): Promise<FeedEntry[]> {
  type R = { id: number; title: string; team: string; team_name: string; author: string; status: DecisionStatus; published_at: number; summary: string | null; decision: string | null };
  const rows = db.all<R>(sql`
    SELECT d.id, d.title, t.slug AS team, t.name AS team_name, u.name AS author, d.status, d.published_at,
      json_extract(r.content, '$.summary') AS summary, json_extract(r.content, '$.decision') AS decision
    FROM decisions d
    JOIN teams t ON t.id = d.team_id
    JOIN user u ON u.id = d.created_by
    JOIN revisions r ON r.decision_id = d.id AND r.number = d.current_revision
    WHERE d.published_at IS NOT NULL ${input.teamId ? sql`AND d.team_id = ${input.teamId}` : sql``}
    ORDER BY d.published_at DESC, d.id DESC
    LIMIT ${Math.min(input.limit ?? 50, 200)}`);
  return rows.map((r) => ({ id: r.id, title: r.title, team: r.team, teamName: r.team_name, author: r.author, status: r.status, publishedAt: new Date(r.published_at).toISOString(), summary: r.summary ?? '', decision: r.decision ?? '' }));
}
