/*
 * npm run bench [-- --engine sqlite|pg|both --instances 1 --scale 100000 --small 1000 --duration 10 --connections 10 --regenerate]
 *
 * Builds two realistic workspaces (small and large), serves each with the
 * production server, and measures with autocannon: a trivial route as the
 * baseline, the least a page costs (the signed-out sign-in page and the
 * settings page), then the review feed, an ordinary decision page, one with a
 * 600-comment thread, the history list with filters, and search — req/s, p50,
 * p99 and the ratio to the baseline measured in the same run. Also: search
 * timed in process (no HTTP, no queueing) over a mix of queries, the time to
 * evaluate the publish gate for one record, and the gzipped JavaScript the
 * decision page ships (and how much of it every page ships).
 * Prints a table and writes bench/results/latest-<engine>.json (latest-<engine>-x<N>.json
 * with --instances N).
 *
 * On SQLite (the default) each workspace is a file in bench/results; with
 * DATABASE_URL naming a PostgreSQL server, each is a database on that server
 * (candor_bench_<decisions>), created by the run. `--engine both` runs the
 * SQLite and the PostgreSQL benchmark one after the other (PostgreSQL at
 * DATABASE_URL, else CANDOR_TEST_PG_URL, else the local test server) and
 * prints them side by side. `--instances N` serves each workspace with N
 * processes (the supported way to use more than one core with Next) and
 * splits the connections between them.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDb, openDb, sqliteClient } from '@/db/client';
import { databaseUrl, engine } from '@/db/engine';
import { BENCH_USER, generateBenchWorkspace, scaleFor } from '@/db/bench-data';
import { searchDecisions } from '@/db/queries/history';
import { getUserByEmail } from '@/db/queries/users';
import { DEMO_LIFECYCLE } from '@/db/seed-data';
import { evaluateGate, type GateRecord, type GateReview } from '@/lib/gate';
import { initialSectionChangedAt } from '@/lib/revisions';
import { decisionContentSchema } from '@/lib/validation/decision';
import { defaultPolicy } from '@/lib/validation/policy';
import { startNextServer, type NextServer } from '@/scripts/next-server.mjs';
import { gzippedSizes, pageScripts } from './page-js';
import { createPgDatabase, dropPgDatabase, pgDatabaseExists, pgDatabaseUrl, pgUnavailable, pgUnreachableMessage, testPgUrl } from '@/scripts/pg-test-db.mjs';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'bench', 'results');
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '100000' },
    small: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    regenerate: { type: 'boolean', default: false },
    engine: { type: 'string', default: '' },
    instances: { type: 'string', default: '1' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const instances = Math.max(1, Math.min(8, Number(args.instances) || 1));

type Row = { target: string; path: string; rps: number; p50: number; p99: number; ratio: number; errors: number };

/** The environment that points the server at a workspace: a SQLite file, or a PostgreSQL database URL. */
type Target = { env: Record<string, string> };

