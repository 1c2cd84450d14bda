import type { Comment, Thread } from '@/db/queries/comments';
import type { Decision } from '@/db/queries/decisions';
import type { PublishedUnderPolicy } from '@/lib/gate/policy';
import type { Review, ReviewRequest } from '@/db/queries/review';
import type { Metric } from '@/db/queries/metrics';

export function apiPerson<F extends string>(p: { name: string; email: string; function: F }) {
  return { name: p.name, email: p.email, function: p.function };
}

/**
 * The API's decision object (contract: id, team, status, revision, content,
 * authors, createdAt, updatedAt), with what the caller may do to it
 * (`viewerCan`, lib/permissions.ts: the rules the API enforces, as threads'
 * `viewerCan` does for threads).
 */
export function apiDecision(d: Decision) {
  return {
    id: d.id,
    team: d.team,
    status: d.status,
    revision: d.revision,
    content: d.content,
    authors: d.authors.map(apiPerson),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    publishedUnderPolicy: apiPublishedUnderPolicy(d.publishedUnderPolicy),
    viewerCan: d.can,
  };
}

/**
 * The policy in force when a decision was published: whether it was weaker
 * than Candor's default gate, how (one sentence per relaxation), and the whole
 * effective policy. Null while unpublished and for decisions published before
 * Candor recorded it.
 */
export function apiPublishedUnderPolicy(p: PublishedUnderPolicy | null) {
  return p ? { relaxed: p.relaxed, relaxations: p.relaxations, policy: p.policy } : null;
}

export function apiMetric(m: Metric) {
  return {
    key: m.key,
    name: m.name,
    definition: m.definition,
    kind: m.kind,
    owner: apiPerson(m.owner),
    updatedAt: m.updatedAt,
  };
}

export function apiComment(c: Comment) {
  return {
    id: c.id,
    parentId: c.parentId,
    section: c.section,
    kind: c.kind,
    author: apiPerson(c.author),
    body: c.body,
    revision: c.revision,
    outdated: c.outdated,
    deleted: c.deleted,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    edits: c.edits,
  };
}

export function apiThread(t: Thread) {
  return {
    ...apiComment(t),
    state: t.state,
    resolved: t.resolved,
    overridden: t.overridden,
    resolution: t.state === 'open' ? null : { by: t.stateBy, at: t.stateAt, note: t.stateNote },
    history: t.history,
    replies: t.replies.map(apiComment),
    viewerCan: t.can,
  };
}

export function apiReview(r: Review) {
  return {
    id: r.id,
    reviewer: { name: r.reviewer.name, email: r.reviewer.email },
    function: r.function,
    verdict: r.verdict,
    revision: r.revision,
    stale: r.stale,
    latest: r.latest,
    body: r.body,
    createdAt: r.createdAt,
  };
}

export function apiRequest(r: ReviewRequest) {
  return r.kind === 'person' ? { person: apiPerson(r.person), reason: r.reason, open: r.open } : { function: r.function, open: r.open };
}
