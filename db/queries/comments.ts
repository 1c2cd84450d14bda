import { now as currentTime } from '@/lib/clock';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { AppError, parseOrThrow } from '@/lib/errors';
import { requireRight, requireThreadRight, threadRights, type ThreadRights } from '@/lib/permissions';
import { extractMentionTokens, isCommentOutdated, resolveMentions, type ThreadFacts, type ThreadState } from '@/lib/review';
import { type UserFunction } from '@/lib/validation/common';
import { COMMENT_SECTIONS, commentSchema, editCommentSchema, overrideSchema, resolveSchema, type CommentSection } from '@/lib/validation/review';
import { REPLIES_SHOWN, sectionExpanded, THREADS_PER_SECTION, threadExpanded, type DiscussionExpand } from '@/lib/discussion';
import { first, readAll, rawRows, sqlList, type Db, type Executor } from '../client';
import { commentEdits, comments, user } from '../schema';
import { loadFacts, readAuthorsInTeam, type DecisionFacts, type Person } from './facts';
import { appendEvent, notify } from './events';
import { lockDecision } from './locks';
import { recheckDecisionRight, requireDecisionRight } from './permissions';
import { reindexSearch } from './search';
import type { Viewer } from './users';

/*
 * Section-anchored comment threads (Google Docs comments are the model):
 * threaded replies, edit history, soft deletion, resolve / reopen, and the
 * decision author's override of a blocking objection, which is kept forever.
 */

export type HistoryEntry = { action: 'resolved' | 'reopened' | 'overridden'; by: string; at: string; note: string };

export type Comment = {
  id: number;
  decisionId: number;
  parentId: number | null;
  section: CommentSection;
  kind: string;
  author: Person;
  /** Empty once deleted. */
  body: string;
  revision: number;
  outdated: boolean;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  edits: { previousBody: string; editedAt: string }[];
};