async function ensureWorkspace(n: number) {
  mkdirSync(results, { recursive: true });
  const onPg = engine() === 'pg';
  const file = path.join(results, `bench-${n}.db`);
  const dbName = `candor_bench_${n}`;
  const server = onPg ? databaseUrl()! : ''; // on PostgreSQL: the server the bench databases are made on
  const pgUrl = onPg ? pgDatabaseUrl(dbName, server) : '';
  const target: Target = { env: onPg ? { DATABASE_URL: pgUrl } : { DATABASE_PATH: file } };
  const meta = onPg ? path.join(results, `bench-${n}.pg.json`) : `${file}.json`;
  const exists = onPg ? await pgDatabaseExists(dbName, server) : existsSync(file);
  if (!args.regenerate && exists && existsSync(meta)) return { target, info: JSON.parse(readFileSync(meta, 'utf8')) };
  if (onPg) {
    await dropPgDatabase(dbName, server);
    await createPgDatabase(dbName, server);
  } else {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
  const started = Date.now();
  console.log(`Generating a workspace of ${n.toLocaleString('en')} decisions…`);
  const db = await openDb(onPg ? pgUrl : file);
  const info = await generateBenchWorkspace(db, scaleFor(n), (m) => console.log(`  ${m}`));
  if (!onPg) sqliteClient(db).pragma('wal_checkpoint(TRUNCATE)');
  await closeDb(db);
  const seconds = (Date.now() - started) / 1000;
  console.log(`  done in ${seconds.toFixed(0)} s`);
  const full = { ...info, generatedInSeconds: seconds, scale: scaleFor(n) };
  writeFileSync(meta, JSON.stringify(full, null, 2));
  return { target, info: full };
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(BENCH_USER),
  });
  if (!res.ok) throw new Error(`Sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function measure(urls: string[], target: string, p: string, cookie: string | null): Promise<Omit<Row, 'ratio'>> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  // Warm up: compile-free in production, but let caches and the JIT settle.
  for (const url of urls) {
    for (let i = 0; i < 20; i++) {
      const r = await fetch(url + p, { headers, redirect: 'manual' });
      if (r.status >= 300) throw new Error(`${p} answered ${r.status}`);
      await r.arrayBuffer();
    }
  }
  // Several instances: the connections are split between them and the rates add up.
  const runs = await Promise.all(urls.map((url, i) => autocannon({ url: url + p, connections: Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0), duration, headers })));
  return {
    target,
    path: p,
    rps: runs.reduce((sum, r) => sum + r.requests.average, 0),
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
  };
}

/**
 * The gzipped JavaScript the decision page ships, and how much of it the
 * signed-out sign-in page ships too (React, the Next runtime and the shared
 * layout: what every page pays before its own components).
 */
async function pageJsGzipped(url: string, p: string, cookie: string): Promise<{ total: number; shared: number }> {
  const [page, floor] = await Promise.all([pageScripts(url, p, cookie), pageScripts(url, '/sign-in')]);
  const common = new Set(floor);
  let total = 0;
  let shared = 0;
  for (const [src, bytes] of await gzippedSizes(url, page)) {
    total += bytes;
    if (common.has(src)) shared += bytes;
  }
  return { total, shared };
}

/** Queries a person might type: the benchmark's own, single words, a phrase, OR, NOT, a prefix and a rare word. */
const SEARCH_MIX = ['checkout sample', 'checkout', 'mobile drop', 'notification', '"conversion fell"', 'localisation OR search', 'shorten -mobile', 'conver*', 'caveat pattern window'];

/**
 * Search as the server spends it, without HTTP or queueing: searchDecisions
 * (the query the search page and API run) timed in this process over
 * SEARCH_MIX, on the workspace's own database.
 */
async function searchTiming(target: Target): Promise<{ p50Ms: number; p99Ms: number; slowest: string }> {
  const db = await openDb(target.env.DATABASE_URL ?? target.env.DATABASE_PATH!);
  try {
    const viewer = await getUserByEmail(db, BENCH_USER.email);
    if (!viewer) throw new Error('The workspace has no bench user: run with --regenerate.');
    const times: { ms: number; q: string }[] = [];
    for (let round = 0; round < 12; round++) {
      for (const q of SEARCH_MIX) {
        const t = performance.now();
        await searchDecisions(db, viewer, { q });
        if (round >= 2) times.push({ ms: performance.now() - t, q }); // the first rounds warm the caches
      }
    }
    times.sort((a, b) => a.ms - b.ms);
    const at = (f: number) => times[Math.min(times.length - 1, Math.floor(times.length * f))]!;
    return { p50Ms: at(0.5).ms, p99Ms: at(0.99).ms, slowest: times.at(-1)!.q };
  } finally {
    await closeDb(db);
  }
}

function gateTiming(): { meanMs: number; p99Ms: number } {
  const content = decisionContentSchema.parse(DEMO_LIFECYCLE[0]!.revisions[0]!.content);
  const record: GateRecord = {
    status: 'in-review',
    content,
    authors: [{ id: 'a', function: 'product' }],
    writerFunctions: ['product'],
    lastWrote: { a: 1 },
    lastVouched: {},
    vouchFloor: {},
    inReviewSince: Date.now() - 3 * 24 * 3600e3,
    changedAt: initialSectionChangedAt(),
    metricOwners: { weekly_active_buyers: { id: 'o', name: 'Owner' }, unsubscribe_rate: { id: 'o', name: 'Owner' } },
    catalogue: new Map([
      ['weekly_active_buyers', { name: 'Weekly active buyers', kind: 'north-star' }],
      ['unsubscribe_rate', { name: 'Unsubscribe rate', kind: 'guardrail' }],
    ]),
  };
  const reviews: GateReview[] = Array.from({ length: 8 }, (_, i) => ({ reviewerId: `r${i}`, reviewerName: `R ${i}`, function: 'data-science', verdict: 'approve', revision: 1 }));
  const comments = Array.from({ length: 40 }, (_, i) => ({ kind: i % 5 === 0 ? 'blocking' : 'question', parentId: null, deleted: false, state: 'resolved' as const, authorName: 'X', section: 'methodology' }));
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = process.hrtime.bigint();
    evaluateGate(record, reviews, comments, defaultPolicy(), Date.now());
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { meanMs: times.reduce((a, b) => a + b, 0) / times.length, p99Ms: times[Math.floor(times.length * 0.99)]! };
}

/** A published decision with an ordinary discussion (the history's newest): the decision page most people open. */
async function typicalDecision(url: string, cookie: string, n: number): Promise<number> {
  const res = await fetch(`${url}/api/v1/decisions?status=published&limit=1`, { headers: { cookie } });
  if (!res.ok) {
    throw new Error(
      `Listing the published decisions answered ${res.status} ${(await res.text()).slice(0, 200)}: the bench user's sign-in did not give a session the server accepts. ` +
        'Run with --regenerate to rebuild the workspaces (and their bench user) with this version of Candor.',
    );
  }
  const body = (await res.json()) as { items?: { id: number }[] };
  if (!body.items?.[0]) throw new Error(`The ${n.toLocaleString('en')}-decision workspace has no published decision to measure. Run with --regenerate to rebuild it.`);
  return body.items[0].id;
}

