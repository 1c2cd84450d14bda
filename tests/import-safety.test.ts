import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, rawRows, rawRun } from '@/db/client';
import { exportDecision, getProvenance, importAdrs, type ImportFile, type ImportResult } from '@/db/queries/adr';
import { addComment, overrideThread } from '@/db/queries/comments';
import { createDecision, getDecision } from '@/db/queries/decisions';
import { supersedeChain } from '@/db/queries/history';
import { getLifecycle, publish, recordOutcome, reverse, withdraw } from '@/db/queries/publish';
import { circulate, submitReview } from '@/db/queries/review';
import { addMember, createTeam } from '@/db/queries/teams';
import type { Viewer } from '@/db/queries/users';
import { readImportFolder } from '@/cli/commands';
import { parseAdr } from '@/lib/adr/parse';
import { resetClock, setClock } from '@/lib/clock';
import { makeUser, makeWorkspace, rawNumber, testDb } from './helpers/db';
import { scratchDb } from './helpers/scratch-db';
import { createDemoMetrics, demoContent, publishAt, relaxGate } from './helpers/publishing';

/*
 * Importing a real history safely and exactly: hostile or broken files are
 * refused by name with a reason and never stop the rest; links are followed
 * nowhere; options, dates and "superseded by ADR-n" are read as written;
 * supersede cycles are refused; export → import → export gives the same
 * record. Every folder is made here, in a temp dir.
 */

const db = await testDb();
const ws = await makeWorkspace(db);
await createDemoMetrics(db, ws.ds);

