import { describe, expect, it } from 'vitest';
import { addComment, deleteComment, editComment, listThreadPage, listThreads, overrideThread, resolveThread, type Thread, type ThreadPage } from '@/db/queries/comments';
import { createDecision, updateDecision } from '@/db/queries/decisions';
import type { Viewer } from '@/db/queries/users';
import { discussionExpand, type DiscussionExpand } from '@/lib/discussion';
import { COMMENT_SECTIONS, type CommentSection } from '@/lib/validation/review';
import { makeWorkspace, testDb } from './helpers/db';

/*
 * The decision page reads its discussion paged in SQL (listThreadPage). It must
 * show exactly what the page showed when it read every comment (listThreads)
 * and paged in memory: the same threads in the same order, the same replies,
 * the same counts and the same rights for the viewer.
 */

const db = await testDb();
const ws = await makeWorkspace(db);
const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'A long discussion' } });

// The rules as the page applied them in memory before listThreadPage, written out independently.
const OLD_THREADS_PER_SECTION = 6;
const OLD_REPLIES = { head: 1, tail: 3 };
function oldPage(threads: Thread[], expand: DiscussionExpand): ThreadPage {
  const sections = {} as ThreadPage['sections'];
  for (const section of COMMENT_SECTIONS) {
    const st = threads.filter((t) => t.section === section);
    const ordered = [...st.filter((t) => t.state === 'open' && !t.deleted), ...st.filter((t) => t.state !== 'open' || t.deleted)];
    const wanted = expand.thread === null ? undefined : st.find((t) => t.id === expand.thread || t.replies.some((r) => r.id === expand.thread));
    const all = expand.section === section || expand.section === 'all' || wanted !== undefined;
    const shown = all ? ordered : ordered.slice(0, OLD_THREADS_PER_SECTION);
    sections[section] = {
      section,
      count: st.length,
      open: st.filter((t) => t.state === 'open' && !t.deleted).length,
      blockingOpen: st.filter((t) => t.kind === 'blocking' && t.state === 'open' && !t.deleted).length,
      all,
      threads: shown.map((t) => {
        const expanded = all && (t === wanted || expand.section !== null);
        const hidden = expanded ? 0 : Math.max(0, t.replies.length - OLD_REPLIES.head - OLD_REPLIES.tail);
        const replies = hidden ? [...t.replies.slice(0, OLD_REPLIES.head), ...t.replies.slice(-OLD_REPLIES.tail)] : t.replies;
        return { ...t, replies, replyCount: t.replies.length };
      }),
    };
  }
  return { sections, blockingOpen: threads.filter((t) => t.kind === 'blocking' && t.state === 'open' && !t.deleted).length };
}

const people = [ws.pm, ws.ds, ws.eng, ws.designer, ws.outsider];
const KINDS = ['question', 'suggestion', 'concern', 'blocking', 'endorsement'] as const;
// Many threads on the whole decision, seven on context (one past the page), three on methodology, none elsewhere.
const plan: [CommentSection, number][] = [
  ['record', 17],
  ['context', 7],
  ['methodology', 3],
];
const threadIds: Record<string, number[]> = {};
let n = 0;
for (const [section, count] of plan) {
  threadIds[section] = [];
  for (let i = 0; i < count; i++) {
    const author = people[(n + 1) % people.length]!;
    const kind = KINDS[n % KINDS.length]!;
    const t = await addComment(db, author, { id: d.id, section, kind, body: `Thread ${n} on ${section}` });
    threadIds[section]!.push(t.id);
    n++;
  }
}
// Replies interleaved across threads (ids not contiguous per thread): 0, 1, 4, 5, 9 … replies.
const replyIds = new Map<number, number[]>();
const all = Object.values(threadIds).flat();
const replyCount = (i: number) => [0, 1, 2, 4, 5, 9, 3][i % 7]!;
for (let round = 0; round < 9; round++) {
  for (const [i, t] of all.entries()) {
    if (round >= replyCount(i)) continue;
    const r = await addComment(db, people[(i + round) % people.length]!, { id: d.id, parentId: t, body: `Reply ${round} to #${t}` });
    replyIds.set(t, [...(replyIds.get(t) ?? []), r.id]);
  }
}
// Settle some threads so open ones move ahead of older settled ones; delete and edit a few comments.
const threadsNow = await listThreads(db, { id: d.id, viewer: ws.pm });
for (const t of threadsNow) {
  const i = all.indexOf(t.id);
  if (t.kind === 'blocking' && i % 2 === 0) await overrideThread(db, ws.pm, { commentId: t.id, rationale: 'We proceed anyway because the rollout is reversible within a day.' });
  else if (t.kind !== 'blocking' && i % 3 === 0) await resolveThread(db, ws.pm, { commentId: t.id, note: 'Answered' });
}
const recordThreads = threadIds.record!;
await deleteComment(db, people[(all.indexOf(recordThreads[1]!) + 1) % people.length]!, { commentId: recordThreads[1]! });
const edited = threadsNow.find((t) => t.id === recordThreads[2])!;
await editComment(db, people.find((p) => p.id === edited.author.id)!, { commentId: edited.id, body: 'Thread 2, edited' });
const longThread = [...replyIds.entries()].find(([, rs]) => rs.length === 9)!;
const middleReply = longThread[1][4]!;
const lastReply = longThread[1][8]!;
for (const rid of [middleReply, lastReply, longThread[1][0]!]) {
  const r = (await listThreads(db, { id: d.id, viewer: ws.pm })).flatMap((t) => t.replies).find((c) => c.id === rid)!;
  await editComment(db, people.find((p) => p.id === r.author.id)!, { commentId: rid, body: `Edited reply #${rid}` });
}
const lastAuthor = (await listThreads(db, { id: d.id, viewer: ws.pm })).flatMap((t) => t.replies).find((c) => c.id === lastReply)!.author.id;
await deleteComment(db, people.find((p) => p.id === lastAuthor)!, { commentId: lastReply });
// Some threads are outdated: the section changed after they were written.
await updateDecision(db, ws.pm, { id: d.id, baseRevision: 1, content: { context: 'The context changed.' } });

