import { describe, expect, it } from 'vitest';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import type { Db } from '@/db/client';
import { engine } from '@/db/engine';
import { addComment, listThreads, overrideThread, reopenThread, resolveThread } from '@/db/queries/comments';
import { addAuthor, createDecision, getDecision, removeAuthor, updateDecision } from '@/db/queries/decisions';
import { loadFacts } from '@/db/queries/facts';
import { relateDecisions, unrelateDecisions } from '@/db/queries/links';
import { lockDecision, lockedStatus } from '@/db/queries/locks';
import { decisionRightsOf, recheckDecisionRight, requireDecisionRight, standingOn } from '@/db/queries/permissions';
import { publish, recordOutcome, reverse, withdraw } from '@/db/queries/publish';
import { circulate, returnToDraft, submitReview, vouchForEvidence } from '@/db/queries/review';
import { addMember } from '@/db/queries/teams';
import type { Viewer } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import { DECISION_ACTIONS, decisionRights, requireThreadRight, teamRoleMatters, type DecisionAction, type DecisionRights, type ThreadAction } from '@/lib/permissions';
import { canOverride, canReopen, canResolve, COMMENT_KINDS, type ThreadFacts, type ThreadState } from '@/lib/review';
import type { DecisionStatus } from '@/lib/validation/common';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { makeUser, refusal, testDb } from './helpers/db';
import { demoContent, publishAt, publishingWorkspace } from './helpers/publishing';

/*
 * One set of rules says who may do what to a decision (lib/permissions.ts).
 * The page's controls and the API's `viewerCan` come from it, and the data
 * layer refuses through it: so for every role and status, what `can` says is
 * exactly what the data layer does — refused with 403 or 409 when false,
 * carried out when true.
 */

const db = await testDb();
serveRoutesFrom(db);
const ws = await publishingWorkspace(db);
const teamAdmin = await makeUser(db, { name: 'Tomas Team-Admin', function: 'engineering' });
await addMember(db, ws.admin, ws.team.slug, { email: teamAdmin.email, role: 'admin' });
// An org admin with no place in the team (ws.admin created the team, so is its admin too).
const orgAdmin = await makeUser(db, { name: 'Ola Org-Admin', function: 'product', orgAdmin: true });

const ROLES = { author: ws.pm, reviewer: ws.ds, teamAdmin, orgAdmin, outsider: ws.outsider } satisfies Record<string, Viewer>;
type Role = keyof typeof ROLES;
const ROLE_NAMES = Object.keys(ROLES) as Role[];

const STATUSES = ['draft', 'in-review', 'published', 'superseded', 'reversed', 'withdrawn'] as const satisfies readonly DecisionStatus[];
type Status = (typeof STATUSES)[number];

/** The rules, written out as a table: what each role may do at each status. */
const ADMIN_OPEN: DecisionAction[] = ['withdraw', 'manageAuthors', 'link', 'comment', 'object'];
const ADMIN_RECORD: DecisionAction[] = ['recordOutcome', 'link', 'comment'];
const EXPECTED: Record<Status, Record<Role, DecisionAction[]>> = {
  draft: {
    author: ['edit', 'circulate', ...ADMIN_OPEN],
    reviewer: ['comment', 'object'],
    teamAdmin: ADMIN_OPEN,
    orgAdmin: ADMIN_OPEN,
    outsider: ['comment', 'object'],
  },
  'in-review': {
    author: ['edit', 'circulate', 'returnToDraft', 'publish', ...ADMIN_OPEN],
    reviewer: ['review', 'comment', 'object'],
    teamAdmin: [...ADMIN_OPEN, 'review'],
    orgAdmin: [...ADMIN_OPEN, 'review'],
    outsider: ['review', 'comment', 'object'],
  },
  published: {
    author: ['reverse', ...ADMIN_RECORD],
    reviewer: ['comment'],
    teamAdmin: ['reverse', ...ADMIN_RECORD],
    orgAdmin: ['reverse', ...ADMIN_RECORD],
    outsider: ['comment'],
  },
  superseded: { author: ADMIN_RECORD, reviewer: ['comment'], teamAdmin: ADMIN_RECORD, orgAdmin: ADMIN_RECORD, outsider: ['comment'] },
  reversed: { author: ADMIN_RECORD, reviewer: ['comment'], teamAdmin: ADMIN_RECORD, orgAdmin: ADMIN_RECORD, outsider: ['comment'] },
  withdrawn: { author: ['link'], reviewer: [], teamAdmin: ['link'], orgAdmin: ['link'], outsider: [] },
};
const rightsFrom = (allowed: DecisionAction[]): DecisionRights => Object.fromEntries(DECISION_ACTIONS.map((a) => [a, allowed.includes(a)])) as DecisionRights;

