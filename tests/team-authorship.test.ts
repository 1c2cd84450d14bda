import { describe, expect, it } from 'vitest';
import * as decisionRoute from '@/app/api/v1/decisions/[id]/route';
import * as circulateRoute from '@/app/api/v1/decisions/[id]/circulate/route';
import * as authorRoute from '@/app/api/v1/decisions/[id]/authors/[email]/route';
import * as commentsRoute from '@/app/api/v1/decisions/[id]/comments/route';
import { autosaveDraft } from '@/db/queries/autosave';
import { addComment, listThreads, overrideThread } from '@/db/queries/comments';
import { addAuthor, createDecision, getDecision, removeAuthor } from '@/db/queries/decisions';
import { loadFacts } from '@/db/queries/facts';
import { recheckDecisionRight, requireDecisionRight } from '@/db/queries/permissions';
import { recordOutcome, withdraw } from '@/db/queries/publish';
import { circulate } from '@/db/queries/review';
import { relateDecisions } from '@/db/queries/links';
import { addMember, createTeam, removeMember } from '@/db/queries/teams';
import { requireThreadRight, threadRights } from '@/lib/permissions';
import { call, serveRoutesFrom, tokenFor } from './helpers/api';
import { makeUser, refusal, testDb } from './helpers/db';
import { demoContent, publishAt, publishingWorkspace } from './helpers/publishing';

/*
 * An author's rights on a decision last while they belong to its team. Someone removed from the
 * team keeps their name on the record, reads and comments, and can no longer edit, circulate,
 * publish or withdraw the team's decisions, nor take the remaining authors off them. A team is
 * never left with an open decision nobody in it may carry on: removing its last author in the team
 * is refused.
 */

const db = await testDb();
serveRoutesFrom(db);
const ws = await publishingWorkspace(db);
const priya = ws.pm;
const rin = await makeUser(db, { name: 'Rin Sato', function: 'product' });
await addMember(db, ws.admin, ws.team.slug, { email: rin.email });

const REASON = 'The team chose another route after the pricing review, so this one is not needed.';
const AUTHOR_RIGHTS = ['edit', 'circulate', 'returnToDraft', 'publish', 'withdraw', 'reverse', 'recordOutcome', 'manageAuthors', 'link'] as const;

async function draftBy(author: typeof priya, title: string): Promise<number> {
  return (await createDecision(db, author, { team: ws.team.slug, content: demoContent(Date.now(), { title }) })).id;
}