async function compare(viewer: Viewer, expand: DiscussionExpand) {
  const [paged, full] = await Promise.all([listThreadPage(db, { id: d.id, viewer, expand }), listThreads(db, { id: d.id, viewer })]);
  expect(paged).toEqual(oldPage(full, expand));
  return paged;
}

describe('listThreadPage', () => {
  it('builds a discussion worth paging', async () => {
    const full = await listThreads(db, { id: d.id, viewer: ws.pm });
    expect(full.filter((t) => t.section === 'record').length).toBe(17);
    expect(full.some((t) => t.state === 'resolved') && full.some((t) => t.state === 'overridden') && full.some((t) => t.deleted)).toBe(true);
    expect(full.some((t) => t.outdated)).toBe(true);
    expect(full.flatMap((t) => [t, ...t.replies]).filter((c) => c.edits.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('the default view: a page of threads per section, head and tail of each thread’s replies', async () => {
    for (const viewer of [ws.pm, ws.outsider, ws.admin]) {
      const page = await compare(viewer, { section: null, thread: null });
      expect(page.sections.record.threads.length).toBe(6);
      expect(page.sections.record.count).toBe(17);
      expect(page.sections.context.threads.length).toBe(6);
      expect(page.sections.methodology.threads.length).toBe(3);
      expect(page.sections.summary).toMatchObject({ count: 0, threads: [] });
      expect(page.sections.record.threads.some((t) => t.replyCount > t.replies.length)).toBe(true);
    }
  });

  it('an expanded section, and every section', async () => {
    for (const section of ['record', 'context', 'methodology', 'summary', 'all', 'nonsense']) {
      await compare(ws.ds, { section, thread: null });
    }
    const page = await compare(ws.ds, { section: 'record', thread: null });
    expect(page.sections.record.threads.length).toBe(17);
    expect(page.sections.record.threads.every((t) => t.replies.length === t.replyCount)).toBe(true);
    expect(page.sections.context.threads.length).toBe(6);
  });

  it('a targeted thread or reply opens its section and that thread', async () => {
    const targets = [recordThreads[16]!, longThread[0], middleReply, lastReply, threadIds.context![6]!, threadIds.methodology![0]!];
    for (const thread of targets) {
      await compare(ws.eng, { section: null, thread });
      await compare(ws.eng, { section: 'methodology', thread });
    }
    const page = await compare(ws.eng, { section: null, thread: middleReply });
    const t = Object.values(page.sections).flatMap((s) => s.threads).find((x) => x.id === longThread[0])!;
    expect(t.replies.length).toBe(9);
    expect(t.replyCount).toBe(9);
    // Not this decision's comment, not a number: nothing opens.
    const other = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Elsewhere' } });
    const stray = await addComment(db, ws.ds, { id: other.id, kind: 'question', body: 'Elsewhere' });
    await compare(ws.eng, { section: null, thread: stray.id });
    await compare(ws.eng, discussionExpand({ thread: 'abc' }));
    expect(discussionExpand({ thread: 'abc' }).thread).toBeNull();
  });

  it('a decision without comments', async () => {
    const empty = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Quiet' } });
    const page = await listThreadPage(db, { id: empty.id, viewer: ws.pm, expand: { section: 'all', thread: null } });
    expect(page.blockingOpen).toBe(0);
    expect(Object.values(page.sections).every((s) => s.count === 0 && s.threads.length === 0)).toBe(true);
  });
});
