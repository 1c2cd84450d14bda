import { describe, expect, it } from 'vitest';
import { createDecision, getDecision, getRevision, listRevisions, updateDecision } from '@/db/queries/decisions';
import { listDecisions } from '@/db/queries/history';
import { createMetric } from '@/db/queries/metrics';
import { addMember, createTeam } from '@/db/queries/teams';
import { AppError } from '@/lib/errors';
import { makeWorkspace, testDb } from './helpers/db';

const db = await testDb();
const ws = await makeWorkspace(db);
await createMetric(db, ws.ds, { key: 'checkout_conversion', name: 'Checkout conversion', definition: 'Orders divided by sessions that reached checkout.', kind: 'primary', ownerEmail: ws.ds.email });

async function thrown(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('decision drafts and revisions', () => {
  it('creates a draft as revision 1 with the creator as author', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Ship one-page checkout' } });
    expect(d).toMatchObject({ status: 'draft', revision: 1, team: ws.team.slug, can: { edit: true } });
    expect(d.content.title).toBe('Ship one-page checkout');
    expect(d.authors.map((a) => a.email)).toEqual([ws.pm.email]);
  });

  it('refuses drafts in a team the author does not belong to', async () => {
    const e = await thrown(createDecision(db, ws.outsider, { team: ws.team.slug, content: {} }));
    expect(e.code).toBe('forbidden');
  });

  it('saves every edit as a new numbered revision and keeps the old ones', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'v1' } });
    const r2 = await updateDecision(db, ws.pm, { id: d.id, baseRevision: 1, content: { title: 'v2', methodology: 'Two-week A/B test on all web users.' } });
    expect(r2.decision.revision).toBe(2);
    expect(r2.changed).toEqual(['title', 'methodology']);
    expect((await getRevision(db, { id: d.id, number: 1 })).content.title).toBe('v1');
    expect((await getRevision(db, { id: d.id, number: 2 })).content.methodology).toContain('A/B');
    const history = await listRevisions(db, { id: d.id });
    expect(history.map((h) => h.number)).toEqual([2, 1]);
    expect(history[0]?.changed).toEqual(['title', 'methodology']);
  });

  it('refuses a save based on an old revision with a conflict naming who and what', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Conflict' } });
    await addCoAuthor(d.id);
    await updateDecision(db, ws.eng, { id: d.id, baseRevision: 1, content: { context: 'Checkout abandonment is 70%.' } });
    const e = await thrown(updateDecision(db, ws.pm, { id: d.id, baseRevision: 1, content: { context: 'Mine' } }));
    expect(e.code).toBe('conflict');
    expect(e.details).toMatchObject({ currentRevision: 2, changedSections: ['context'] });
    expect(e.message).toContain('Eli Eng saved revision 2 while you were editing revision 1');
    expect((await getDecision(db, { id: d.id, viewer: ws.pm })).content.context).toBe('Checkout abandonment is 70%.');
  });

  it('only lets authors edit', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: {} });
    const e = await thrown(updateDecision(db, ws.ds, { id: d.id, baseRevision: 1, content: { title: 'hijack' } }));
    expect(e.code).toBe('forbidden');
    expect((await getDecision(db, { id: d.id, viewer: ws.ds })).can.edit).toBe(false);
  });

  it('reads a decision with its team id and its authors oldest first; a missing decision or revision is not found, saying which', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Read me' } });
    const { decisionAuthors } = await import('@/db/schema');
    // Added a minute later (after, whatever the clock's resolution), under an id that may sort first.
    await db.insert(decisionAuthors).values({ decisionId: d.id, userId: ws.eng.id, addedAt: Date.now() + 60_000 });
    const read = await getDecision(db, { id: d.id, viewer: ws.ds });
    expect(read).toMatchObject({ id: d.id, teamId: ws.team.id, team: ws.team.slug, teamName: ws.team.name, revision: 1 });
    expect(read.authors.map((a) => a.email)).toEqual([ws.pm.email, ws.eng.email]);
    expect((await listRevisions(db, { id: d.id }))[0]?.author).toEqual({ id: ws.pm.id, name: ws.pm.name, email: ws.pm.email, function: ws.pm.function });
    for (const read of [() => getDecision(db, { id: 987654, viewer: ws.pm }), () => listRevisions(db, { id: 987654 }), () => getRevision(db, { id: 987654, number: 1 })]) {
      const e = await thrown(read());
      expect([e.code, e.message]).toEqual(['not_found', 'There is no decision #987654']);
    }
    const e = await thrown(getRevision(db, { id: d.id, number: 9 }));
    expect([e.code, e.message]).toEqual(['not_found', `Decision #${d.id} has no revision 9`]);
  });

  it('rejects metrics that are not in the catalogue, with the field path', async () => {
    const e = await thrown(createDecision(db, ws.pm, { team: ws.team.slug, content: { metrics: [{ key: 'nope', role: 'primary' }] } }));
    expect(e.code).toBe('invalid');
    expect(e.issues).toEqual([{ path: 'metrics.0.key', message: 'There is no metric "nope" in the catalogue' }]);
  });

  it('creates no revision when nothing changed', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Same' } });
    const r = await updateDecision(db, ws.pm, { id: d.id, baseRevision: 1, content: { title: 'Same' } });
    expect(r.decision.revision).toBe(1);
    expect(r.changed).toEqual([]);
  });

  it('pages through a team’s decisions with keyset cursors, newest first, without repeats or gaps', async () => {
    const team = await createTeam(db, ws.admin, { slug: 'paging', name: 'Paging' });
    await addMember(db, ws.admin, team.slug, { email: ws.pm.email });
    const created: number[] = [];
    for (let i = 0; i < 5; i++) created.push((await createDecision(db, ws.pm, { team: team.slug, content: { title: `Decision ${i}` } })).id);
    // Touch the oldest so it becomes the most recently updated.
    await updateDecision(db, ws.pm, { id: created[0]!, baseRevision: 1, content: { title: 'Decision 0, edited' } });
    const expected = [created[0], ...created.slice(1).reverse()];

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listDecisions(db, ws.pm, { team: team.slug, limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('rejects a forged cursor with a 400, not a crash', async () => {
    const e = await thrown(listDecisions(db, ws.pm, { cursor: 'not-a-cursor' }));
    expect(e.code).toBe('invalid');
  });

  it('says in its own words why a tag or metric filter is too long', async () => {
    const tag = await thrown(listDecisions(db, ws.pm, { tag: 'x'.repeat(41) }));
    expect(tag.code).toBe('invalid');
    expect(tag.issues).toEqual([{ path: 'tag', message: 'A tag is under 40 characters' }]);
    const metric = await thrown(listDecisions(db, ws.pm, { metric: 'm'.repeat(81) }));
    expect(metric.issues).toEqual([{ path: 'metric', message: 'A metric key is under 80 characters' }]);
  });

  it('says who is already an admin of a team, in plain English', async () => {
    const team = await createTeam(db, ws.admin, { slug: 'admins-once', name: 'Admins once' });
    await addMember(db, ws.admin, team.slug, { email: ws.eng.email, role: 'admin' });
    const e = await thrown(addMember(db, ws.admin, team.slug, { email: ws.eng.email, role: 'member' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toBe(`${ws.eng.name} is already an admin of Admins once`);
    // The form shows the field's own note beside the email: it says admin too.
    expect(e.issues).toEqual([{ path: 'email', message: 'Already an admin of this team' }]);
    await addMember(db, ws.admin, team.slug, { email: ws.pm.email, role: 'member' });
    expect((await thrown(addMember(db, ws.admin, team.slug, { email: ws.pm.email, role: 'admin' }))).issues).toEqual([{ path: 'email', message: 'Already a member of this team' }]);
  });
});

async function addCoAuthor(id: number) {
  const { decisionAuthors } = await import('@/db/schema');
  await db.insert(decisionAuthors).values({ decisionId: id, userId: ws.eng.id, addedAt: Date.now() });
}
