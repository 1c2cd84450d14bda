/*
 * npm run bench:floor [-- --duration 8 --connections 10]
 *
 * What Next 16 itself costs on this machine, measured as `npm run bench` measures Candor: an empty
 * app (a root layout and a page with a heading and a sentence; no proxy, no CSS, no client
 * component, no database, no session), built with this project's Next in a temporary directory and served
 * by `next start`. It measures the app's route handler (the baseline, like Candor's /api/health),
 * the page rendered on every request, the same page prerendered at build time, and the page with
 * `cacheComponents` (a prerendered shell, the request-time part streamed into it): req/s, p99 and
 * the ratio to the baseline of the same build, and the gzipped JavaScript the empty page ships. The ratio of the page rendered on every request is
 * the most any Candor page can reach against issue 10's "0.30× the baseline": every Candor page
 * reads the session and carries a per-request CSP nonce, so none can be prerendered.
 * Prints a table and writes bench/results/next-floor.json.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startNextServer } from '@/scripts/next-server.mjs';
import { gzippedSizes, pageScripts } from './page-js';

const root = path.resolve(import.meta.dirname, '..');
// Outside the project: inside it, Next would take Candor's own instrumentation.ts and proxy.ts into the build.
const app = mkdtempSync(path.join(os.tmpdir(), 'candor-next-floor-'));
const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '8' }, connections: { type: 'string', default: '10' } } });

const HEALTH = `import { connection } from 'next/server';
export async function GET() {
  await connection();
  return Response.json({ ok: true });
}
`;
const LAYOUT = `export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`;
/** The page's whole content: a heading and a sentence (`body` replaces the sentence). */
const main = (body = '<p>A page with nothing in it.</p>') => `<main><h1>Hello</h1>${body}</main>`;
const STATIC_PAGE = `export default function Page() {
  return ${main()};
}
`;
/** Rendered on every request: connection() says so, as reading cookies or headers does. */
const DYNAMIC_PAGE = `import { connection } from 'next/server';
export default async function Page() {
  await connection();
  return ${main()};
}
`;
/** With cacheComponents, what is read at request time sits in Suspense; the rest is the prerendered shell. */
const STREAMED_PAGE = `import { Suspense } from 'react';
import { connection } from 'next/server';
async function Body() {
  await connection();
  return <p>A page with nothing in it.</p>;
}
export default function Page() {
  return ${main('<Suspense><Body /></Suspense>')};
}
`;

type Variant = { name: string; cacheComponents: boolean; pages: [string, string][] };
const VARIANTS: Variant[] = [
  {
    name: 'plain',
    cacheComponents: false,
    pages: [
      ['page rendered on every request', '/'],
      ['page prerendered at build (static)', '/static'],
    ],
  },
  { name: 'cacheComponents', cacheComponents: true, pages: [['page with cacheComponents (prerendered shell, streamed rest)', '/']] },
];

function writeApp(v: Variant) {
  rmSync(app, { recursive: true, force: true });
  for (const dir of ['app/api/health', 'app/static']) mkdirSync(path.join(app, dir), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'));
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'next-floor', private: true }));
  // Turbopack resolves only within its root, which must hold both the app and the node_modules it links to.
  const turbopackRoot = path.parse(app).root;
  writeFileSync(path.join(app, 'next.config.mjs'), `export default ${JSON.stringify({ poweredByHeader: false, cacheComponents: v.cacheComponents, turbopack: { root: turbopackRoot } })};\n`);
  writeFileSync(path.join(app, 'app/layout.tsx'), LAYOUT);
  writeFileSync(path.join(app, 'app/page.tsx'), v.cacheComponents ? STREAMED_PAGE : DYNAMIC_PAGE);
  writeFileSync(path.join(app, 'app/static/page.tsx'), STATIC_PAGE);
  writeFileSync(path.join(app, 'app/api/health/route.ts'), HEALTH);
}

async function measure(url: string) {
  for (let i = 0; i < 50; i++) await (await fetch(url)).arrayBuffer();
  const r = await autocannon({ url, connections: Number(args.connections), duration: Number(args.duration) });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

const rows: { variant: string; target: string; rps: number; p99: number; ratio: number; errors: number }[] = [];
/** The gzipped JavaScript the empty page ships (plain build): what any App Router page pays before its own code. */
let emptyPageJs: { bytes: number; scripts: number } | null = null;
try {
  for (const v of VARIANTS) {
    writeApp(v);
    console.log(`Building the empty app (${v.name})…`);
    const build = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], { cwd: app, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
    const server = await startNextServer({ cwd: app });
    try {
      if (!v.cacheComponents) {
        const sizes = await gzippedSizes(server.url, await pageScripts(server.url, '/'));
        emptyPageJs = { bytes: [...sizes.values()].reduce((a, b) => a + b, 0), scripts: sizes.size };
        console.log(`  JavaScript the empty page ships: ${(emptyPageJs.bytes / 1024).toFixed(1)} KiB gzipped in ${emptyPageJs.scripts} scripts`);
      }
      const base = await measure(`${server.url}/api/health`);
      rows.push({ variant: v.name, target: 'baseline: route handler', ...base, ratio: 1 });
      console.log(`  baseline: ${base.rps.toFixed(0)} req/s`);
      for (const [target, p] of v.pages) {
        const r = await measure(server.url + p);
        rows.push({ variant: v.name, target, ...r, ratio: r.rps / base.rps });
        console.log(`  ${target}: ${r.rps.toFixed(0)} req/s, ${(r.rps / base.rps).toFixed(2)}×`);
      }
    } finally {
      await server.stop();
    }
  }
} finally {
  rmSync(app, { recursive: true, force: true });
}

console.log('\n| build | target | req/s | p99 | × baseline |\n| --- | --- | ---: | ---: | ---: |');
for (const r of rows) console.log(`| ${r.variant} | ${r.target} | ${r.rps.toFixed(0)} | ${r.p99} ms | ${r.ratio.toFixed(2)} |`);
if (emptyPageJs) console.log(`\nJavaScript the empty page ships (plain build): ${(emptyPageJs.bytes / 1024).toFixed(1)} KiB gzipped, ${emptyPageJs.scripts} scripts (React and the Next runtime; noModule polyfills not counted).`);
writeFileSync(
  path.join(root, 'bench/results/next-floor.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, connections: Number(args.connections), duration: Number(args.duration), rows, emptyPageJsGzippedBytes: emptyPageJs?.bytes ?? null }, null, 2),
);