const tmp = mkdtempSync(path.join(tmpdir(), 'candor-import-safety-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let seq = 0;
async function freshTeam(prefix: string, members: Viewer[] = []) {
  const slug = `${prefix}-${++seq}`;
  const t = await createTeam(db, ws.admin, { slug, name: `${prefix} ${seq}` });
  for (const u of members) await addMember(db, ws.admin, slug, { email: u.email });
  await relaxGate(db, ws.admin, slug);
  return t;
}
const row = async (id: number) =>
  (
    await rawRows<{ status: string; supersedes_id: number | null; superseded_by_id: number | null; published_at: number | null }>(
      db,
      sql`SELECT status, supersedes_id, superseded_by_id, published_at FROM decisions WHERE id = ${id}`,
    )
  )[0]!;
const teamCount = (teamId: number) => rawNumber(db, sql`SELECT count(*) AS n FROM decisions WHERE team_id = ${teamId}`);
const nygard = (title: string, status: string, extra = '') =>
  `# ${title}\n\nDate: 2024-03-01\n\n## Status\n\n${status}\n\n## Context\n\nWe need to decide about ${title.toLowerCase()}.\n\n## Decision\n\nWe will do it.\n${extra}`;
const byFile = (results: ImportResult[], file: string) => results.find((r) => r.file === file)!;

describe('hostile and broken files', () => {
  const deepQuote = `# Deep quote\n\n${'>'.repeat(10_000)} hello\n`;
  const deepList = `# Deep list\n\n${'- '.repeat(10_000)}hello\n`;
  const brackets = `# Brackets\n\n${'['.repeat(125_000)}${']'.repeat(125_000)}\n`;
  const stars = `# Stars\n\n## Context\n\n${'*a_'.repeat(40_000)}\n`;

  it('skips a file nested 10,000 deep or full of brackets by name, with the reason, in moments, and imports the rest with their links', async () => {
    const t = await freshTeam('hostile');
    const started = Date.now();
    const r = await importAdrs(db, ws.admin, {
      team: t.slug,
      files: [
        { name: '0001-first.md', content: nygard('First choice', 'Superseded by [ADR-0005](0005-fifth.md)') },
        { name: '0002-deep-quote.md', content: deepQuote },
        { name: '0003-deep-list.md', content: deepList },
        { name: '0004-brackets.md', content: brackets },
        { name: '0005-fifth.md', content: nygard('Fifth choice', 'Accepted', '\n## Links\n\n* Supersedes [ADR-0001](0001-first.md)\n') },
        { name: '0006-stars.md', content: stars },
      ],
    });
    // The pre-scan refuses them in one linear pass; parsing them took minutes or overflowed the stack.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r).toMatchObject({ imported: 2, skipped: 4, failed: 0 });
    expect(byFile(r.results, '0002-deep-quote.md').reason).toMatch(/^Line 3 nests lists or block quotes more than 32 levels deep/);
    expect(byFile(r.results, '0003-deep-list.md').reason).toMatch(/^Line 3 nests lists or block quotes more than 32 levels deep/);
    expect(byFile(r.results, '0004-brackets.md').reason).toMatch(/^Line 3 nests brackets more than 32 deep/);
    expect(byFile(r.results, '0006-stars.md').reason).toMatch(/^The paragraph starting on line 5 has 80,000 Markdown punctuation marks/);
    const first = byFile(r.results, '0001-first.md').decisionId!;
    const fifth = byFile(r.results, '0005-fifth.md').decisionId!;
    expect(await row(first)).toMatchObject({ status: 'superseded', superseded_by_id: fifth });
    expect(await row(fifth)).toMatchObject({ status: 'published', supersedes_id: first });
    expect(await teamCount(t.id)).toBe(2);
  });

  it('reads files up to each limit, and refuses long deep lists that would keep the parser busy', () => {
    // At the limits: 2,000 marks in a paragraph (twice), lists and quotes 31 deep.
    const atLimit = `# At the limits\n\n## Context\n\n${'*a'.repeat(999)}\n\n${'_b'.repeat(999)}\n\n${Array.from({ length: 60 }, () => '- '.repeat(31) + 'x').join('\n')}\n`;
    const ok = parseAdr('0001-at-limits.md', atLimit);
    expect(ok.ok).toBe(true);
    const long = `# Long\n\n${Array.from({ length: 400 }, () => '- '.repeat(20) + 'x').join('\n')}\n`;
    const refused = parseAdr('0002-long.md', long);
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/^Its lists and block quotes are too long and deep to read in reasonable time \(more than 5,000 list and quote levels in all, counting each nested level; the limit is reached on line 253\)/) });
  });

  it('refuses a file over 256 KB, and a binary or non-UTF-8 file named .md, instead of making drafts of them', async () => {
    const t = await freshTeam('binary');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const latin1 = new Uint8Array([...Buffer.from('# Caf'), 0xe9, ...Buffer.from('\n\nAccepted.\n')]);
    const r = await importAdrs(db, ws.admin, {
      team: t.slug,
      files: [
        { name: 'diagram.md', content: png },
        { name: 'latin1.md', content: latin1 },
        { name: 'huge.md', content: `# Huge\n\n${'All work and no play. '.repeat(13_000)}\n` },
        { name: '0001-good.md', content: new Uint8Array(Buffer.from(nygard('A real record', 'Accepted'))) },
      ],
    });
    expect(r).toMatchObject({ imported: 1, skipped: 3 });
    expect(byFile(r.results, 'diagram.md').reason).toBe('It is a binary file (it contains NUL bytes), not Markdown text');
    const utf16 = await importAdrs(db, ws.admin, { team: t.slug, files: [{ name: 'utf16.md', content: new Uint8Array([0xff, 0xfe, ...Buffer.from('# Title\n', 'utf16le')]) }] });
    expect(byFile(utf16.results, 'utf16.md').reason).toBe('It is UTF-16 text; Candor reads UTF-8. Save it as UTF-8 and import it again');
    expect(byFile(r.results, 'latin1.md').reason).toMatch(/^It is not UTF-8 text/);
    expect(byFile(r.results, 'huge.md').reason).toMatch(/^It is 2\d\d KB|^It is 28\d KB/);
    expect(byFile(r.results, 'huge.md').reason).toContain('at most 256 KB');
    expect((await getDecision(db, { id: byFile(r.results, '0001-good.md').decisionId!, viewer: ws.pm })).content.title).toBe('A real record');
  });

  it('reads a folder without following links: a link to /etc/passwd and a dangling link are reported by name, as is a sub-folder', async () => {
    const dir = path.join(tmp, 'links');
    mkdirSync(path.join(dir, 'archive'), { recursive: true });
    writeFileSync(path.join(dir, '0001-real.md'), nygard('A real record', 'Accepted'));
    writeFileSync(path.join(dir, 'archive', '0002-old.md'), nygard('An archived record', 'Accepted'));
    writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]));
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.md'));
    symlinkSync(path.join(dir, 'nowhere.md'), path.join(dir, 'gone.md'));
    const files = readImportFolder(dir);
    const t = await freshTeam('links');
    const r = await importAdrs(db, ws.admin, { team: t.slug, files });
    expect(r).toMatchObject({ imported: 1, skipped: 4, failed: 0 });
    expect(byFile(r.results, 'passwd.md').reason).toBe('It is a symbolic link; Candor imports only regular files inside the folder, never what a link points to');
    expect(byFile(r.results, 'gone.md').reason).toBe('It is a symbolic link; Candor imports only regular files inside the folder, never what a link points to');
    expect(byFile(r.results, 'archive/').reason).toMatch(/^It is a sub-folder; its files were not imported\. Import it on its own/);
    expect(byFile(r.results, 'logo.png').reason).toBe('Not a Markdown file (.md)');
    const texts = (await rawRows<{ original: string }>(db, sql`SELECT import_original AS original FROM decisions WHERE team_id = ${t.id}`)).map((x) => x.original);
    expect(texts.some((x) => x.includes('root:'))).toBe(false);
  });

  it('imports a file with invalid front matter with a warning that names the line', async () => {
    const t = await freshTeam('frontmatter');
    const md = `---\nstatus: accepted\ndate: 2023-01-01\ndeciders: [Ann, Bo\ntags: x\n---\n# Keep the body\n\n## Context and Problem Statement\n\nThe front matter above is broken.\n\n## Decision Outcome\n\nChosen option: "Do it".\n`;
    const r = await importAdrs(db, ws.admin, { team: t.slug, files: [{ name: '0001-broken.md', content: md }] });
    const res = r.results[0]!;
    expect(res.status).toBe('imported');
    expect(res.warnings).toEqual([expect.stringMatching(/^Its front matter could not be read \(line [2-6]: .+\); its status, date and people were ignored and the body was imported as written$/)]);
    expect((await getDecision(db, { id: res.decisionId!, viewer: ws.pm })).content.context).toContain('The front matter above is broken.');
    expect((await getProvenance(db, res.decisionId!))!.warnings).toEqual(res.warnings);
  });
});