async function runScale(n: number) {
  const { target, info } = await ensureWorkspace(n);
  const servers: NextServer[] = [];
  try {
    for (let i = 0; i < instances; i++) servers.push(await startNextServer({ env: target.env, echoErrors: true }));
    const url = servers[0]!.url;
    const urls = servers.map((x) => x.url);
    const cookie = await signIn(url);
    // [target, path, signed in?]
    const targets: [string, string, boolean][] = [
      ['baseline /api/health', '/api/health', true],
      // The least any page costs: Next rendering a small page, without and with a session.
      ['floor: sign-in page, signed out', '/sign-in', false],
      ['floor: settings page', '/settings', true],
      ['review feed', '/review?tab=all', true],
      ['decision page', `/decisions/${await typicalDecision(url, cookie, n)}`, true],
      ['decision page (600-comment thread)', `/decisions/${info.longThreadDecisionId}`, true],
      ['history with filters', `/decisions?team=${info.teamSlug}&status=published&metric=${info.metric}&sort=published`, true],
      ['search page', '/decisions?q=checkout+sample', true],
      ['search API', '/api/v1/search?q=checkout%20sample', true],
    ];
    const rows: Omit<Row, 'ratio'>[] = [];
    for (const [target, p, signedIn] of targets) {
      process.stdout.write(`  ${n.toLocaleString('en')} decisions · ${target}… `);
      const r = await measure(urls, target, p, signedIn ? cookie : null);
      console.log(`${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms`);
      rows.push(r);
    }
    const base = rows[0]!.rps;
    const js = await pageJsGzipped(url, `/decisions/${info.longThreadDecisionId}`, cookie);
    const search = await searchTiming(target);
    return {
      decisions: n,
      generatedInSeconds: info.generatedInSeconds,
      rows: rows.map((r) => ({ ...r, ratio: r.rps / base })),
      decisionPageJsGzippedBytes: js.total,
      sharedJsGzippedBytes: js.shared,
      searchServerSide: search,
    };
  } finally {
    await Promise.all(servers.map((x) => x.stop()));
  }
}

/** Where a run on `eng` with this run's number of server processes writes its report (`--engine both` reads it back). */
const reportFile = (eng: string) => path.join(results, `latest-${eng}${instances > 1 ? `-x${instances}` : ''}.json`);

/** Exit with what to do when the PostgreSQL server at `url` does not answer; `where` says how the URL was chosen. */
async function requirePg(url: string, where: string) {
  const missing = await pgUnavailable(url);
  if (!missing) return;
  console.error(`${pgUnreachableMessage(url, missing)}\n${where}`);
  process.exit(1);
}

type Report = { engine: string; small: { decisions: number; rows: Row[] }; large: { decisions: number; rows: Row[] } };