// ---------------------------------------------------------------- decisions in each status

const REASON = 'The team chose another route after the pricing review, so this one is not needed.';
const SENTENCE = 'A note for the record: the guardrail held steady over the whole window.';

async function aDraft(): Promise<number> {
  return (await createDecision(db, ws.pm, { team: ws.team.slug, content: demoContent(Date.now()) })).id;
}
async function inReview(): Promise<number> {
  const id = await aDraft();
  await circulate(db, ws.pm, { id, reviewers: [ws.ds.email] });
  return id;
}
const published = () => publishAt(db, Date.now(), { team: ws.team.slug, author: ws.pm, reviewer: ws.ds });
async function decisionIn(status: Status): Promise<number> {
  switch (status) {
    case 'draft':
      return aDraft();
    case 'in-review':
      return inReview();
    case 'published':
      return published();
    case 'superseded': {
      const old = await published();
      await publishAt(db, Date.now(), { team: ws.team.slug, author: ws.pm, reviewer: ws.ds, supersedes: old });
      return old;
    }
    case 'reversed': {
      const id = await published();
      await reverse(db, ws.pm, { id, rationale: REASON });
      return id;
    }
    case 'withdrawn': {
      const id = await aDraft();
      await withdraw(db, ws.pm, { id, reason: REASON });
      return id;
    }
  }
}

const linkTarget = await aDraft();

/** Each action as the page and the API perform it; an action that leaves a trace it need not keep (a co-author, a link) undoes it. */
const PERFORM: Record<DecisionAction, (v: Viewer, id: number) => Promise<unknown>> = {
  edit: async (v, id) => updateDecision(db, v, { id, baseRevision: (await loadFacts(db, id)).revision, content: { risks: `Checked by ${v.name}.` } }),
  circulate: (v, id) => circulate(db, v, { id, functions: ['design'] }),
  returnToDraft: (v, id) => returnToDraft(db, v, { id }),
  publish: (v, id) => publish(db, v, { id }),
  withdraw: (v, id) => withdraw(db, v, { id, reason: REASON }),
  reverse: (v, id) => reverse(db, v, { id, rationale: REASON }),
  recordOutcome: (v, id) => recordOutcome(db, v, { id, verdict: 'validated', body: SENTENCE }),
  manageAuthors: async (v, id) => {
    await addAuthor(db, v, { id, email: ws.eng.email });
    await removeAuthor(db, v, { id, email: ws.eng.email });
  },
  link: async (v, id) => {
    await relateDecisions(db, v, { id, relatesTo: linkTarget });
    await unrelateDecisions(db, v, { id, relatesTo: linkTarget });
  },
  review: (v, id) => submitReview(db, v, { id, verdict: 'comment', body: SENTENCE }),
  vouch: async (v, id) => vouchForEvidence(db, v, { id, revision: (await loadFacts(db, id)).revision }),
  comment: (v, id) => addComment(db, v, { id, section: 'record', kind: 'question', body: 'Which weeks does the window cover?' }),
  object: (v, id) => addComment(db, v, { id, section: 'methodology', kind: 'blocking', body: 'The window includes a holiday week; exclude it first.' }),
};
/** Actions that change the decision's status: each allowed one is tried on a decision of its own. */
const MOVES: DecisionAction[] = ['circulate', 'returnToDraft', 'publish', 'withdraw', 'reverse'];


// ---------------------------------------------------------------- the rules as plain functions