describe('what Candor exports, it reads back', () => {
  it('imports its own export of a record whose fields are full of punctuation (a long SQL query), which the parse-cost limit once refused', async () => {
    const t = await freshTeam('sql-export', [ws.pm]);
    const query = `SELECT ${Array.from({ length: 700 }, (_, i) => `coalesce(sum(o.amount_${i}), 0) * (1 - d.rate)`).join(', ')} FROM orders o JOIN discounts d ON d.id = o.discount_id`.slice(0, 19_000);
    const d = await createDecision(db, ws.pm, { team: t.slug, content: { title: 'Funnel from the warehouse', dataSources: [{ name: 'Warehouse funnel', kind: 'warehouse-query', query }] } });
    const { markdown } = await exportDecision(db, ws.pm, d.id);
    const back = parseAdr('0001-funnel.md', markdown);
    expect(back.ok && back.adr.content.dataSources[0]?.query).toBe(query);
  });

  it('closes an HTML block a field leaves open, so it cannot swallow the sections after it', async () => {
    const t = await freshTeam('html-export', [ws.pm]);
    const headings = (md: string) => [...md.matchAll(/^## .*$/gm)].length;
    const plain = await createDecision(db, ws.pm, { team: t.slug, content: { title: 'Plain', context: 'Intro text.', decision: 'Do it.' } });
    const expected = headings((await exportDecision(db, ws.pm, plain.id)).markdown);
    for (const open of ['<pre>\nunclosed pre', '<script>\nlet x', '<textarea>\nnotes', '<?php\necho 1;', '<!DOCTYPE x', '<![CDATA[\nraw', '<!-- a note']) {
      const d = await createDecision(db, ws.pm, { team: t.slug, content: { title: 'Open HTML', context: `Intro text.\n\n${open}`, decision: 'Do it.' } });
      const { markdown } = await exportDecision(db, ws.pm, d.id);
      const back = parseAdr('x.md', markdown);
      expect(back.ok && back.adr.content.decision, open).toBe('Do it.');
      // Read as CommonMark, every section heading is still a heading.
      const tree = (await import('@/lib/adr/util')).parseTree(markdown);
      expect(tree.children.filter((n) => n.type === 'heading' && n.depth === 2).length, open).toBe(expected);
      expect(headings(markdown)).toBe(expected);
    }
  });

  it('holds the record comment of an imported file to the app’s own rules: text cleaned and cut, a made-up outcome dropped', async () => {
    const src = await freshTeam('record-src', [ws.pm]);
    const t = await freshTeam('record-comment');
    const dropped = (await createDecision(db, ws.pm, { team: src.slug, content: { title: 'Rejected idea', context: 'We looked at it.' } })).id;
    await withdraw(db, ws.pm, { id: dropped, reason: 'The vendor closed the programme.' });
    // An exported file whose record comment someone edited by hand.
    const record = { closedReason: `Dropped.\u0001\u0007\u001b[2J ${'x'.repeat(30_000)}`, dissent: null, outcome: { verdict: '<script>alert(1)</script>', body: 'It worked.', date: 'not-a-date' } };
    const file = (await exportDecision(db, ws.pm, dropped)).markdown.replace(/<!-- candor:record .* -->/, `<!-- candor:record ${JSON.stringify(record)} -->`);
    expect(file).toContain('\\u001b[2J');
    const r = await importAdrs(db, ws.admin, { team: t.slug, files: [{ name: '0003-rejected.md', content: file }] });
    const id = byFile(r.results, '0003-rejected.md').decisionId!;
    const reason = (await getLifecycle(db, { id })).closed?.reason ?? '';
    expect(reason.startsWith('Dropped.')).toBe(true);
    expect(reason.length).toBeLessThanOrEqual(10_000);
    expect(reason).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect((await getProvenance(db, id))?.record?.outcome ?? null).toBeNull();
  });
});

describe('reading what the files say', () => {
  it('keeps options written as ### headings whole: one option per heading, its good/bad bullets as its description', () => {
    const long = 'Bad, because it keeps every record in one very long table that nobody can read on a phone, and because the export would need a second pass over every row to rebuild the links between records, which doubles the time a nightly job takes.';
    const md = [
      '# Store decisions',
      '## Context and Problem Statement',
      'Where do decision records live?',
      '## Considered Options',
      '### Option 1: SQLite',
      '* Good, because it is one file',
      '* Good, because backups are a copy',
      `* ${long}`,
      '### Option 2: PostgreSQL',
      '* Good, because it scales out',
      '* Bad, because it is another server to run',
      '## Decision Outcome',
      'Chosen option: "Option 1: SQLite", because it is simplest.',
    ].join('\n\n');
    const r = parseAdr('0001-store.md', md);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.adr.content.options.map((o) => [o.name, o.chosen])).toEqual([
      ['Option 1: SQLite', true],
      ['Option 2: PostgreSQL', false],
    ]);
    expect(r.adr.content.options[0]!.description).toBe(`* Good, because it is one file\n\n* Good, because backups are a copy\n\n* ${long}`);
    expect(r.adr.warnings).toEqual([]);
  });

  it('keeps more than 50 options: the rest go to the context, with a warning', () => {
    const md = `# Many options\n\n## Considered Options\n\n${Array.from({ length: 53 }, (_, i) => `* Choice ${i + 1}`).join('\n')}\n\n## Decision Outcome\n\nChosen option: "Choice 2".\n`;
    const r = parseAdr('0001-many.md', md);
    if (!r.ok) throw new Error(r.reason);
    expect(r.adr.content.options).toHaveLength(50);
    expect(r.adr.content.context).toContain('## More considered options');
    expect(r.adr.content.context).toContain('### Choice 53');
    expect(r.adr.warnings).toEqual(['It considers 53 options; a decision holds 50, so the other 3 are kept in the context under “More considered options”']);
  });

  it('reads log4brains dates written in brackets, and warns about a date it cannot read', () => {
    const ok = parseAdr('20221005-x.md', '# Use a queue\n\n- Status: accepted\n- Date: [2022-10-05]\n\n## Context and Problem Statement\n\nJobs pile up.\n');
    if (!ok.ok) throw new Error(ok.reason);
    expect(ok.adr.date).toBe('2022-10-05');
    expect(ok.adr.format).toBe('log4brains');
    const bad = parseAdr('x.md', '---\nstatus: accepted\ndate: sometime in spring\n---\n# Use a queue\n\nJobs pile up.\n');
    if (!bad.ok) throw new Error(bad.reason);
    expect(bad.adr.date).toBeNull();
    expect(bad.adr.warnings).toEqual(['Its date “sometime in spring” is not a date Candor can read (write it as YYYY-MM-DD); it was imported undated']);
  });

  it('links MADR front matter "superseded by ADR-0057" to record 57, in the same import and to one imported earlier', async () => {
    const t = await freshTeam('madr-num');
    const superseded = (n: string) => `---\nstatus: "superseded by ADR-${n}"\ndate: 2022-01-01\n---\n# Old way ${n}\n\n## Context and Problem Statement\n\nHow we used to do it.\n`;
    const first = await importAdrs(db, ws.admin, {
      team: t.slug,
      files: [
        { name: '0012-old-way.md', content: superseded('0057') },
        { name: '0057-new-way.md', content: '---\nstatus: accepted\ndate: 2023-01-01\n---\n# New way\n\n## Context and Problem Statement\n\nHow we do it now.\n' },
      ],
    });
    const [oldId, newId] = first.results.map((x) => x.decisionId!);
    expect(await row(oldId!)).toMatchObject({ status: 'superseded', superseded_by_id: newId });
    expect(await row(newId!)).toMatchObject({ supersedes_id: oldId });
    // A later run: the superseder is already in the team.
    const later = await importAdrs(db, ws.admin, { team: t.slug, files: [{ name: '0013-older-way.md', content: superseded('57') }] });
    expect(await row(later.results[0]!.decisionId!)).toMatchObject({ status: 'superseded', superseded_by_id: newId });
    expect(later.results[0]!.warnings).toBeUndefined();
    // A reference that matches nothing is said so.
    const none = await importAdrs(db, ws.admin, { team: t.slug, files: [{ name: '0014-orphan.md', content: superseded('0099') }] });
    expect(none.results[0]!.warnings).toEqual(['It says it is superseded by “ADR-0099”, but no file in this import or record in this team matches; that link was not made']);
  });
});

describe('supersede cycles', () => {
  it('refuses a cycle between files, names both, and the chain shows each record once', async () => {
    const t = await freshTeam('cycle');
    const r = await importAdrs(db, ws.admin, {
      team: t.slug,
      files: [
        { name: '0001-a.md', content: nygard('Record A', 'Accepted', '\n## Links\n\n* Supersedes [B](0002-b.md)\n') },
        { name: '0002-b.md', content: nygard('Record B', 'Accepted', '\n## Links\n\n* Supersedes [A](0001-a.md)\n') },
      ],
    });
    expect(r.imported).toBe(2);
    const warning = '0001-a.md and 0002-b.md would supersede each other in a circle; the link from 0001-a.md to 0002-b.md was not made. Fix the “Supersedes” / “Superseded by” lines';
    expect(byFile(r.results, '0001-a.md').warnings).toEqual([warning]);
    expect(byFile(r.results, '0002-b.md').warnings).toEqual([warning]);
    const [a, b] = r.results.map((x) => x.decisionId!);
    expect(await row(b!)).toMatchObject({ superseded_by_id: a });
    expect(await row(a!)).toMatchObject({ superseded_by_id: null });
    expect((await supersedeChain(db, { id: a! })).map((l) => l.id)).toEqual([b, a]);
  });

  it('walks a cycle already in the database to its end instead of 101 entries', async () => {
    const t = await freshTeam('cycle-db');
    const r = await importAdrs(db, ws.admin, { team: t.slug, files: [{ name: '0001-a.md', content: nygard('Record A', 'Accepted') }, { name: '0002-b.md', content: nygard('Record B', 'Accepted') }] });
    const [a, b] = r.results.map((x) => x.decisionId!);
    await rawRun(db, sql`UPDATE decisions SET supersedes_id = ${b}, superseded_by_id = ${b} WHERE id = ${a}`);
    await rawRun(db, sql`UPDATE decisions SET supersedes_id = ${a}, superseded_by_id = ${a} WHERE id = ${b}`);
    const chain = await supersedeChain(db, { id: a! });
    expect(chain.map((l) => l.id)).toEqual([b, a]);
  });
});

describe('export → import → export is exact', async () => {
  const src = await freshTeam('exact-src', [ws.pm, ws.ds, ws.eng]);
  const at = Date.parse('2025-05-05T10:00:00Z');
  // A published decision with a reviewer, an overridden objection and an outcome.
  setClock(() => at);
  const pub = await createDecision(db, ws.pm, { team: src.slug, content: demoContent(at) });
  await circulate(db, ws.pm, { id: pub.id, reviewers: [ws.ds.email, ws.eng.email] });
  const objection = await addComment(db, ws.eng, { id: pub.id, section: 'decision', kind: 'blocking', body: 'Monday is when every competitor sends.' });
  await overrideThread(db, ws.pm, { commentId: objection.id, rationale: 'The test ran with competitors already on Monday and still won.' });
  await submitReview(db, ws.ds, { id: pub.id, verdict: 'approve', body: 'Clean four-week test.' });
  await publish(db, ws.pm, { id: pub.id });
  setClock(() => at + 100 * 24 * 3600e3);
  await recordOutcome(db, ws.pm, { id: pub.id, verdict: 'validated', body: 'Weekly active buyers up 1.6 %.' });
  resetClock();
  // Withdrawn and reversed, each with its reason; a supersede pair.
  const dropped = (await createDecision(db, ws.pm, { team: src.slug, content: { title: 'Dropped idea', context: 'Partner programme.' } })).id;
  await withdraw(db, ws.pm, { id: dropped, reason: 'The vendor closed the programme.' });
  const reversed = await publishAt(db, '2025-02-02T10:00:00Z', { team: src.slug, author: ws.pm, reviewer: ws.ds, content: { title: 'Reverse this decision later' } });
  await reverse(db, ws.pm, { id: reversed, rationale: 'Unsubscribes rose after launch; we went back.' });
  const oldOne = await publishAt(db, '2025-01-10T10:00:00Z', { team: src.slug, author: ws.pm, reviewer: ws.ds, content: { title: 'Send the digest on Tuesdays' } });
  const newOne = await publishAt(db, '2025-03-10T10:00:00Z', { team: src.slug, author: ws.pm, reviewer: ws.ds, content: { title: 'Send the digest on Thursdays' }, supersedes: oldOne });
  // Imported records: undated, with recorded people and their own status wording.
  const legacy = await importAdrs(db, ws.admin, {
    team: src.slug,
    files: [
      { name: '0001-undated.md', content: '# Use trunk-based development\n\n## Status\n\nApproved by the architecture board\n\n## Context\n\nLong-lived branches hurt.\n\n## Decision\n\nMerge to main daily.\n' },
      { name: '0002-people.md', content: '---\nstatus: Accepted\ndate: 2021-06-01\ndecision-makers: [Grace Hopper, "Smith, Jane"]\nconsulted: [Platform guild]\ninformed: [Everyone in engineering]\n---\n# Adopt OpenTelemetry\n\n## Context and Problem Statement\n\nTracing is fragmented.\n' },
    ],
  });
  const sourceIds = [pub.id, dropped, reversed, oldOne, newOne, ...legacy.results.map((x) => x.decisionId!)];

  const exportAll = async (ids: number[]) => Promise.all(ids.map(async (id) => ({ id, ...(await exportDecision(db, ws.eng, id)) })));
  /** Everything an export carries, read back; ids, file names and the team are mapped so two teams compare. */
  const fields = (markdown: string, ids: Map<number, string>) => {
    const r = parseAdr('x.md', markdown);
    if (!r.ok) throw new Error(r.reason);
    const named = (s: string) => s.replace(/\[ADR-0*(\d+)\]\(0*\d+-[^)]*\)/g, (_m, n: string) => `[${ids.get(Number(n)) ?? n}]`);
    return {
      status: named(r.adr.statusText),
      date: r.adr.date,
      deciders: r.adr.deciders,
      consulted: r.adr.consulted,
      informed: r.adr.informed,
      tags: r.adr.tags,
      content: r.adr.content,
      record: r.adr.candor?.record ?? null,
      relaxedPolicy: r.adr.candor?.relaxedPolicy ?? null,
      supersedes: r.adr.supersedes.map((x) => named(`[ADR-${x.replace(/\D.*$/, '')}](${x})`)),
      supersededBy: r.adr.supersededBy.map((x) => named(`[ADR-${x.replace(/\D.*$/, '')}](${x})`)),
    };
  };

  it('keeps deciders, consulted and informed as recorded, dates (and no date), status wording, reasons, dissent and outcome', async () => {
    const first = await exportAll(sourceIds);
    const dest = await freshTeam('exact-dest');
    const r = await importAdrs(db, ws.admin, { team: dest.slug, files: first.map((f) => ({ name: f.fileName, content: f.markdown })) });
    expect(r).toMatchObject({ imported: sourceIds.length, skipped: 0, failed: 0 });
    const copyOf = new Map(first.map((f) => [f.id, byFile(r.results, f.fileName).decisionId!]));
    const second = await exportAll(sourceIds.map((id) => copyOf.get(id)!));
    const titleA = new Map(await Promise.all(sourceIds.map(async (id) => [id, (await getDecision(db, { id, viewer: ws.eng })).content.title] as [number, string])));
    const titleB = new Map(sourceIds.map((id) => [copyOf.get(id)!, titleA.get(id)!]));
    for (const [i, a] of first.entries()) {
      const b = second[i]!;
      expect(fields(b.markdown, titleB), a.fileName).toEqual(fields(a.markdown, titleA));
      const [da, db_] = [await getDecision(db, { id: a.id, viewer: ws.eng }), await getDecision(db, { id: b.id, viewer: ws.eng })];
      expect(db_.status, a.fileName).toBe(da.status);
      expect((await getLifecycle(db, { id: b.id })).closed?.reason ?? null, a.fileName).toBe((await getLifecycle(db, { id: a.id })).closed?.reason ?? null);
    }
    // Spot checks a reader would notice.
    const undated = second[sourceIds.indexOf(legacy.results[0]!.decisionId!)]!.markdown;
    expect(undated).not.toMatch(/^date:/m);
    expect(undated).toContain('status: Approved by the architecture board');
    const people = second[sourceIds.indexOf(legacy.results[1]!.decisionId!)]!.markdown;
    expect(people).toMatch(/decision-makers:\n {2}- Grace Hopper\n {2}- Smith, Jane\n/);
    expect(people).toMatch(/informed:\n {2}- Everyone in engineering\n/);
    expect(second[0]!.markdown).toContain('Recorded outcome (2025-08-13): **validated**');
    expect(second[0]!.markdown).toContain('The test ran with competitors already on Monday and still won.');
  });

  it('skips an export imported into the team that holds its decisions as already here', async () => {
    const files: ImportFile[] = (await exportAll(sourceIds.slice(0, 5))).map((f) => ({ name: f.fileName, content: f.markdown }));
    const before = await teamCount(src.id);
    const r = await importAdrs(db, ws.admin, { team: src.slug, files });
    expect(r).toMatchObject({ imported: 0, skipped: 5 });
    for (const res of r.results) expect(res.reason, res.file).toMatch(/^Already here: it was exported from decision #\d+ of this team$/);
    expect(r.results.map((x) => x.decisionId).sort()).toEqual(sourceIds.slice(0, 5).sort());
    expect(await teamCount(src.id)).toBe(before);
  });

  it('skips an export imported again under other file names as already imported', async () => {
    const dest = await freshTeam('exact-again');
    const files = (await exportAll([pub.id])).map((f) => ({ name: f.fileName, content: f.markdown }));
    const once = await importAdrs(db, ws.admin, { team: dest.slug, files });
    const renamed = await importAdrs(db, ws.admin, { team: dest.slug, files: files.map((f) => ({ ...f, name: `renamed-${f.name}` })) });
    expect(renamed.results[0]).toMatchObject({ status: 'skipped', decisionId: once.results[0]!.decisionId, reason: `Already imported as decision #${once.results[0]!.decisionId} (from the same exported record, under another file name)` });
  });
});

describe('the CLI report', () => {
  const run = promisify(execFile);
  const dir = path.join(tmp, 'cli');
  const cliDb = scratchDb(path.join(dir, 'cli.db'));
  it('lists every skipped and warned file with its reason', { timeout: 120_000 }, async () => {
    mkdirSync(path.join(dir, 'adr', 'drafts'), { recursive: true });
    const prep = await cliDb.open();
    try {
      const admin = await makeUser(prep, { name: 'Cli Admin', orgAdmin: true });
      await createTeam(prep, admin, { slug: 'cli-safety', name: 'CLI safety' });
    } finally {
      await closeDb(prep);
    }
    const adr = path.join(dir, 'adr');
    writeFileSync(path.join(adr, '0001-ok.md'), nygard('A real record', 'Accepted'));
    writeFileSync(path.join(adr, '0002-broken-front-matter.md'), '---\nstatus: [accepted\n---\n# Broken front matter\n\nBody text.\n');
    writeFileSync(path.join(adr, '0003-deep.md'), `# Deep\n\n${'>'.repeat(10_000)} x\n`);
    symlinkSync('/etc/passwd', path.join(adr, 'passwd.md'));
    const out = await run('npm', ['run', '-s', 'candor', '--', 'import', adr, '--team', 'cli-safety'], {
      cwd: process.cwd(),
      env: { ...process.env, ...cliDb.env, CANDOR_DEMO: '0' },
      timeout: 100_000,
    });
    const lines = out.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^\[1\/5\] 0001-ok\.md → imported as #\d+$/),
      expect.stringMatching(/^\[2\/5\] 0002-broken-front-matter\.md → imported as #\d+$/),
      expect.stringMatching(/^ {4}warning: Its front matter could not be read \(line 2: .+\); its status, date and people were ignored and the body was imported as written$/),
      '[3/5] 0003-deep.md → skipped: Line 3 nests lists or block quotes more than 32 levels deep; Candor reads at most 32. Flatten the nesting and import it again',
      '[4/5] drafts/ → skipped: It is a sub-folder; its files were not imported. Import it on its own (candor import ' + path.join(adr, 'drafts') + ' --team …)',
      '[5/5] passwd.md → skipped: It is a symbolic link; Candor imports only regular files inside the folder, never what a link points to',
      '2 imported, 3 skipped, 0 failed. 1 imported with warnings (above).',
    ]);
  });
});
