import { describe, expect, it } from 'vitest';
import * as commentsRoute from '@/app/api/v1/decisions/[id]/comments/route';
import * as linksRoute from '@/app/api/v1/decisions/[id]/links/route';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import * as decisionsRoute from '@/app/api/v1/decisions/route';
import { createTeam, addMember } from '@/db/queries/teams';
import type { Viewer } from '@/db/queries/users';
import { AppError, parseId, requireId } from '@/lib/errors';
import { cleanText } from '@/lib/validation/common';
import { markReadFormSchema } from '@/lib/validation/review';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { makeUser, makeWorkspace, testDb } from './helpers/db';

/*
 * Input edges: who may add "relates to" links (so outsiders cannot fill a
 * decision's 50), inbox ids, calendar dates, and invisible characters that
 * break the Atom feeds.
 */

const db = await testDb();
serveRoutesFrom(db);
const ws = await makeWorkspace(db); // ws.team: pm, ds, eng, designer; outsider: no team
const other = await createTeam(db, ws.admin, { slug: 'payments', name: 'Payments' });
const payer = await makeUser(db, { name: 'Pia Payments', function: 'engineering' });
await addMember(db, ws.admin, other.slug, { email: payer.email });
await addMember(db, ws.admin, other.slug, { email: ws.eng.email });

const tokens = new Map<string, string>();
for (const u of [ws.admin, ws.pm, ws.eng, payer]) tokens.set(u.id, await tokenFor(db, u));
const tok = (u: Viewer) => tokens.get(u.id)!;

async function draft(author: Viewer, team: string, content: Record<string, unknown> = {}) {
  const r = await call(decisionsRoute.POST, { token: tok(author), body: { team, content: { title: 'An edge case decision', ...content } } });
  return r;
}
async function draftId(author: Viewer, team: string, content: Record<string, unknown> = {}): Promise<string> {
  const r = await draft(author, team, content);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return String(r.body.id);
}
const relate = (id: string, relatesTo: string, who: Viewer) => call(linksRoute.POST, { token: tok(who), params: { id }, body: { relatesTo: Number(relatesTo) } });
const related = async (id: string) => (await call(linksRoute.GET, { token: tok(ws.pm), params: { id } })).body.relatesTo.map((r: { id: number }) => String(r.id));

describe('"relates to" links', () => {
  it('refuses linking your decision to a decision of a team you are not part of, so outsiders cannot fill its 50 links', async () => {
    const theirs = await draftId(ws.pm, ws.team.slug);
    const mine = await draftId(payer, other.slug);
    const r = await relate(mine, theirs, payer);
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe(`Only members of ${ws.team.name} (or the authors of #${theirs}) can link their decisions to it: ask someone in ${ws.team.name} to add the link`);
    expect(await related(theirs)).toEqual([]);
  });

  it('lets someone in both teams, and an org admin, link across teams', async () => {
    const a = await draftId(ws.pm, ws.team.slug);
    const b = await draftId(payer, other.slug);
    const c = await draftId(ws.eng, other.slug);
    expect((await relate(c, a, ws.eng)).status).toBe(201);
    expect((await relate(b, a, ws.admin)).status).toBe(201);
    expect(await related(a)).toEqual([c, b]);
  });
});