describe('decisionRights (lib/permissions.ts)', () => {
  it('gives authors, team admins and everyone else what the table says, at every status', () => {
    for (const status of STATUSES) {
      expect(decisionRights({ status, teamName: 'T', author: true, member: true, teamAdmin: false }), `author, ${status}`).toEqual(rightsFrom(EXPECTED[status].author));
      expect(decisionRights({ status, teamName: 'T', author: false, member: true, teamAdmin: true }), `team admin, ${status}`).toEqual(rightsFrom(EXPECTED[status].teamAdmin));
      expect(decisionRights({ status, teamName: 'T', author: false, member: false, teamAdmin: false }), `anyone, ${status}`).toEqual(rightsFrom(EXPECTED[status].outsider));
      expect(decisionRights({ status, teamName: 'T', author: false, member: true, teamAdmin: false }), `a member, ${status}`).toEqual(rightsFrom(EXPECTED[status].outsider));
    }
  });

  it('gives an author who left the team no author right: they read and comment, and still give no verdict', () => {
    for (const status of STATUSES) {
      const left = decisionRights({ status, teamName: 'T', author: true, member: false, teamAdmin: false });
      expect(left, `author who left, ${status}`).toEqual(rightsFrom(EXPECTED[status].outsider.filter((a) => a !== 'review')));
      // An org admin who authored a decision and left its team keeps what any org admin may do there, no more.
      const orgAdminLeft = decisionRights({ status, teamName: 'T', author: true, member: false, teamAdmin: true });
      expect(orgAdminLeft, `org admin author who left, ${status}`).toEqual(rightsFrom(EXPECTED[status].orgAdmin.filter((a) => a !== 'review')));
    }
  });

  it('lets an author who also administers the team do what either may, and give no verdict', () => {
    const both = decisionRights({ status: 'in-review', teamName: 'T', author: true, member: true, teamAdmin: true });
    expect(both).toEqual(rightsFrom(EXPECTED['in-review'].author));
    expect(both.review).toBe(false);
  });
});

// ---------------------------------------------------------------- against the data layer

describe.each(STATUSES)('a decision that is %s', (status) => {
  it('reports to each role what the table says, on the page (getDecision) and in the API (viewerCan)', async () => {
    const id = await decisionIn(status);
    for (const role of ROLE_NAMES) {
      const viewer = ROLES[role];
      const can = (await getDecision(db, { id, viewer })).can;
      expect(can, `${role} on a ${status} decision`).toEqual(rightsFrom(EXPECTED[status][role]));
      const api = await call(decisionRoute.GET, { token: await tokenFor(db, viewer), params: { id: String(id) } });
      expect(api.status).toBe(200);
      expect(api.body.viewerCan, `${role} via the API`).toEqual(can);
    }
  });

  it('refuses with 403 or 409 every action `can` says no to, and changes nothing', async () => {
    const id = await decisionIn(status);
    for (const role of ROLE_NAMES) {
      const viewer = ROLES[role];
      const can = (await getDecision(db, { id, viewer })).can;
      for (const action of DECISION_ACTIONS.filter((a) => !can[a])) {
        const e = await refusal(PERFORM[action](viewer, id));
        expect(e, `${role} may not ${action} a ${status} decision, yet it was done`).not.toBeNull();
        expect([403, 409], `${role} ${action} on ${status}: ${e!.code} ${e!.message}`).toContain(e!.status);
      }
    }
    expect((await loadFacts(db, id)).status).toBe(status);
  });

  it('carries out every action `can` says yes to', async () => {
    const shared = await decisionIn(status);
    for (const role of ROLE_NAMES) {
      const viewer = ROLES[role];
      const can = (await getDecision(db, { id: shared, viewer })).can;
      for (const action of DECISION_ACTIONS.filter((a) => can[a])) {
        const id = MOVES.includes(action) && !(action === 'circulate' && status === 'in-review') ? await decisionIn(status) : shared;
        if (action === 'publish') await submitReview(db, ws.ds, { id, verdict: 'approve', body: 'The test design is sound and the guardrail holds.' });
        const e = await refusal(PERFORM[action](viewer, id));
        expect(e, `${role} may ${action} a ${status} decision: ${e?.code} ${e?.message}`).toBeNull();
      }
    }
  });
});

