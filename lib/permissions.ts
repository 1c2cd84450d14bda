import { AppError } from './errors';
import { canOverride, canReopen, canResolve, type Actor, type ThreadFacts } from './review';
import { STATUSES, type DecisionStatus } from './vocabulary';

/*
 * Who may do what to a decision, as functions of plain facts: the one place
 * these rules are written. The data layer refuses through `requireRight`
 * (db/queries/permissions.ts loads the facts), and the decision page and the
 * API show what `decisionRights` allows — the same rulings, so a control is
 * offered exactly when the action would succeed (the publish gate aside: it
 * is a check on the record, not on the person).
 *
 * Each rule asks who first (403 `forbidden`), then whether the decision's
 * status allows it (409 `conflict`, or `frozen` for a published record's
 * content and authors). The thread rules — who resolves, reopens or overrides
 * a comment thread — are lib/review.ts's; `threadRights` and
 * `requireThreadRight` apply them.
 */

/** The viewer's relation to one decision: everything the rules read. */
export type Standing = {
  status: DecisionStatus;
  teamName: string;
  /** The viewer is one of the decision's authors. */
  author: boolean;
  /** The viewer saved a revision of it, an author now or not (only the review rule reads it). */
  wrote?: boolean;
  /** The viewer's id: the data layer re-reads `author` and `wrote` for it inside a write transaction. */
  who?: string;
  /** The viewer administers the decision's team (org admins administer every team). */
  teamAdmin: boolean;
};

export const DECISION_ACTIONS = [
  'edit',
  'circulate',
  'returnToDraft',
  'publish',
  'withdraw',
  'reverse',
  'recordOutcome',
  'manageAuthors',
  'link',
  'review',
  'comment',
  'object',
] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** What the viewer may do to a decision, one flag per action. */
export type DecisionRights = Record<DecisionAction, boolean>;

export type Refusal = { ok: false; code: 'forbidden' | 'conflict' | 'frozen'; reason: string };
export type Ruling = { ok: true } | Refusal;

const yes: Ruling = { ok: true };
const forbidden = (reason: string): Refusal => ({ ok: false, code: 'forbidden', reason });
const conflict = (reason: string): Refusal => ({ ok: false, code: 'conflict', reason });
const frozen = (reason: string): Refusal => ({ ok: false, code: 'frozen', reason });

/** Drafts and decisions in review: the only statuses whose content, authors and review still change. */
export const isOpen = (status: DecisionStatus): boolean => status === 'draft' || status === 'in-review';
/** Statuses a decision reaches by passing the gate (or by import): it has a record and may have outcomes. */
export const isPublishedRecord = (status: DecisionStatus): boolean => status === 'published' || status === 'superseded' || status === 'reversed';

/** Anyone signed in comments on any decision, published ones included; a withdrawn decision's discussion is closed. */
const commentRule = (status: DecisionStatus): Ruling => (status === 'withdrawn' ? conflict('This decision was withdrawn; its discussion is closed') : yes);

/** Extra facts one rule reads: the verdict being given only changes the wording of a refusal. */
export type RuleContext = { verdict?: string };

const RULES: Record<DecisionAction, (s: Standing, ctx: RuleContext) => Ruling> = {
  edit: (s) =>
    !s.author
      ? forbidden('Only the authors of a decision can edit it')
      : !isOpen(s.status)
        ? frozen(`This decision is ${s.status}: its content is frozen. Supersede it with a new decision instead.`)
        : yes,
  circulate: (s) =>
    !s.author ? forbidden('Only the authors of a decision can circulate it') : !isOpen(s.status) ? conflict(`This decision is ${s.status}; only drafts are circulated for review`) : yes,
  returnToDraft: (s) =>
    !s.author ? forbidden('Only the authors of a decision can move it back to draft') : s.status !== 'in-review' ? conflict(`This decision is ${s.status}, not in review`) : yes,
  publish: (s) =>
    !s.author
      ? forbidden('Only the authors of a decision can publish it')
      : s.status !== 'in-review'
        ? conflict(s.status === 'draft' ? 'Circulate the draft for review before publishing it' : `This decision is already ${s.status}`)
        : yes,
  withdraw: (s) =>
    !(s.author || s.teamAdmin)
      ? forbidden(`Only the decision’s authors or an admin of ${s.teamName} can withdraw it`)
      : !isOpen(s.status)
        ? conflict(`This decision is ${s.status}; only drafts and decisions in review can be withdrawn`)
        : yes,
  reverse: (s) =>
    !(s.author || s.teamAdmin)
      ? forbidden(`Only the decision’s authors or an admin of ${s.teamName} can reverse it`)
      : s.status !== 'published'
        ? conflict(`This decision is ${s.status}; only a published decision can be reversed`)
        : yes,
  recordOutcome: (s) =>
    !(s.author || s.teamAdmin)
      ? forbidden(`Only the decision’s authors or an admin of ${s.teamName} can record the outcome of it`)
      : !isPublishedRecord(s.status)
        ? conflict(`This decision is ${s.status}; outcomes are recorded for published decisions`)
        : yes,
  // Co-authors: a team admin too, for when every author has left; a published record's authors are history.
  manageAuthors: (s) =>
    !(s.author || s.teamAdmin)
      ? forbidden(`Only the authors of a decision or an admin of ${s.teamName} can change who wrote it`)
      : !isOpen(s.status)
        ? frozen(`This decision is ${s.status}: its authors are part of the record and no longer change`)
        : yes,
  // Related decisions are navigation, not content: any status. (Linking also needs a place in the other decision's team: db/queries/links.ts.)
  link: (s) => (!(s.author || s.teamAdmin) ? forbidden(`Only the authors of a decision or an admin of ${s.teamName} can change what it links to`) : yes),
  review: (s, ctx) =>
    s.author
      ? forbidden(ctx.verdict === 'approve' ? 'You cannot approve your own decision' : 'Authors do not give verdicts on their own decision; reply in the threads instead')
      : s.wrote
        ? forbidden('You wrote a revision of this decision, so a verdict from you would be on your own work: verdicts come from people who wrote none of it. Reply in the threads instead')
        : s.status !== 'in-review'
        ? conflict(s.status === 'draft' ? 'This decision is still a draft: verdicts open once it is circulated for review' : `This decision is ${s.status}; verdicts are closed`)
        : yes,
  comment: (s) => commentRule(s.status),
  // A blocking objection holds up publishing, so it is raised only before.
  object: (s) => {
    const c = commentRule(s.status);
    if (!c.ok) return c;
    return isOpen(s.status) ? yes : conflict(`This decision is ${s.status}: blocking objections are raised before publishing`);
  },
};

