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
  /** The viewer is one of the decision's authors (so gives it no verdict, whatever else holds). */
  author: boolean;
  /**
   * The viewer belongs to the decision's team now. An author's rights (edit, circulate, publish…) last
   * only while they do: someone removed from the team keeps their name on the record, reads and
   * comments, and no longer acts on the team's decisions.
   */
  member: boolean;
  /** The viewer saved a revision of it, an author now or not (only the review rule reads it). */
  wrote?: boolean;
  /** The viewer owns a catalogue metric the decision cites (only the vouch rule reads it). */
  owns?: boolean;
  /** The viewer's id: the data layer re-reads `author`, `member` and `wrote` for it inside a write transaction. */
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
  'vouch',
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

/** An author acts on a decision only while they belong to its team; one who left keeps the byline. */
const acts = (s: Standing): boolean => s.author && s.member;

/** The refusal for an author who is no longer in the decision's team (`what`: "edit it", "publish it"…). */
const leftTeam = (s: Standing, what: string): Refusal =>
  forbidden(`You are no longer a member of ${s.teamName}, so you can’t ${what} any more: an admin of ${s.teamName} can add you back`);

/** Only an author in the team passes (null); an author who left is told why, anyone else `reason`. */
const authorOnly = (s: Standing, what: string, reason: string): Refusal | null => (acts(s) ? null : s.author ? leftTeam(s, what) : forbidden(reason));
/** The same for the rules a team admin may also use (for when an author has left). */
const authorOrAdmin = (s: Standing, what: string, reason: string): Refusal | null => (acts(s) || s.teamAdmin ? null : s.author ? leftTeam(s, what) : forbidden(reason));