// ---------------------------------------------------------------- threads

describe('thread rights (lib/review.ts rules, applied by threadRights)', () => {
  const OBJECTION = 'The window includes a holiday week; exclude it before we publish.';
  const RATIONALE = 'We proceed: the holiday week is a tenth of the window and the effect holds without it.';

  async function threadsAs(id: number, viewer: Viewer) {
    return new Map((await listThreads(db, { id, viewer })).map((t) => [t.id, t.can]));
  }

  it('offers resolve, reopen and override exactly when the data layer allows them', async () => {
    const id = await inReview();
    const blocking = (await addComment(db, ws.ds, { id, section: 'methodology', kind: 'blocking', body: OBJECTION })).id;
    const question = (await addComment(db, ws.outsider, { id, section: 'record', kind: 'question', body: 'Which weeks does the window cover?' })).id;
    const expected: Record<Role, { blocking: { resolve: boolean; override: boolean }; question: { resolve: boolean; override: boolean } }> = {
      // Authors answer an objection by override, never by resolving it; they may resolve other threads.
      author: { blocking: { resolve: false, override: true }, question: { resolve: true, override: false } },
      // Only the person who raised an objection withdraws it.
      reviewer: { blocking: { resolve: true, override: false }, question: { resolve: false, override: false } },
      teamAdmin: { blocking: { resolve: false, override: false }, question: { resolve: false, override: false } },
      orgAdmin: { blocking: { resolve: false, override: false }, question: { resolve: true, override: false } },
      outsider: { blocking: { resolve: false, override: false }, question: { resolve: true, override: false } },
    };
    for (const role of ROLE_NAMES) {
      const can = await threadsAs(id, ROLES[role]);
      expect(can.get(blocking), `${role} on the objection`).toEqual({ reply: true, reopen: false, ...expected[role].blocking });
      expect(can.get(question), `${role} on the question`).toEqual({ reply: true, reopen: false, ...expected[role].question });
      // Every "no" is a refusal; nothing changes.
      for (const [thread, kind] of [[blocking, 'blocking'], [question, 'question']] as const) {
        if (!expected[role][kind].resolve) expect((await refusal(resolveThread(db, ROLES[role], { commentId: thread })))?.status, `${role} resolving the ${kind}`).toBeOneOf([403, 409]);
        if (!expected[role][kind].override) expect((await refusal(overrideThread(db, ROLES[role], { commentId: thread, rationale: RATIONALE })))?.status, `${role} overriding the ${kind}`).toBeOneOf([403, 409]);
      }
    }
    // Every "yes" is carried out.
    await overrideThread(db, ws.pm, { commentId: blocking, rationale: RATIONALE });
    expect((await threadsAs(id, ws.ds)).get(blocking)).toMatchObject({ reopen: true, resolve: false });
    expect((await threadsAs(id, teamAdmin)).get(blocking)).toMatchObject({ reopen: false });
    expect((await refusal(reopenThread(db, teamAdmin, { commentId: blocking })))?.status).toBe(403);
    await reopenThread(db, ws.ds, { commentId: blocking });
    await resolveThread(db, ws.ds, { commentId: blocking });
    await resolveThread(db, ws.outsider, { commentId: question });
  });

  it('offers no reply on a withdrawn decision, whose discussion the data layer has closed', async () => {
    const id = await aDraft();
    const question = (await addComment(db, ws.outsider, { id, section: 'record', kind: 'question', body: 'Which weeks does the window cover?' })).id;
    expect((await threadsAs(id, ws.pm)).get(question)).toMatchObject({ reply: true });
    await withdraw(db, ws.pm, { id, reason: REASON });
    for (const role of ROLE_NAMES) {
      expect((await threadsAs(id, ROLES[role])).get(question), role).toMatchObject({ reply: false });
      const e = await refusal(addComment(db, ROLES[role], { id, body: 'Replying anyway.', parentId: question }));
      expect(e?.status).toBe(409);
    }
  });
});

// ---------------------------------------------------------------- what the data layer reads to judge