describe('an author removed from the team', () => {
  it('keeps the byline, reads and comments, and loses every author right until added back', async () => {
    const id = await draftBy(priya, 'Drop the coupon field from checkout');
    await addAuthor(db, priya, { id, email: rin.email });
    const token = await tokenFor(db, rin);
    expect((await call(decisionRoute.GET, { token, params: { id: String(id) } })).body.viewerCan).toMatchObject({ edit: true, circulate: true, withdraw: true, manageAuthors: true });

    await removeMember(db, ws.admin, ws.team.slug, rin.id);

    const seen = await call(decisionRoute.GET, { token, params: { id: String(id) } });
    expect(seen.status).toBe(200);
    expect(seen.body.authors.map((a: { email: string }) => a.email)).toEqual([priya.email, rin.email]);
    for (const right of AUTHOR_RIGHTS) expect(seen.body.viewerCan[right], right).toBe(false);
    expect(seen.body.viewerCan).toMatchObject({ comment: true, object: true, review: false });

    const left = /^You are no longer a member of Team \d+, so you can’t edit it any more/;
    const patch = await call(decisionRoute.PATCH, { token, method: 'PATCH', params: { id: String(id) }, body: { baseRevision: 1, content: { risks: 'Rewritten by someone who left.' } } });
    expect(patch.status).toBe(403);
    expect(patch.body.error.message).toMatch(left);
    expect(await refusal(autosaveDraft(db, rin, { id, baseRevision: 1, content: { risks: 'Typed after leaving.' } }))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(left) });
    const circ = await call(circulateRoute.POST, { token, params: { id: String(id) }, body: { functions: ['data-science'] } });
    expect(circ.status).toBe(403);
    const unseat = await call(authorRoute.DELETE, { token, method: 'DELETE', params: { id: String(id), email: priya.email } });
    expect(unseat.status).toBe(403);
    expect(unseat.body.error.message).toMatch(/no longer a member of Team \d+, so you can’t change who wrote it/);
    expect(await refusal(withdraw(db, rin, { id, reason: REASON }))).toMatchObject({ code: 'forbidden' });

    const comment = await call(commentsRoute.POST, { token, params: { id: String(id) }, body: { section: 'record', kind: 'question', body: 'Which weeks does the window cover?' } });
    expect(comment.status).toBe(201);
    // Nor can they override an objection to it; the author still in the team can.
    const objection = await addComment(db, ws.ds, { id, section: 'methodology', kind: 'blocking', body: 'Exclude the holiday week before this goes anywhere.' });
    const rationale = 'We proceed: the holiday week is a tenth of the window and the effect holds without it.';
    expect((await listThreads(db, { id, viewer: rin })).find((t) => t.id === objection.id)!.can.override).toBe(false);
    expect(await refusal(overrideThread(db, rin, { commentId: objection.id, rationale }))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/no longer a member/) });
    expect((await overrideThread(db, priya, { commentId: objection.id, rationale })).state).toBe('overridden');

    const after = await loadFacts(db, id);
    expect(after).toMatchObject({ status: 'draft', revision: 1, authorIds: [priya.id, rin.id] });

    // Back in the team, back to work.
    await addMember(db, ws.admin, ws.team.slug, { email: rin.email });
    expect((await call(decisionRoute.GET, { token, params: { id: String(id) } })).body.viewerCan).toMatchObject({ edit: true, circulate: true, withdraw: true, manageAuthors: true });
    const saved = await call(decisionRoute.PATCH, { token, method: 'PATCH', params: { id: String(id) }, body: { baseRevision: 1, content: { risks: 'Checked again after rejoining.' } } });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(2);
  });

  it('can no longer record the outcome of a published decision of the team; its team admin still can', async () => {
    const id = await publishAt(db, Date.now(), { team: ws.team.slug, author: rin, reviewer: ws.ds });
    await removeMember(db, ws.admin, ws.team.slug, rin.id);
    try {
      const can = (await getDecision(db, { id, viewer: rin })).can;
      expect(can).toMatchObject({ recordOutcome: false, reverse: false, link: false, comment: true });
      expect(await refusal(recordOutcome(db, rin, { id, verdict: 'validated', body: 'The guardrail held over the whole window.' }))).toMatchObject({ code: 'forbidden' });
      await recordOutcome(db, ws.admin, { id, verdict: 'validated', body: 'The guardrail held over the whole window.' });
    } finally {
      await addMember(db, ws.admin, ws.team.slug, { email: rin.email });
    }
  });

  it('can no longer link decisions of another team to it', async () => {
    const id = await draftBy(priya, 'Offer express shipping at checkout');
    await addAuthor(db, priya, { id, email: rin.email });
    const elsewhere = await createTeam(db, ws.admin, { slug: 'rin-elsewhere', name: 'Elsewhere' });
    await addMember(db, ws.admin, elsewhere.slug, { email: rin.email });
    const hers = (await createDecision(db, rin, { team: elsewhere.slug, content: demoContent(Date.now(), { title: 'Ship faster from the north warehouse' }) })).id;
    await removeMember(db, ws.admin, ws.team.slug, rin.id);
    try {
      expect(await refusal(relateDecisions(db, rin, { id: hers, relatesTo: id }))).toMatchObject({
        code: 'forbidden',
        message: `You are no longer a member of ${ws.team.name}, so you can’t link decisions to #${id} any more: ask someone in ${ws.team.name} to add the link`,
      });
    } finally {
      await addMember(db, ws.admin, ws.team.slug, { email: rin.email });
    }
    await relateDecisions(db, rin, { id: hers, relatesTo: id });
  });

  it('is refused inside the write when the removal lands while the request waits', async () => {
    const id = await draftBy(priya, 'Move the order summary above the fold');
    await addAuthor(db, priya, { id, email: rin.email });
    const standing = await requireDecisionRight(db, rin, await loadFacts(db, id), 'edit');
    await removeMember(db, ws.admin, ws.team.slug, rin.id);
    try {
      const e = await refusal(db.transaction((tx) => recheckDecisionRight(tx, id, standing, 'edit', 'update')));
      expect(e).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/no longer a member .* This decision changed a moment ago/) });
    } finally {
      await addMember(db, ws.admin, ws.team.slug, { email: rin.email });
    }
  });
});