describe('inbox ids', () => {
  it.each([
    ['-1', 'Expected a positive id'],
    ['abc', 'Expected a numeric id'],
    ['1e99', 'That id is too large'],
    ['1.5', 'Expected a whole-number id'],
  ])('refuses %s with a reason instead of failing or marking everything read', (id, message) => {
    const r = markReadFormSchema.safeParse({ ids: [id] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe(message);
  });

  it('accepts real ids, and none (mark everything read)', () => {
    expect(markReadFormSchema.parse({ ids: ['7', '12'] })).toEqual({ ids: [7, 12] });
    expect(markReadFormSchema.parse({ ids: [] })).toEqual({ ids: [] });
  });
});

describe('dates', () => {
  it.each([
    ['0000-01-01', 'Outcome review date must be between 1900-01-01 and 2200-12-31'],
    ['9999-12-31', 'Outcome review date must be between 1900-01-01 and 2200-12-31'],
    ['2023-02-30', 'Outcome review date: 2023-02-30 is not a day on the calendar'],
    ['2023-02-29', 'Outcome review date: 2023-02-29 is not a day on the calendar'],
    ['2023-13-01', 'Outcome review date: 2023-13-01 is not a day on the calendar'],
    ['01/02/2023', 'Outcome review date must be a date written as YYYY-MM-DD'],
  ])('refuses %s as an outcome review date', async (date, message) => {
    const r = await draft(ws.pm, ws.team.slug, { outcomeReviewDate: date });
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([{ path: 'outcomeReviewDate', message }]);
  });

  it('checks every date of a data source, and the history filters', async () => {
    const source = { name: 'Checkout funnel', kind: 'dashboard', asOf: '0000-01-01', windowStart: '2023-02-30', windowEnd: '2023-03-01' };
    const r = await draft(ws.pm, ws.team.slug, { dataSources: [source] });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['dataSources.0.asOf', 'dataSources.0.windowStart']);
    const list = await call(decisionsRoute.GET, { token: tok(ws.pm), path: '/api/v1/decisions?from=0000-01-01' });
    expect(list.status).toBe(400);
    expect(list.body.error.message).toContain('from must be between 1900-01-01 and 2200-12-31');
  });

  it('accepts real dates, a leap day included', async () => {
    const id = await draftId(ws.pm, ws.team.slug, { outcomeReviewDate: '2028-02-29' });
    expect((await call(decisionRoute.GET, { token: tok(ws.pm), params: { id } })).body.content.outcomeReviewDate).toBe('2028-02-29');
  });
});

describe('invisible characters', () => {
  it('strips NUL, other control characters, noncharacters and lone surrogates, keeping tabs, newlines and emoji', () => {
    expect(cleanText('a\u0000b\u0007c\u001Bd\u007Fe\u0085f')).toBe('abcdef');
    expect(cleanText('x\uFFFEy\uFFFFz\uFDD0!\u{1FFFE}\u{10FFFF}')).toBe('xyz!');
    expect(cleanText('lone \uD800high and \uDC00low')).toBe('lone high and low');
    expect(cleanText('tab\there\nnext 😀 é 中')).toBe('tab\there\nnext 😀 é 中');
    expect(cleanText('windows\r\nline\rend')).toBe('windows\r\nline\rend');
  });

  it('keeps them out of titles, Markdown fields and comments saved through the API', async () => {
    const id = await draftId(ws.pm, ws.team.slug, { title: 'Ship\u0000 it\uFFFF now\uD800', context: 'Because\u0008 the feed\u{10FFFE} broke.\n\nSecond paragraph.' });
    const d = (await call(decisionRoute.GET, { token: tok(ws.pm), params: { id } })).body;
    expect(d.content.title).toBe('Ship it now');
    expect(d.content.context).toBe('Because the feed broke.\n\nSecond paragraph.');
    const c = await call(commentsRoute.POST, { token: tok(ws.eng), params: { id }, body: { section: 'record', kind: 'question', body: 'Why\u0000 now\uFFFF?' } });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.body).toBe('Why now?');
  });

  it('treats a title made only of invisible characters as empty', async () => {
    const r = await call(decisionsRoute.POST, { token: tok(ws.pm), body: { team: ws.team.slug, content: { title: '\u0000\uFFFF\uD800' } } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.content.title).toBe('');
  });
});

describe('ids from URLs, forms and bodies (one reader: lib/errors.ts parseId)', () => {
  it.each([
    ['1', 1],
    ['42', 42],
    [7, 7],
    ['999999999999999', 999999999999999],
  ])('reads %j as %j', (raw, id) => {
    expect(parseId(raw)).toBe(id);
  });

  it.each([['0'], ['-1'], ['1.5'], ['1e3'], [' 7'], ['0x10'], [''], ['abc'], ['9999999999999999'], [0], [-3], [1.5], [Number.NaN], [2 ** 53], [null], [undefined], [['1']]])('refuses %j', (raw) => {
    expect(parseId(raw)).toBeNull();
  });

  it('names what was not found, as the API and the actions answer', () => {
    expect(() => requireId('abc', 'comment')).toThrow(new AppError('not_found', 'There is no comment "abc"'));
    expect(requireId('12', 'comment')).toBe(12);
  });
});