/**
 * The other end of a new link (the `link` rule covers this end): the viewer
 * has a place in that decision — one of its authors, or a member of its team
 * — or is an org admin. So no one outside a decision's team can fill its
 * related-decision slots with their own decisions.
 */
export function linkTargetRule(target: { id: number; teamName: string; author: boolean; member: boolean }, orgAdmin: boolean): Ruling {
  return orgAdmin || target.author || target.member
    ? yes
    : forbidden(`Only members of ${target.teamName} (or the authors of #${target.id}) can link their decisions to it: ask someone in ${target.teamName} to add the link`);
}

/** Whether the viewer may do `action`, and if not, why (with the error code the data layer answers). */
export function ruleOn(action: DecisionAction, s: Standing, ctx: RuleContext = {}): Ruling {
  return RULES[action](s, ctx);
}

/** Refuse with the rule's own code and reason unless the viewer may do `action`. */
export function requireRight(action: DecisionAction, s: Standing, ctx: RuleContext = {}): void {
  const r = ruleOn(action, s, ctx);
  if (!r.ok) throw new AppError(r.code, r.reason);
}

/**
 * The rule once more, inside the write transaction, on the decision's status
 * as it is now. It passed on what the request read before, so a refusal here
 * means someone changed the decision meanwhile: the reason says how it stands
 * now, and the person is told so and to reload.
 */
export function requireRightStill(action: DecisionAction, s: Standing, ctx: RuleContext = {}): void {
  const r = ruleOn(action, s, ctx);
  if (!r.ok) throw new AppError(r.code, `${r.reason.replace(/\.$/, '')}. This decision changed a moment ago: reload to see it.`);
}

/**
 * Whether it can matter to any of `actions`, at any status, that the viewer
 * administers the decision's team: only then need the data layer ask. Most
 * rules never read `teamAdmin`, and those that do let an author in anyway.
 */
export function teamAdminMatters(actions: readonly DecisionAction[], s: Pick<Standing, 'author' | 'teamName'>, ctx: RuleContext = {}): boolean {
  const same = (a: Ruling, b: Ruling) => a.ok === b.ok && (a.ok || (!b.ok && a.code === b.code && a.reason === b.reason));
  return actions.some((action) => STATUSES.some((status) => !same(RULES[action]({ ...s, status, teamAdmin: true }, ctx), RULES[action]({ ...s, status, teamAdmin: false }, ctx))));
}

export function decisionRights(s: Standing): DecisionRights {
  return Object.fromEntries(DECISION_ACTIONS.map((a) => [a, RULES[a](s, {}).ok])) as DecisionRights;
}

/** What the viewer may do with one comment thread. */
export type ThreadRights = { reply: boolean; resolve: boolean; reopen: boolean; override: boolean };
export type ThreadAction = Exclude<keyof ThreadRights, 'reply'>;

/**
 * The thread rules of lib/review.ts for one viewer. Override is judged as if
 * the rationale were long enough: the form asks for it. Replies follow the
 * decision's comment rule and need the thread's first comment to stand.
 */
export function threadRights(thread: ThreadFacts, actor: Actor, decision: { status: DecisionStatus; authorIds: string[] }): ThreadRights {
  return {
    reply: !thread.deleted && commentRule(decision.status).ok,
    resolve: canResolve(thread, actor, decision.authorIds).ok,
    reopen: canReopen(thread, actor, decision.authorIds).ok,
    override: canOverride(thread, actor, decision.authorIds, 'a rationale long enough to check the other rules').ok,
  };
}

/**
 * Refuse a thread action unless lib/review.ts's rule allows it: 409 when the
 * thread's state stands in the way (deleted, already settled or open, not an
 * objection), 403 when it is who asks, and 400 on the rationale field for an
 * override that does not say why in a sentence.
 */
export function requireThreadRight(action: ThreadAction, thread: ThreadFacts, actor: Actor, decision: { authorIds: string[] }, ctx: { rationale?: string } = {}): void {
  const ids = decision.authorIds;
  if (action === 'resolve') {
    const r = canResolve(thread, actor, ids);
    if (!r.ok) throw new AppError(thread.state !== 'open' || thread.deleted ? 'conflict' : 'forbidden', r.reason);
  } else if (action === 'reopen') {
    const r = canReopen(thread, actor, ids);
    if (!r.ok) throw new AppError(thread.state === 'open' || thread.deleted ? 'conflict' : 'forbidden', r.reason);
  } else {
    const r = canOverride(thread, actor, ids, ctx.rationale ?? '');
    if (r.ok) return;
    const code = !ids.includes(actor.id) ? 'forbidden' : thread.kind !== 'blocking' || thread.state !== 'open' || thread.deleted ? 'conflict' : 'invalid';
    throw new AppError(code, r.reason, code === 'invalid' ? { issues: [{ path: 'rationale', message: r.reason }] } : {});
  }
}
