import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { pgPool, rawRows, sqliteClient, type Db } from '@/db/client';
import { engine } from '@/db/engine';
import { addComment } from '@/db/queries/comments';
import { createDecision, getDecision, listRevisions } from '@/db/queries/decisions';
import { listDecisionEvents } from '@/db/queries/events';
import { countNeedsMyReview, listFeed } from '@/db/queries/feed';
import { listDecisions, searchDecisions, supersedeChain } from '@/db/queries/history';
import { listInbox, unreadCount } from '@/db/queries/inbox';
import { listRelated } from '@/db/queries/links';
import { getMetricsByKeys } from '@/db/queries/metrics';
import { getLifecycle, getReadiness, listOutcomes } from '@/db/queries/publish';
import { listThreadPage } from '@/db/queries/comments';
import { circulate, listRequests, listReviews } from '@/db/queries/review';
import { discussionExpand } from '@/lib/discussion';
import { testDb } from './helpers/db';
import { demoContent, publishAt, publishingWorkspace } from './helpers/publishing';

/*
 * The pages that must stay flat from 1,000 to 100,000 decisions read through
 * indexes: no statement they run scans a whole table. A plain JOIN between
 * the supersede chain's recursive CTE and `decisions` once made SQLite scan
 * every decision twice per decision page (111 ms at 100,000 decisions), which
 * no functional test notices. SQLite plans by its table statistics (PRAGMA
 * optimize and ANALYZE write them), so this small database is given the
 * statistics of the benchmark's 100,000-decision workspace
 * (fixtures/sqlite-stat1-100k.json, from `npm run bench`) and plans as that one
 * does. PostgreSQL rightly scans tables this small and its statistics cannot be
 * loaded, so there each statement is planned with sequential scans disabled:
 * the planner then takes one only where no index can serve the statement.
 */

const STATS_100K = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures', 'sqlite-stat1-100k.json'), 'utf8')) as { tbl: string; idx: string | null; stat: string }[];

const TABLES = ['decisions', 'revisions', 'comments', 'events', 'reviews', 'review_requests', 'decision_authors', 'notifications', 'outcomes', 'decision_links', 'session', 'user'];

type Statement = { sql: string; params: unknown[] };

/** Every statement (with its parameters) that `fn` runs on the database's main connection (SQLite) or pool (PostgreSQL). */
async function statementsOf(db: Db, fn: () => Promise<unknown>): Promise<Statement[]> {
  const seen: Statement[] = [];
  if (engine() === 'pg') {
    // drizzle sends every read through pool.query, as (text or { text, … }, values).
    const pool = pgPool(db) as unknown as { query: (...args: unknown[]) => unknown };
    const query = pool.query;
    pool.query = (...args: unknown[]) => {
      const [first, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      const text = typeof first === 'string' ? first : first.text;
      seen.push({ sql: text, params: values ?? (typeof first === 'string' ? [] : (first.values ?? [])) });
      return query.apply(pool, args);
    };
    try {
      await fn();
    } finally {
      pool.query = query;
    }
    return seen;
  }
  const conn = sqliteClient(db) as unknown as { prepare: (s: string) => Database.Statement };
  const prepare = conn.prepare;
  // drizzle runs a statement as stmt.all(…) or stmt.raw().all(…): record the parameters of either.
  const watch = (source: string, stmt: Database.Statement): Database.Statement =>
    new Proxy(stmt, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'all' || key === 'get' || key === 'run') seen.push({ sql: source, params: args });
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result === target ? watch(source, target) : result;
        };
      },
    });
  conn.prepare = (source: string) => watch(source, prepare.call(conn, source));
  try {
    await fn();
  } finally {
    conn.prepare = prepare;
  }
  return seen;
}

type PgPlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PgPlanNode[] };

/** Every full-table scan of a table in TABLES behind the statements, each as "table in: statement". */
async function fullScans(db: Db, statements: Statement[]): Promise<string[]> {
  const scans: string[] = [];
  const found = (table: string, statement: Statement) => scans.push(`${table} in: ${statement.sql.replace(/\s+/g, ' ').slice(0, 160)}`);
  if (engine() === 'pg') {
    // One connection with sequential scans disabled: a Seq Scan left in a plan means no index can serve it.
    const client = await pgPool(db).connect();
    try {
      await client.query('SET enable_seqscan = off');
      for (const statement of statements) {
        const [row] = (await client.query(`EXPLAIN (FORMAT JSON) ${statement.sql}`, statement.params)).rows as { 'QUERY PLAN': [{ Plan: PgPlanNode }] }[];
        const visit = (node: PgPlanNode) => {
          if (node['Node Type'] === 'Seq Scan' && TABLES.includes(node['Relation Name']!)) found(node['Relation Name']!, statement);
          node.Plans?.forEach(visit);
        };
        visit(row!['QUERY PLAN'][0].Plan);
      }
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
    return scans;
  }
  // SQLite: "SCAN x" without an index, for x a table (or an alias of one).
  const conn = sqliteClient(db);
  for (const statement of statements) {
    const plan = conn.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...(statement.params as never[])) as { detail: string }[];
    const aliases = new Map<string, string>();
    for (const m of statement.sql.matchAll(/\b(?:from|join)\s+"?(\w+)"?(?:\s+(?:as\s+)?"?(\w+)"?)?/gi)) {
      aliases.set(m[1]!, m[1]!);
      if (m[2] && !/^(on|where|join|left|inner|cross|using|group|order|limit|union)$/i.test(m[2])) aliases.set(m[2], m[1]!);
    }
    for (const p of plan) {
      const name = /^SCAN "?(\w+)"?$/.exec(p.detail)?.[1];
      const table = name && (aliases.get(name) ?? name);
      if (table && TABLES.includes(table)) found(table, statement);
    }
  }
  return scans;
}