/** A database that must not be asked anything. */
const noDb = new Proxy(
  {},
  {
    get(_t, key) {
      throw new Error(`queried the database (${String(key)})`);
    },
  },
) as unknown as Db;

describe('the standing the data layer judges by (db/queries/permissions.ts)', () => {
  it('asks about the team role for the rules that let a team admin in, and for an author’s rights (they last while the author is in the team)', () => {
    const needing = (author: boolean, orgAdmin = false) => DECISION_ACTIONS.filter((a) => teamRoleMatters([a], { author, teamName: 'T' }, {}, orgAdmin));
    expect(needing(false)).toEqual(['withdraw', 'reverse', 'recordOutcome', 'manageAuthors', 'link']);
    expect(needing(true)).toEqual(['edit', 'circulate', 'returnToDraft', 'publish', 'withdraw', 'reverse', 'recordOutcome', 'manageAuthors', 'link']);
    // An org admin administers every team: only an author's own rights need their membership.
    expect(needing(false, true)).toEqual([]);
    expect(needing(true, true)).toEqual(['edit', 'circulate', 'returnToDraft', 'publish']);
    expect(teamRoleMatters(['review'], { author: false, teamName: 'T' }, { verdict: 'approve' })).toBe(false);
    expect(teamRoleMatters(['comment', 'object', 'review'], { author: true, teamName: 'T' })).toBe(false);
  });

  it('judges org admins who are not authors, and actions no team role changes, without reading the team role, with the same rulings', async () => {
    for (const status of STATUSES) {
      const facts = await loadFacts(db, await decisionIn(status));
      expect(await decisionRightsOf(db, ws.pm, facts), `author, ${status}`).toEqual(rightsFrom(EXPECTED[status].author));
      for (const action of ['comment', 'object', 'review'] as const) await requireDecisionRight(noDb, ws.pm, facts, action).catch((e) => expect(e).toBeInstanceOf(AppError));
      expect(await decisionRightsOf(noDb, orgAdmin, facts), `org admin, ${status}`).toEqual(rightsFrom(EXPECTED[status].orgAdmin));
      for (const role of ['teamAdmin', 'outsider'] as const) {
        for (const action of DECISION_ACTIONS) {
          const matters = teamRoleMatters([action], { author: false, teamName: facts.teamName });
          const e = await refusal(requireDecisionRight(matters ? db : noDb, ROLES[role], facts, action));
          expect(e === null, `${role} ${action} on ${status}`).toBe(EXPECTED[status][role].includes(action));
        }
        expect(await decisionRightsOf(db, ROLES[role], facts), `${role}, ${status}`).toEqual(rightsFrom(EXPECTED[status][role]));
      }
      // Without actions, the standing is complete (a caller may change `author` before judging).
      expect((await standingOn(db, teamAdmin, facts)).teamAdmin).toBe(true);
      expect(await standingOn(db, ws.pm, facts)).toMatchObject({ author: true, member: true, teamAdmin: false });
      expect(await standingOn(db, orgAdmin, facts)).toMatchObject({ author: false, member: false, teamAdmin: true });
    }
  });
});