const RULES: Record<DecisionAction, (s: Standing, ctx: RuleContext) => Ruling> = {
  edit: (s) =>
    authorOnly(s, 'edit it', 'Only the authors of a decision can edit it') ??
    (!isOpen(s.status) ? frozen(`This decision is ${s.status}: its content is frozen. Supersede it with a new decision instead.`) : yes),
  circulate: (s) =>
    authorOnly(s, 'circulate it', 'Only the authors of a decision can circulate it') ??
    (!isOpen(s.status) ? conflict(`This decision is ${s.status}; only drafts are circulated for review`) : yes),
  returnToDraft: (s) =>
    authorOnly(s, 'move it back to draft', 'Only the authors of a decision can move it back to draft') ??
    (s.status !== 'in-review' ? conflict(`This decision is ${s.status}, not in review`) : yes),
  publish: (s) =>
    authorOnly(s, 'publish it', 'Only the authors of a decision can publish it') ??
    (s.status !== 'in-review' ? conflict(s.status === 'draft' ? 'Circulate the draft for review before publishing it' : `This decision is already ${s.status}`) : yes),
  withdraw: (s) =>
    authorOrAdmin(s, 'withdraw it', `Only the decision’s authors or an admin of ${s.teamName} can withdraw it`) ??
    (!isOpen(s.status) ? conflict(`This decision is ${s.status}; only drafts and decisions in review can be withdrawn`) : yes),
  reverse: (s) =>
    authorOrAdmin(s, 'reverse it', `Only the decision’s authors or an admin of ${s.teamName} can reverse it`) ??
    (s.status !== 'published' ? conflict(`This decision is ${s.status}; only a published decision can be reversed`) : yes),
  recordOutcome: (s) =>
    authorOrAdmin(s, 'record its outcome', `Only the decision’s authors or an admin of ${s.teamName} can record the outcome of it`) ??
    (!isPublishedRecord(s.status) ? conflict(`This decision is ${s.status}; outcomes are recorded for published decisions`) : yes),
  // Co-authors: a team admin too, for when every author has left; a published record's authors are history.
  manageAuthors: (s) =>
    authorOrAdmin(s, 'change who wrote it', `Only the authors of a decision or an admin of ${s.teamName} can change who wrote it`) ??
    (!isOpen(s.status) ? frozen(`This decision is ${s.status}: its authors are part of the record and no longer change`) : yes),
  // Related decisions are navigation, not content: any status. (Linking also needs a place in the other decision's team: db/queries/links.ts.)
  link: (s) => authorOrAdmin(s, 'change what it links to', `Only the authors of a decision or an admin of ${s.teamName} can change what it links to`) ?? yes,
  // `author`, not `acts`: an author who left the team still wrote it, and gives it no verdict.
  review: (s, ctx) =>
    s.author
      ? forbidden(ctx.verdict === 'approve' ? 'You cannot approve your own decision' : 'Authors do not give verdicts on their own decision; reply in the threads instead')
      : s.wrote
        ? forbidden('You wrote a revision of this decision, so a verdict from you would be on your own work: verdicts come from people who wrote none of it. Reply in the threads instead')
        : s.status !== 'in-review'
        ? conflict(s.status === 'draft' ? 'This decision is still a draft: verdicts open once it is circulated for review' : `This decision is ${s.status}; verdicts are closed`)
        : yes,
  // Who wrote or co-authors a decision gives it no verdict: a cited metric's owner among them vouches for its evidence
  // instead. An author who left the team still wrote it.
  vouch: (s) =>
    !s.author && !s.wrote
      ? forbidden('Only a cited metric’s owner who wrote or co-authors this decision vouches for its evidence; anyone else gives a verdict instead')
      : !s.owns
        ? forbidden('You own none of the catalogue metrics this decision cites: only their owners vouch for its evidence')
        : !isOpen(s.status)
        ? conflict(`This decision is ${s.status}: its evidence is vouched for only while it is a draft or in review`)
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
 * has a place in that decision — a member of its team (its authors' place
 * lasts only while they are members, as with every author right) — or is an
 * org admin. So no one outside a decision's team can fill its
 * related-decision slots with their own decisions.
 */
export function linkTargetRule(target: { id: number; teamName: string; /** Not enough on its own: an author who left the team has no place. */ author: boolean; member: boolean }, orgAdmin: boolean): Ruling {
  if (orgAdmin || target.member) return yes;
  return target.author
    ? forbidden(`You are no longer a member of ${target.teamName}, so you can’t link decisions to #${target.id} any more: ask someone in ${target.teamName} to add the link`)
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
 * Whether it can matter to any of `actions`, at any status, what the viewer's
 * role in the decision's team is (a member, its admin, or neither): only then
 * need the data layer ask. For someone who is not an author only the rules
 * that let a team admin in read it; for an author, every author right does
 * (they last while the author is in the team). An org admin administers every
 * team, so for them only membership is unknown.
 */
export function teamRoleMatters(actions: readonly DecisionAction[], s: Pick<Standing, 'author' | 'teamName'>, ctx: RuleContext = {}, orgAdmin = false): boolean {
  const same = (a: Ruling, b: Ruling) => a.ok === b.ok && (a.ok || (!b.ok && a.code === b.code && a.reason === b.reason));
  const roles = orgAdmin
    ? [{ member: false, teamAdmin: true }, { member: true, teamAdmin: true }]
    : [{ member: false, teamAdmin: false }, { member: true, teamAdmin: false }, { member: true, teamAdmin: true }];
  return actions.some((action) =>
    STATUSES.some((status) => {
      const [one, ...others] = roles.map((r) => RULES[action]({ ...s, ...r, status }, ctx));
      return others.some((r) => !same(one!, r));
    }),
  );
}

export function decisionRights(s: Standing): DecisionRights {
  return Object.fromEntries(DECISION_ACTIONS.map((a) => [a, RULES[a](s, {}).ok])) as DecisionRights;
}

/** What the viewer may do with one comment thread. */
export type ThreadRights = { reply: boolean; resolve: boolean; reopen: boolean; override: boolean };
export type ThreadAction = Exclude<keyof ThreadRights, 'reply'>;

/**
 * What the thread rules read of the decision. `actingAuthorIds`: the authors
 * who still belong to its team. An author who left may no longer override an
 * objection (as they may no longer publish over it); without the list, every
 * author counts. Resolving and reopening read `authorIds` as lib/review.ts
 * writes them: an author who left is still no one to withdraw an objection.
 */
export type ThreadDecision = { authorIds: string[]; actingAuthorIds?: string[] };
const overriders = (d: ThreadDecision): string[] => d.actingAuthorIds ?? d.authorIds;

/**
 * The thread rules of lib/review.ts for one viewer. Override is judged as if
 * the rationale were long enough: the form asks for it. Replies follow the
 * decision's comment rule and need the thread's first comment to stand.
 */
export function threadRights(thread: ThreadFacts, actor: Actor, decision: ThreadDecision & { status: DecisionStatus }): ThreadRights {
  return {
    reply: !thread.deleted && commentRule(decision.status).ok,
    resolve: canResolve(thread, actor, decision.authorIds).ok,
    reopen: canReopen(thread, actor, decision.authorIds).ok,
    override: canOverride(thread, actor, overriders(decision), 'a rationale long enough to check the other rules').ok,
  };
}

/**
 * Refuse a thread action unless lib/review.ts's rule allows it: 409 when the
 * thread's state stands in the way (deleted, already settled or open, not an
 * objection), 403 when it is who asks, and 400 on the rationale field for an
 * override that does not say why in a sentence.
 */
export function requireThreadRight(action: ThreadAction, thread: ThreadFacts, actor: Actor, decision: ThreadDecision, ctx: { rationale?: string } = {}): void {
  const ids = decision.authorIds;
  if (action === 'resolve') {
    const r = canResolve(thread, actor, ids);
    if (!r.ok) throw new AppError(thread.state !== 'open' || thread.deleted ? 'conflict' : 'forbidden', r.reason);
  } else if (action === 'reopen') {
    const r = canReopen(thread, actor, ids);
    if (!r.ok) throw new AppError(thread.state === 'open' || thread.deleted ? 'conflict' : 'forbidden', r.reason);
  } else {
    const acting = overriders(decision);
    if (ids.includes(actor.id) && !acting.includes(actor.id)) {
      throw new AppError('forbidden', 'You are no longer a member of this decision’s team, so you can’t override objections on it any more: a team admin can add you back');
    }
    const r = canOverride(thread, actor, acting, ctx.rationale ?? '');
    if (r.ok) return;
    const code = !acting.includes(actor.id) ? 'forbidden' : thread.kind !== 'blocking' || thread.state !== 'open' || thread.deleted ? 'conflict' : 'invalid';
    throw new AppError(code, r.reason, code === 'invalid' ? { issues: [{ path: 'rationale', message: r.reason }] } : {});
  }
}