describe('query plans', async () => {
  const db = await testDb();
  if (engine() === 'pg') {
    // What PostgreSQL needs at scale besides indexes: a search picks its recency window from a common
    // word's matches by visiting their heap rows, so the search table keeps long rows' texts and tsvector
    // out of line (db/migrations-pg/0002_search_toast.sql: 160 ms for that window at 100,000 decisions before, 25 ms after).
    it('keep the search table\'s rows small on PostgreSQL', async () => {
      const [table] = await rawRows<{ options: string[] | null }>(db, sql`SELECT reloptions AS options FROM pg_class WHERE oid = 'decision_search'::regclass`);
      expect(table?.options).toContain('toast_tuple_target=128');
    });
  }
  const ws = await publishingWorkspace(db);
  const team = ws.team.slug;
  const older = await publishAt(db, '2025-01-10T10:00:00Z', { team, author: ws.pm, reviewer: ws.ds, content: { title: 'Older: weekly digest' } });
  const id = await publishAt(db, '2025-02-10T10:00:00Z', { team, author: ws.pm, reviewer: ws.ds, content: { title: 'Newer: daily digest' }, supersedes: older });
  await addComment(db, ws.eng, { id, section: 'methodology', kind: 'question', body: 'Which week?' });
  const open = await createDecision(db, ws.pm, { team, content: demoContent(Date.now(), { title: 'Open: a decision in review' }) });
  await circulate(db, ws.pm, { id: open.id, reviewers: [ws.ds.email] });
  if (engine() === 'sqlite') {
    // Plan as at 100,000 decisions: load that workspace's statistics (ANALYZE sqlite_schema reloads them).
    const conn = sqliteClient(db);
    conn.exec('ANALYZE');
    conn.exec('DELETE FROM sqlite_stat1');
    const insert = conn.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)');
    for (const row of STATS_100K) insert.run(row.tbl, row.idx, row.stat);
    conn.exec('ANALYZE sqlite_schema');
  }

  it('no read behind the decision page and the header scans a whole table', async () => {
    for (const [decisionId, viewer] of [
      [id, ws.eng],
      [open.id, ws.pm],
    ] as const) {
      const statements = await statementsOf(db, async () => {
        const decision = await getDecision(db, { id: decisionId, viewer });
        await Promise.all([
          listRevisions(db, { id: decisionId }),
          getMetricsByKeys(db, decision.content.metrics.map((m) => m.key)),
          listThreadPage(db, { id: decisionId, viewer, expand: discussionExpand({}) }),
          listReviews(db, { id: decisionId }),
          listRequests(db, { id: decisionId }),
          listDecisionEvents(db, { decisionId, limit: 30 }),
          getReadiness(db, { id: decisionId, previewFor: { viewer, can: decision.can } }),
          getLifecycle(db, { id: decisionId }),
          listOutcomes(db, { id: decisionId }),
          supersedeChain(db, { id: decisionId }),
          listRelated(db, { id: decisionId }),
          countNeedsMyReview(db, viewer),
          unreadCount(db, viewer),
        ]);
      });
      expect(statements.length).toBeGreaterThan(10);
      expect(await fullScans(db, statements)).toEqual([]);
    }
  });

  it('the review feed, the inbox, the history list and search do not scan a whole table either', async () => {
    const statements = await statementsOf(db, async () => {
      for (const tab of ['needs-my-review', 'all']) await listFeed(db, ws.ds, { tab });
      await listInbox(db, ws.ds, {});
      await listDecisions(db, ws.eng, { team: ws.team.slug, status: 'published', sort: 'published' });
      await listDecisions(db, ws.eng, {});
      await searchDecisions(db, ws.eng, { q: 'digest' });
    });
    expect(statements.length).toBeGreaterThan(2);
    expect(await fullScans(db, statements)).toEqual([]);
  });
});