describe('removing a member who is the last author in the team of an open decision', () => {
  it('is refused, naming the decision, until a co-author is added or it is withdrawn; closed decisions don’t count', async () => {
    const leaver = await makeUser(db, { name: 'Lee Leaver', function: 'product' });
    await addMember(db, ws.admin, ws.team.slug, { email: leaver.email });
    await publishAt(db, Date.now(), { team: ws.team.slug, author: leaver, reviewer: ws.ds });
    const draft = await draftBy(leaver, 'Show delivery dates on product pages');
    const inReview = await draftBy(leaver, 'Hide the gift-wrap option');
    await circulate(db, leaver, { id: inReview, functions: ['data-science'] });

    const e = await refusal(removeMember(db, ws.admin, ws.team.slug, leaver.id));
    expect(e).toMatchObject({
      code: 'conflict',
      status: 409,
      message: `Lee Leaver is the only author of “Show delivery dates on product pages” (#${draft}), “Hide the gift-wrap option” (#${inReview}): add a co-author to each or withdraw them first`,
    });
    await withdraw(db, leaver, { id: draft, reason: REASON });
    expect(await refusal(removeMember(db, ws.admin, ws.team.slug, leaver.id))).toMatchObject({
      code: 'conflict',
      message: `Lee Leaver is the only author of “Hide the gift-wrap option” (#${inReview}): add a co-author or withdraw it first`,
    });
    // A co-author who has left the team too is no one to carry it on.
    await addAuthor(db, leaver, { id: inReview, email: rin.email });
    await removeMember(db, ws.admin, ws.team.slug, rin.id);
    expect(await refusal(removeMember(db, ws.admin, ws.team.slug, leaver.id))).toMatchObject({ code: 'conflict' });
    await addMember(db, ws.admin, ws.team.slug, { email: rin.email });

    await removeMember(db, ws.admin, ws.team.slug, leaver.id);
    expect((await getDecision(db, { id: inReview, viewer: rin })).can).toMatchObject({ edit: true, publish: true, manageAuthors: true });
    // The remaining author, or a team admin who is no author, tidies the byline; the one who left can't.
    expect(await refusal(removeAuthor(db, leaver, { id: inReview, email: rin.email }))).toMatchObject({ code: 'forbidden' });
    // Nor may a team admin take off the one author still in the team and leave only the one who left.
    expect(await refusal(removeAuthor(db, ws.admin, { id: inReview, email: rin.email }))).toMatchObject({
      code: 'conflict',
      message: `Rin Sato is the only author of this decision still in ${ws.team.name}: add a co-author from the team before removing them`,
    });
    await removeAuthor(db, ws.admin, { id: inReview, email: leaver.email });
    expect((await loadFacts(db, inReview)).authorIds).toEqual([rin.id]);
  });
});

describe('overriding an objection (lib/permissions.ts thread rules)', () => {
  it('is for the authors still in the team, when the data layer says who they are', () => {
    const objection = { kind: 'blocking', authorId: 'objector', state: 'open' as const, deleted: false };
    const left = { id: 'rin', isOrgAdmin: false };
    const decision = { status: 'in-review' as const, authorIds: ['priya', 'rin'], actingAuthorIds: ['priya'] };
    expect(threadRights(objection, left, decision)).toMatchObject({ override: false, resolve: false });
    expect(threadRights(objection, { id: 'priya', isOrgAdmin: false }, decision)).toMatchObject({ override: true });
    expect(() => requireThreadRight('override', objection, left, decision, { rationale: 'We proceed: the holiday week is a tenth of the window.' })).toThrow(
      expect.objectContaining({ code: 'forbidden', message: expect.stringMatching(/no longer a member of this decision’s team/) }),
    );
    // Without the list every author counts, as before.
    expect(threadRights(objection, left, { status: 'in-review', authorIds: ['priya', 'rin'] })).toMatchObject({ override: true });
  });
});