describe('rechecks inside the write transaction', () => {
  it('judge the rule again on the status as it is now: its code and reason, and that the decision just changed', async () => {
    const id = await inReview();
    const before = await loadFacts(db, id);
    const reviewer = await requireDecisionRight(db, ws.ds, before, 'review', { verdict: 'approve' });
    const author = await requireDecisionRight(db, ws.pm, before, 'edit');
    expect(await db.transaction((tx) => recheckDecisionRight(tx, id, reviewer, 'review', 'share', { verdict: 'approve' }))).toBe('in-review');
    await returnToDraft(db, ws.pm, { id });
    const closed = await refusal(db.transaction((tx) => recheckDecisionRight(tx, id, reviewer, 'review', 'share', { verdict: 'approve' })));
    expect(closed).toMatchObject({
      code: 'conflict',
      message: 'This decision is still a draft: verdicts open once it is circulated for review. This decision changed a moment ago: reload to see it.',
    });
    expect(await db.transaction((tx) => recheckDecisionRight(tx, id, author, 'edit', 'update'))).toBe('draft');
    await withdraw(db, ws.pm, { id, reason: REASON });
    const frozen = await refusal(db.transaction((tx) => recheckDecisionRight(tx, id, author, 'edit', 'update')));
    expect(frozen).toMatchObject({
      code: 'frozen',
      message: 'This decision is withdrawn: its content is frozen. Supersede it with a new decision instead. This decision changed a moment ago: reload to see it.',
    });
    const missing = await refusal(db.transaction((tx) => recheckDecisionRight(tx, 2_147_483_648, author, 'edit', 'update')));
    expect(missing).toMatchObject({ code: 'not_found', message: 'There is no decision #2147483648' });
  });

  it('lock the decision’s row only on PostgreSQL, and read its status on either engine', async () => {
    const id = await aDraft();
    if (engine() === 'sqlite') {
      // SQLite serialises writers already: taking the lock reads nothing.
      await lockDecision(noDb, id, 'update');
      await lockDecision(noDb, id, 'share');
    }
    await db.transaction(async (tx) => {
      await lockDecision(tx, id, 'share');
      expect(await lockedStatus(tx, id, 'update')).toBe('draft');
      expect(await lockedStatus(tx, 2_147_483_648, 'share')).toBeUndefined();
    });
  });
});

describe('requireThreadRight (lib/permissions.ts)', () => {
  const AUTHORS = ['author-1', 'author-2'];
  const ACTORS = {
    objector: { id: 'objector', isOrgAdmin: false },
    author: { id: 'author-1', isOrgAdmin: false },
    orgAdmin: { id: 'org-admin', isOrgAdmin: true },
    other: { id: 'someone', isOrgAdmin: false },
  };
  const STATES: ThreadState[] = ['open', 'resolved', 'overridden'];
  const RATIONALES = ['We proceed: the holiday week is a tenth of the window and the effect holds without it.', 'No.'];

  /** The codes the data layer answered before requireThreadRight, written out by hand. */
  function expectedRefusal(action: ThreadAction, t: ThreadFacts, actor: { id: string; isOrgAdmin: boolean }, rationale: string) {
    if (action === 'resolve') {
      const r = canResolve(t, actor, AUTHORS);
      return r.ok ? null : { code: t.state !== 'open' || t.deleted ? 'conflict' : 'forbidden', message: r.reason, issues: undefined };
    }
    if (action === 'reopen') {
      const r = canReopen(t, actor, AUTHORS);
      return r.ok ? null : { code: t.state === 'open' || t.deleted ? 'conflict' : 'forbidden', message: r.reason, issues: undefined };
    }
    const r = canOverride(t, actor, AUTHORS, rationale);
    if (r.ok) return null;
    const code = !AUTHORS.includes(actor.id) ? 'forbidden' : t.kind !== 'blocking' || t.state !== 'open' || t.deleted ? 'conflict' : 'invalid';
    return { code, message: r.reason, issues: code === 'invalid' ? [{ path: 'rationale', message: r.reason }] : undefined };
  }

  it('refuses with the code each thread rule answered before, its reason, and the rationale field for a short override', () => {
    let refused = 0;
    let allowed = 0;
    for (const kind of COMMENT_KINDS)
      for (const state of STATES)
        for (const deleted of [false, true])
          for (const actor of Object.values(ACTORS))
            for (const rationale of RATIONALES)
              for (const action of ['resolve', 'reopen', 'override'] as const) {
                const t: ThreadFacts = { kind, authorId: 'objector', state, deleted };
                const expected = expectedRefusal(action, t, actor, rationale);
                let got: { code: string; message: string; issues: unknown } | null = null;
                try {
                  requireThreadRight(action, t, actor, { authorIds: AUTHORS }, { rationale });
                } catch (e) {
                  if (!(e instanceof AppError)) throw e;
                  got = { code: e.code, message: e.message, issues: e.issues };
                }
                expect(got, `${actor.id} ${action} ${kind} ${state}${deleted ? ' deleted' : ''} "${rationale}"`).toEqual(expected);
                if (got) refused++;
                else allowed++;
              }
    expect(refused).toBeGreaterThan(0);
    expect(allowed).toBeGreaterThan(0);
  });
});