/** `--engine both`: each engine in its own process (a process runs on one engine), then one table. */
async function bothEngines() {
  const pgUrl = databaseUrl() ?? testPgUrl();
  // Before the SQLite half, not after it.
  await requirePg(
    pgUrl,
    '--engine both runs PostgreSQL at DATABASE_URL, else CANDOR_TEST_PG_URL, else the local test server: start that server or set DATABASE_URL or CANDOR_TEST_PG_URL to one that answers (or run --engine sqlite).',
  );
  const passthrough = process.argv.slice(2).filter((a, i, all) => a !== '--engine' && all[i - 1] !== '--engine' && !a.startsWith('--engine='));
  const reports: Report[] = [];
  for (const eng of ['sqlite', 'pg'] as const) {
    const env = { ...process.env };
    if (eng === 'pg') env.DATABASE_URL = pgUrl;
    else delete env.DATABASE_URL;
    console.log(`\n=== ${eng === 'pg' ? 'PostgreSQL' : 'SQLite'} ===`);
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', import.meta.filename, '--engine', eng, ...passthrough], { cwd: root, env, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
    reports.push(JSON.parse(readFileSync(reportFile(eng), 'utf8')) as Report);
  }
  const [lite, pgr] = reports as [Report, Report];
  const fmt = (x: number, d = 0) => x.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
  const cell = (r: Row) => `${fmt(r.rps)} | ${r.p99} ms | ${fmt(r.ratio, 2)}`;
  console.log(`\nSide by side (req/s | p99 | × baseline):\n`);
  console.log(`| target | SQLite ${fmt(lite.small.decisions)} | | | SQLite ${fmt(lite.large.decisions)} | | | PostgreSQL ${fmt(pgr.small.decisions)} | | | PostgreSQL ${fmt(pgr.large.decisions)} | | |`);
  console.log('| --- |' + ' ---: |'.repeat(12));
  lite.small.rows.forEach((row, i) => console.log(`| ${row.target} | ${cell(row)} | ${cell(lite.large.rows[i]!)} | ${cell(pgr.small.rows[i]!)} | ${cell(pgr.large.rows[i]!)} |`));
}

async function main() {
  if (args.engine === 'both') return bothEngines();
  if (args.engine && !['sqlite', 'pg'].includes(args.engine)) {
    console.error(`--engine ${args.engine}: expected sqlite, pg or both.`);
    process.exit(1);
  }
  if (args.engine && args.engine !== engine()) {
    console.error(
      args.engine === 'pg'
        ? '--engine pg needs DATABASE_URL naming a PostgreSQL server (or use --engine both).'
        : '--engine sqlite: DATABASE_URL names a PostgreSQL server; unset DATABASE_URL to run on SQLite (or use --engine both).',
    );
    process.exit(1);
  }
  if (engine() === 'pg') await requirePg(databaseUrl()!, 'Start that server, or set DATABASE_URL to one that answers.');
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    console.log('Building the production app first…');
    const b = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    if (b.status !== 0) process.exit(1);
  }
  const machine = { cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` };
  const small = await runScale(Number(args.small));
  const large = await runScale(Number(args.scale));
  const gate = gateTiming();
  const report = { date: new Date().toISOString(), engine: engine(), instances, machine, connections, durationSeconds: duration, small, large, gate };
  writeFileSync(reportFile(engine()), JSON.stringify(report, null, 2));

  const fmt = (x: number, d = 0) => x.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(`\nMachine: ${machine.cpus}, ${machine.memoryGiB} GiB, Node ${machine.node}; ${engine() === 'pg' ? 'PostgreSQL' : 'SQLite'}; ${instances} server process${instances > 1 ? 'es' : ''}; autocannon ${connections} connections × ${duration} s per row\n`);
  console.log(`| target | ${fmt(small.decisions)}: req/s | p50 | p99 | × baseline | ${fmt(large.decisions)}: req/s | p50 | p99 | × baseline | large ÷ small |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  small.rows.forEach((s, i) => {
    const l = large.rows[i]!;
    console.log(`| ${s.target} | ${fmt(s.rps)} | ${s.p50} ms | ${s.p99} ms | ${fmt(s.ratio, 2)} | ${fmt(l.rps)} | ${l.p50} ms | ${l.p99} ms | ${fmt(l.ratio, 2)} | ${fmt(l.rps / s.rps, 2)} |`);
  });
  console.log(`\nPublish gate evaluation: ${fmt(gate.meanMs, 3)} ms mean, ${fmt(gate.p99Ms, 3)} ms p99 per record.`);
  for (const x of [small, large]) {
    console.log(`Search server-side at ${fmt(x.decisions)} (searchDecisions in process, ${SEARCH_MIX.length} queries × 10): p50 ${fmt(x.searchServerSide.p50Ms, 1)} ms, p99 ${fmt(x.searchServerSide.p99Ms, 1)} ms (slowest: ${x.searchServerSide.slowest}).`);
  }
  console.log(
    `JavaScript shipped to the decision page: ${fmt(large.decisionPageJsGzippedBytes / 1024, 1)} KiB gzipped, of which ${fmt(large.sharedJsGzippedBytes / 1024, 1)} KiB the signed-out sign-in page ships too (React, the Next runtime, the shared layout).`,
  );
  console.log(`Workspace generation: ${fmt(large.generatedInSeconds)} s for ${fmt(large.decisions)} decisions.`);
  const errors = [...small.rows, ...large.rows].filter((r) => r.errors > 0);
  if (errors.length) {
    console.error(`\nSome requests failed: ${errors.map((r) => `${r.target} (${r.errors})`).join(', ')}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