export type Thread = Comment & {
  state: ThreadState;
  resolved: boolean;
  overridden: boolean;
  stateBy: string | null;
  stateAt: string | null;
  stateNote: string | null;
  history: HistoryEntry[];
  replies: Comment[];
  /** What the viewer may do with this thread (lib/permissions.ts). */
  can: ThreadRights;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type CommentRow = { c: typeof comments.$inferSelect; name: string; email: string; fn: string };

/** A comment as readers get it; a deleted one keeps its place but not its words. */
function commentOf(r: CommentRow, outdated: boolean, edits: Comment['edits']): Comment {
  const deleted = r.c.deletedAt !== null;
  return {
    id: r.c.id,
    decisionId: r.c.decisionId,
    parentId: r.c.parentId,
    section: r.c.section as CommentSection,
    kind: r.c.kind,
    author: { id: r.c.authorId, name: r.name, email: r.email, function: r.fn as UserFunction },
    body: deleted ? '' : r.c.body,
    revision: r.c.revision,
    // Replies are outdated with their thread: what matters is the section the thread is about.
    outdated,
    createdAt: iso(r.c.createdAt)!,
    editedAt: iso(r.c.editedAt),
    deleted,
    edits: deleted ? [] : edits,
  };
}

async function row(db: Executor, id: number) {
  const r = await first(db.select().from(comments).where(eq(comments.id, id)));
  if (!r) throw new AppError('not_found', `There is no comment #${id}`);
  return r;
}

const COMMENT_COLUMNS = sql.raw(`c.id, c.decision_id, c.parent_id, c.author_id, c.section, c.kind, c.body, c.revision, c.created_at, c.edited_at, c.deleted_at,
      c.state, c.state_by, c.state_at, c.state_note, c.history, u.name, u.email, u.function AS fn,
      (SELECT u2.name FROM "user" u2 WHERE u2.id = c.state_by) AS state_by_name`);

type FlatRow = CommentRow & { stateByName: string | null };

/** A raw row (snake_case columns above) as the ORM would map it. Long discussions have hundreds: no per-row ORM mapping. */
function flatRow(r: Record<string, unknown>): FlatRow {
  return {
    c: {
      id: r.id,
      decisionId: r.decision_id,
      parentId: r.parent_id,
      authorId: r.author_id,
      section: r.section,
      kind: r.kind,
      body: r.body,
      revision: r.revision,
      createdAt: r.created_at,
      editedAt: r.edited_at,
      deletedAt: r.deleted_at,
      state: r.state,
      stateBy: r.state_by,
      stateAt: r.state_at,
      stateNote: r.state_note,
      history: r.history,
    } as typeof comments.$inferSelect,
    name: r.name as string,
    email: r.email as string,
    fn: r.fn as string,
    stateByName: r.state_by_name as string | null,
  };
}

/** What the thread rules (lib/review.ts) read of a thread's first comment. */
const threadFacts = (c: typeof comments.$inferSelect): ThreadFacts => ({ kind: c.kind, authorId: c.authorId, state: c.state, deleted: c.deletedAt !== null });

/** Edit histories of the edited comments among these rows, in one query. */
async function editsOf(db: Executor, rows: FlatRow[]): Promise<Map<number, Comment['edits']>> {
  const edited = rows.filter((r) => r.c.editedAt !== null).map((r) => r.c.id);
  const edits = edited.length ? await db.select().from(commentEdits).where(inArray(commentEdits.commentId, edited)).orderBy(asc(commentEdits.id)) : [];
  const editsBy = new Map<number, Comment['edits']>();
  for (const e of edits) {
    const list = editsBy.get(e.commentId) ?? [];
    list.push({ previousBody: e.previousBody, editedAt: iso(e.editedAt)! });
    editsBy.set(e.commentId, list);
  }
  return editsBy;
}

/** Thread and reply rows (ordered by id) as threads, with the viewer's rights on each. */
function buildThreads(facts: DecisionFacts, viewer: Viewer, rows: FlatRow[], editsBy: Map<number, Comment['edits']>): Thread[] {
  const threadsById = new Map<number, Thread>();
  const toComment = (r: FlatRow, section: string, revision: number) => commentOf(r, isCommentOutdated(section, revision, facts.sectionChangedAt), editsBy.get(r.c.id) ?? []);
  const actor = { id: viewer.id, isOrgAdmin: viewer.isOrgAdmin };
  for (const r of rows) {
    if (r.c.parentId === null) {
      const base = toComment(r, r.c.section, r.c.revision);
      threadsById.set(r.c.id, {
        ...base,
        state: r.c.state,
        resolved: r.c.state === 'resolved',
        overridden: r.c.state === 'overridden',
        stateBy: r.stateByName,
        stateAt: iso(r.c.stateAt),
        stateNote: r.c.stateNote,
        history: JSON.parse(r.c.history) as HistoryEntry[],
        replies: [],
        can: threadRights(threadFacts(r.c), actor, facts),
      });
    } else {
      const thread = threadsById.get(r.c.parentId);
      if (thread) thread.replies.push(toComment(r, thread.section, thread.revision));
    }
  }
  return [...threadsById.values()];
}

/** All threads of a decision with their replies and edit histories: three indexed queries, whatever the thread count. */
export async function listThreads(db: Db, input: { id: number; viewer: Viewer }): Promise<Thread[]> {
  const facts = await loadFacts(db, input.id);
  const rows = (
    await rawRows<Record<string, unknown>>(db, sql`
    SELECT ${COMMENT_COLUMNS}
    FROM comments c JOIN "user" u ON u.id = c.author_id
    WHERE c.decision_id = ${facts.id}
    ORDER BY c.id`)
  ).map(flatRow);
  return buildThreads(facts, input.viewer, rows, await editsOf(db, rows));
}

/** A thread as the page shows it: `replies` holds only the replies shown, `replyCount` counts them all. */
export type ShownThread = Thread & { replyCount: number };

/** One section's discussion as the page shows it, with the counts of all its threads. */
export type SectionDiscussion = {
  section: CommentSection;
  /** The threads shown, in order: open ones first. */
  threads: ShownThread[];
  /** Every thread on the section, shown or not. */
  count: number;
  /** Open, not deleted. */
  open: number;
  /** Open blocking objections, not deleted. */
  blockingOpen: number;
  /** Whether every thread of the section is shown (no "show more threads" link). */
  all: boolean;
};

export type ThreadPage = { sections: Record<CommentSection, SectionDiscussion>; blockingOpen: number };

/**
 * The discussion exactly as the decision page renders it (lib/discussion.ts
 * has the rules), paged in SQL: per section the threads shown, each with the
 * replies shown and its reply count, and per-section counts from one
 * aggregate. A 600-comment discussion reads a few dozen rows, not 600.
 * `listThreads` keeps the full list for the API.
 */
export async function listThreadPage(db: Db, input: { id: number; viewer: Viewer; expand: DiscussionExpand }): Promise<ThreadPage> {
  const { expand } = input;
  // The decision's facts and the section counts are independent reads: one round trip, not two.
  const [facts, summary, targets] = await readAll(db, [
    () => loadFacts(db, input.id),
    () =>
      rawRows<{ section: string; threads: number; open: number; blocking_open: number }>(db, sql`
      SELECT c.section, count(*) AS threads,
        sum(CASE WHEN c.state = 'open' AND c.deleted_at IS NULL THEN 1 ELSE 0 END) AS open,
        sum(CASE WHEN c.state = 'open' AND c.deleted_at IS NULL AND c.kind = 'blocking' THEN 1 ELSE 0 END) AS blocking_open
      FROM comments c
      WHERE c.decision_id = ${input.id} AND c.parent_id IS NULL
      GROUP BY c.section`),
    // The thread a targeted comment (a thread or one of its replies) belongs to.
    () =>
      expand.thread === null
        ? Promise.resolve([])
        : rawRows<{ id: number; section: string }>(db, sql`
      SELECT t.id, t.section
      FROM comments c JOIN comments t ON t.id = coalesce(c.parent_id, c.id)
      WHERE c.id = ${expand.thread} AND c.decision_id = ${input.id} AND t.decision_id = ${input.id} AND t.parent_id IS NULL`),
  ]);
  const wanted = targets[0] ? { id: Number(targets[0].id), section: targets[0].section } : null;
  const sections = Object.fromEntries(
    COMMENT_SECTIONS.map((section) => [section, { section, threads: [], count: 0, open: 0, blockingOpen: 0, all: sectionExpanded(section, expand, wanted?.section ?? null) }]),
  ) as unknown as Record<CommentSection, SectionDiscussion>;
  let blockingOpen = 0;
  for (const s of summary) {
    blockingOpen += Number(s.blocking_open);
    const entry = sections[s.section as CommentSection];
    if (!entry) continue;
    entry.count = Number(s.threads);
    entry.open = Number(s.open);
    entry.blockingOpen = Number(s.blocking_open);
  }
  const page = { sections, blockingOpen };
  if (summary.length === 0) return page;

  // Per section, open threads first, then by id; a section in full or its first THREADS_PER_SECTION.
  const openSections = COMMENT_SECTIONS.filter((s) => sections[s].all);
  const threadRows = (
    await rawRows<Record<string, unknown>>(db, sql`
    SELECT ${COMMENT_COLUMNS}, (SELECT count(*) FROM comments r WHERE r.decision_id = c.decision_id AND r.parent_id = c.id) AS reply_count
    FROM (
      SELECT t.id, row_number() OVER (PARTITION BY t.section ORDER BY CASE WHEN t.state = 'open' AND t.deleted_at IS NULL THEN 0 ELSE 1 END, t.id) AS pos
      FROM comments t
      WHERE t.decision_id = ${facts.id} AND t.parent_id IS NULL
    ) p
    JOIN comments c ON c.id = p.id
    JOIN "user" u ON u.id = c.author_id
    WHERE p.pos <= ${THREADS_PER_SECTION}${openSections.length ? sql` OR c.section IN (${sql.join(openSections.map((s) => sql`${s}`), sql`, `)})` : sql``}
    ORDER BY p.pos, c.id`)
  ).map((r) => ({ row: flatRow(r), replyCount: Number(r.reply_count) }));
  if (threadRows.length === 0) return page;

  // Replies: all of an expanded thread's, else the first `head` and the last `tail` by id.
  const expandedIds = threadRows.filter((t) => threadExpanded(t.row.c.id, sections[t.row.c.section as CommentSection]?.all ?? false, expand, wanted?.id ?? null)).map((t) => t.row.c.id);
  const withReplies = threadRows.filter((t) => t.replyCount > 0).map((t) => t.row.c.id);
  const replyRows = withReplies.length
    ? (
        await rawRows<Record<string, unknown>>(db, sql`
      SELECT ${COMMENT_COLUMNS}
      FROM (
        SELECT r.id, r.parent_id,
          row_number() OVER (PARTITION BY r.parent_id ORDER BY r.id) AS up,
          row_number() OVER (PARTITION BY r.parent_id ORDER BY r.id DESC) AS down
        FROM comments r
        WHERE r.decision_id = ${facts.id} AND r.parent_id IN (${sqlList(withReplies)})
      ) p
      JOIN comments c ON c.id = p.id
      JOIN "user" u ON u.id = c.author_id
      WHERE p.up <= ${REPLIES_SHOWN.head} OR p.down <= ${REPLIES_SHOWN.tail}${expandedIds.length ? sql` OR p.parent_id IN (${sqlList(expandedIds)})` : sql``}
      ORDER BY c.id`)
      ).map(flatRow)
    : [];
  const rows = [...threadRows.map((t) => t.row), ...replyRows];
  const threads = buildThreads(facts, input.viewer, rows, await editsOf(db, rows));
  const counts = new Map(threadRows.map((t) => [t.row.c.id, t.replyCount]));
  for (const t of threads) sections[t.section]?.threads.push({ ...t, replyCount: counts.get(t.id) ?? 0 });
  return page;
}

/** People a comment mentions, resolved in one query over the few tokens it contains. */
async function mentionedIds(tx: Executor, body: string): Promise<string[]> {
  const tokens = extractMentionTokens(body).slice(0, 20);
  if (tokens.length === 0) return [];
  const like = (v: string) => v.replace(/[\\%_]/g, (c) => `\\${c}`);
  const conditions = tokens.flatMap((t) => {
    const first = t.split('.')[0]!;
    return [
      sql`lower(${user.email}) = ${t}`,
      sql`lower(${user.email}) LIKE ${`${like(t)}@%`} ESCAPE '\\'`,
      sql`replace(lower(${user.name}), ' ', '') = ${t}`,
      sql`replace(lower(${user.name}), ' ', '.') = ${t}`,
      sql`(lower(${user.name}) = ${first} OR lower(${user.name}) LIKE ${`${like(first)} %`} ESCAPE '\\')`,
    ];
  });
  const people = await tx.select({ id: user.id, email: user.email, name: user.name }).from(user).where(or(...conditions)).limit(200);
  return resolveMentions(tokens, people);
}

/** Comment on a section (a new thread) or reply to a thread. Anyone signed in may comment on any decision. */
export async function addComment(db: Db, viewer: Viewer, input: { id: number } & Record<string, unknown>): Promise<Comment> {
  const data = parseOrThrow(commentSchema, { section: input.section, kind: input.kind, body: input.body, parentId: input.parentId });
  const facts = await loadFacts(db, input.id);
  const standing = await requireDecisionRight(db, viewer, facts, 'comment');
  let parent: typeof comments.$inferSelect | null = null;
  if (data.parentId !== undefined) {
    parent = (await first(db.select().from(comments).where(eq(comments.id, data.parentId)))) ?? null;
    if (!parent || parent.decisionId !== facts.id) {
      throw new AppError('invalid', 'parentId is not a comment on this decision', { issues: [{ path: 'parentId', message: 'Not a thread on this decision' }] });
    }
    if (parent.parentId !== null) throw new AppError('invalid', 'Reply to the thread’s first comment; threads are one level deep', { issues: [{ path: 'parentId', message: 'Not a thread' }] });
    if (parent.deletedAt !== null) throw new AppError('conflict', 'The first comment of this thread was deleted; start a new thread instead');
  } else if (!data.kind) {
    throw new AppError('invalid', 'Say what kind of comment this is: question, suggestion, concern, blocking or endorsement', { issues: [{ path: 'kind', message: 'Choose a kind' }] });
  }
  const action = !parent && data.kind === 'blocking' ? 'object' : 'comment';
  if (action === 'object') requireRight('object', standing);
  const now = currentTime();
  const id = await db.transaction(async (tx) => {
    // A blocking objection raised as the decision is being published must not slip in after the gate.
    await recheckDecisionRight(tx, facts.id, standing, action, 'share');
    const c = (await tx
      .insert(comments)
      .values({
        decisionId: facts.id,
        parentId: parent?.id ?? null,
        authorId: viewer.id,
        section: parent?.section ?? data.section,
        kind: parent ? 'reply' : data.kind!,
        body: data.body,
        revision: facts.revision,
        createdAt: now,
      })
      .returning({ id: comments.id }))[0]!;
    await appendEvent(tx, {
      decisionId: facts.id,
      teamId: facts.teamId,
      actor: viewer,
      type: parent ? 'comment.replied' : 'comment.created',
      data: { commentId: c.id, threadId: parent?.id ?? c.id, section: parent?.section ?? data.section, kind: parent ? 'reply' : data.kind },
      at: now,
    });
    await notifyAboutComment(tx, { facts, viewer, commentId: c.id, body: data.body, threadId: parent?.id ?? null, at: now, blocking: !parent && data.kind === 'blocking' });
    await reindexSearch(tx, facts.id);
    return c.id;
  });
  return getComment(db, id);
}

/** Mentions first, then replies to people in the thread, then comments to the decision's authors: one notification each. */
async function notifyAboutComment(tx: Executor, e: { facts: DecisionFacts; viewer: Viewer; commentId: number; body: string; threadId: number | null; at: number; onlyMentions?: string[]; blocking?: boolean }) {
  const mentioned = new Set(await mentionedIds(tx, e.body));
  const base = { actor: e.viewer, decisionId: e.facts.id, commentId: e.commentId, at: e.at };
  const mentions = e.onlyMentions ? [...mentioned].filter((id) => !e.onlyMentions!.includes(id)) : [...mentioned];
  await notify(tx, { ...base, userIds: mentions, kind: 'mention' });
  if (e.onlyMentions) return;
  const participants = new Set<string>();
  if (e.threadId !== null) {
    for (const p of await tx
      .select({ id: comments.authorId })
      .from(comments)
      .where(or(eq(comments.id, e.threadId), eq(comments.parentId, e.threadId))))
      participants.add(p.id);
  }
  const replyTo = [...participants].filter((id) => !mentioned.has(id));
  await notify(tx, { ...base, userIds: replyTo, kind: 'reply' });
  // A new blocking objection is its own kind: it holds up publishing, and it is mailed (lib/notify).
  await notify(tx, { ...base, userIds: e.facts.authorIds.filter((id) => !mentioned.has(id) && !participants.has(id)), kind: e.blocking ? 'objection' : 'comment' });
}

export async function getComment(db: Db, id: number): Promise<Comment> {
  const r = await first(
    db
      .select({ c: comments, name: user.name, email: user.email, fn: user.function })
      .from(comments)
      .innerJoin(user, eq(user.id, comments.authorId))
      .where(eq(comments.id, id)),
  );
  if (!r) throw new AppError('not_found', `There is no comment #${id}`);
  const facts = await loadFacts(db, r.c.decisionId);
  const thread = r.c.parentId ? await row(db, r.c.parentId) : r.c;
  const edits = (
    await db
      .select()
      .from(commentEdits)
      .where(eq(commentEdits.commentId, r.c.id))
      .orderBy(asc(commentEdits.id))
  ).map((e) => ({ previousBody: e.previousBody, editedAt: iso(e.editedAt)! }));
  return commentOf(r, isCommentOutdated(thread.section, thread.revision, facts.sectionChangedAt), edits);
}

/** Edit your own comment; the previous text is kept in its history. New mentions are notified. */
export async function editComment(db: Db, viewer: Viewer, input: { commentId: number } & Record<string, unknown>): Promise<Comment> {
  const data = parseOrThrow(editCommentSchema, { body: input.body });
  const c = await row(db, input.commentId);
  if (c.authorId !== viewer.id) throw new AppError('forbidden', 'Only its author can edit a comment');
  if (c.deletedAt) throw new AppError('conflict', 'This comment was deleted');
  if (c.body === data.body) return getComment(db, c.id);
  const facts = await loadFacts(db, c.decisionId);
  const now = currentTime();
  await db.transaction(async (tx) => {
    await lockDecision(tx, c.decisionId, 'share');
    await tx.insert(commentEdits).values({ commentId: c.id, previousBody: c.body, editedAt: now });
    await tx.update(comments).set({ body: data.body, editedAt: now }).where(eq(comments.id, c.id));
    await reindexSearch(tx, c.decisionId);
    await appendEvent(tx, { decisionId: c.decisionId, teamId: facts.teamId, actor: viewer, type: 'comment.edited', data: { commentId: c.id }, at: now });
    await notifyAboutComment(tx, { facts, viewer, commentId: c.id, body: data.body, threadId: c.parentId, at: now, onlyMentions: await mentionedIds(tx, c.body) });
  });
  return getComment(db, c.id);
}

/** Delete your own comment: the thread keeps a "comment deleted" placeholder. */
export async function deleteComment(db: Db, viewer: Viewer, input: { commentId: number }): Promise<void> {
  const c = await row(db, input.commentId);
  if (c.authorId !== viewer.id) throw new AppError('forbidden', 'Only its author can delete a comment');
  if (c.deletedAt) return;
  const facts = await loadFacts(db, c.decisionId);
  const now = currentTime();
  await db.transaction(async (tx) => {
    await lockDecision(tx, c.decisionId, 'share');
    await tx.update(comments).set({ deletedAt: now }).where(eq(comments.id, c.id));
    await reindexSearch(tx, c.decisionId);
    await appendEvent(tx, { decisionId: c.decisionId, teamId: facts.teamId, actor: viewer, type: 'comment.deleted', data: { commentId: c.id, kind: c.kind }, at: now });
  });
}

async function threadFor(db: Executor, commentId: number) {
  const c = await row(db, commentId);
  if (c.parentId !== null) throw new AppError('invalid', 'Resolve, reopen and override act on a thread: use the id of its first comment');
  return c;
}

async function changeState(
  db: Db,
  viewer: Viewer,
  c: typeof comments.$inferSelect,
  facts: DecisionFacts,
  next: ThreadState,
  action: HistoryEntry['action'],
  note: string,
  notifyIds: string[],
  kind: 'override' | 'resolved' | null,
  recheck?: (tx: Executor) => Promise<void>,
) {
  const now = currentTime();
  const history = [...(JSON.parse(c.history) as HistoryEntry[]), { action, by: viewer.name, at: new Date(now).toISOString(), note }];
  await db.transaction(async (tx) => {
    await lockDecision(tx, c.decisionId, 'update');
    await recheck?.(tx);
    const res = await tx
      .update(comments)
      .set({ state: next, stateBy: next === 'open' ? null : viewer.id, stateAt: next === 'open' ? null : now, stateNote: next === 'open' ? null : note || null, history: JSON.stringify(history) })
      // Guard against a concurrent change: act only on the state we checked.
      .where(and(eq(comments.id, c.id), eq(comments.state, c.state)))
      .returning({ id: comments.id });
    if (res.length !== 1) throw new AppError('conflict', 'Someone changed this thread at the same moment: reload and try again');
    await appendEvent(tx, { decisionId: c.decisionId, teamId: facts.teamId, actor: viewer, type: `comment.${action}`, data: { commentId: c.id, kind: c.kind, note }, at: now });
    if (kind) await notify(tx, { userIds: notifyIds, kind, actor: viewer, decisionId: c.decisionId, commentId: c.id, at: now });
  });
}

export async function resolveThread(db: Db, viewer: Viewer, input: { commentId: number } & Record<string, unknown>): Promise<Thread> {
  const { note } = parseOrThrow(resolveSchema, { note: input.note });
  const c = await threadFor(db, input.commentId);
  const facts = await loadFacts(db, c.decisionId);
  requireThreadRight('resolve', threadFacts(c), viewer, facts);
  await changeState(db, viewer, c, facts, 'resolved', 'resolved', note, [c.authorId, ...facts.authorIds], 'resolved');
  return threadById(db, viewer, c.id);
}

export async function reopenThread(db: Db, viewer: Viewer, input: { commentId: number }): Promise<Thread> {
  const c = await threadFor(db, input.commentId);
  const facts = await loadFacts(db, c.decisionId);
  requireThreadRight('reopen', threadFacts(c), viewer, facts);
  await changeState(db, viewer, c, facts, 'open', 'reopened', '', [], null);
  return threadById(db, viewer, c.id);
}

/** The decision's author proceeds despite a blocking objection, in writing. The rationale stays on the record. */
export async function overrideThread(db: Db, viewer: Viewer, input: { commentId: number } & Record<string, unknown>): Promise<Thread> {
  const { rationale } = parseOrThrow(overrideSchema, { rationale: input.rationale });
  const c = await threadFor(db, input.commentId);
  const facts = await loadFacts(db, c.decisionId);
  requireThreadRight('override', threadFacts(c), viewer, facts, { rationale });
  // Again under the lock: an author taken off the team (or the authors) while this request waited overrides nothing.
  const recheck = async (tx: Executor) => {
    const { authors, actingAuthorIds } = await readAuthorsInTeam(tx, c.decisionId);
    requireThreadRight('override', threadFacts(c), viewer, { authorIds: authors.map((a) => a.id), actingAuthorIds }, { rationale });
  };
  await changeState(db, viewer, c, facts, 'overridden', 'overridden', rationale, [c.authorId], 'override', recheck);
  return threadById(db, viewer, c.id);
}

async function threadById(db: Db, viewer: Viewer, id: number): Promise<Thread> {
  const c = await row(db, id);
  return (await listThreads(db, { id: c.decisionId, viewer })).find((t) => t.id === id)!;
}
