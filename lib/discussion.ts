/*
 * How much of a long discussion the decision page shows, in one place: the
 * data layer pages its SQL by these rules (db/queries/comments.ts,
 * listThreadPage) and the page's components draw the "show more" links by them.
 *
 * Per section, open threads come first (a deleted thread counts as settled),
 * then the rest, each group oldest first; past THREADS_PER_SECTION the rest
 * wait behind a link. Within a thread, the first REPLIES_SHOWN.head and the
 * last REPLIES_SHOWN.tail replies show, the ones between behind a link.
 */

export const THREADS_PER_SECTION = 6;
export const REPLIES_SHOWN = { head: 1, tail: 3 } as const;

/**
 * What the reader asked to see in full: `?threads=<section>` (or `all`) opens
 * every thread of a section; `?thread=<id>` (a thread's or a reply's id) opens
 * its section and that thread.
 */
export type DiscussionExpand = { section: string | null; thread: number | null };

/** The page's query string as an expand request; a malformed thread id asks for nothing. */
export function discussionExpand(sp: { threads?: string; thread?: string }): DiscussionExpand {
  const thread = sp.thread ? Number(sp.thread) : null;
  return { section: sp.threads ?? null, thread: thread !== null && Number.isSafeInteger(thread) ? thread : null };
}

/** Whether a section shows all its threads, given the section of the targeted thread (if any). */
export function sectionExpanded(section: string, expand: DiscussionExpand, targetSection: string | null): boolean {
  return expand.section === section || expand.section === 'all' || targetSection === section;
}

/** Whether a shown thread shows all its replies. */
export function threadExpanded(threadId: number, sectionAll: boolean, expand: DiscussionExpand, targetThreadId: number | null): boolean {
  return sectionAll && (threadId === targetThreadId || expand.section !== null);
}
