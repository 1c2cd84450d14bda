import { isVerdictStale, lastVouchedAt, standingVerdicts, vouchesNow, type ThreadState, type VouchRecord } from '../review';
import { SECTION_LABELS, type ContentKey, type SectionChangedAt } from '../revisions';
import { FUNCTION_LABELS, type DecisionStatus, type UserFunction } from '../validation/common';
import type { DecisionContent } from '../validation/decision';
import type { Policy, SubstantiveField } from '../validation/policy';
import { listInWords as list } from '../words';
import { lintRecord, type CatalogueEntry, type LintFinding } from './lint';
import { substance } from './substantive';

/*
 * The publish gate: a function of plain data. The page, the editor, the API
 * and the publish transaction all call this one function, so what a person
 * sees in the checklist is exactly what publishing enforces.
 */

export const CHECK_IDS = [
  'fields.complete',
  'sources.documented',
  'metrics.defined',
  'critique.circulated',
  'critique.cross-functional',
  'critique.metric-owners',
  'objections.answered',
  'reviews.no-changes-requested',
  'methodology.lint',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const CHECK_TITLES: Record<CheckId, string> = {
  'fields.complete': 'The record is complete',
  'sources.documented': 'Data sources are documented',
  'metrics.defined': 'Success metrics are defined',
  'critique.circulated': 'Circulated for critique long enough',
  'critique.cross-functional': 'Reviewed across functions',
  'critique.metric-owners': 'Metric owners have reviewed',
  'objections.answered': 'Objections are answered',
  'reviews.no-changes-requested': 'No changes requested',
  'methodology.lint': 'The methodology linter finds no errors',
};

export type GateCheck = {
  id: CheckId;
  ok: boolean;
  /** What passes, or everything that fails, in one sentence (the API's and the export's wording). */
  message: string;
  /** The first field it concerns. */
  field?: string;
  /** When it fails for several reasons: each with the field it concerns, in the record's order. */
  issues?: { field: string; message: string }[];
  /** When it waits for particular people (metric owners): their user ids, so a page can tell a viewer it waits for them. */
  waitingFor?: string[];
};

/** A check as the API tells it (readiness, and a refused publish): what it says and where, not whom it waits for by id. */
export function checkForApi({ id, ok, message, field, issues }: GateCheck): Pick<GateCheck, 'id' | 'ok' | 'message' | 'field' | 'issues'> {
  return { id, ok, message, ...(field !== undefined ? { field } : {}), ...(issues !== undefined ? { issues } : {}) };
}
export type GateResult = { ready: boolean; checks: GateCheck[]; lint: LintFinding[] };

export type GateRecord = {
  status: DecisionStatus;
  content: DecisionContent;
  authors: { id: string; function: UserFunction }[];
  /**
   * Everyone who saved a revision of the record, authors now or not, and the latest revision each saved. They
   * are never its critics: their verdicts do not stand. A cited metric's owner among them, or among the authors,
   * vouches for its evidence instead: by saving the record, or with "Vouch for the evidence" (lastVouched).
   */
  lastWrote: VouchRecord['lastWrote'];
  /**
   * The functions of everyone in lastWrote. Like the authors' functions, they are never "cross-functional": an
   * author who wrote the record and then left its author list does not turn their own function into an outside one.
   */
  writerFunctions: UserFunction[];
  /** The revision each owner among the writers and authors last vouched for the evidence at (metricOwners). */
  lastVouched: VouchRecord['lastVouched'];
  /** Who was handed a cited metric while the decision was open, and its revision then (lib/review.ts VouchRecord). */
  vouchFloor: VouchRecord['vouchFloor'];
  inReviewSince: number | null;
  /** When the last material change was saved (lib/review.ts MATERIAL_SECTIONS); absent or null: not known, the window counts from circulation. */
  materialChangedAt?: number | null;
  changedAt: SectionChangedAt;
  /** Owners of the cited metrics, by metric key. */
  metricOwners: Record<string, { id: string; name: string }>;
  catalogue: Map<string, CatalogueEntry>;
};
/** Every verdict, oldest first. */
export type GateReview = {
  reviewerId: string;
  reviewerName: string;
  function: UserFunction;
  /** False while no org admin (or invite, or identity provider) has decided the reviewer's function; absent: confirmed. */
  functionConfirmed?: boolean;
  verdict: 'approve' | 'request-changes' | 'comment';
  revision: number;
};
type StandingVerdict = GateReview & { stale: boolean };
export type GateComment = { kind: string; parentId: number | null; deleted: boolean; state: ThreadState; authorName: string; section: string };

const HOUR = 3600e3;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const sectionName = (s: string) => (s === 'record' ? 'the whole decision' : (SECTION_LABELS[s as ContentKey] ?? s));

const FIELD_ADVICE: Record<SubstantiveField, string> = {
  title: 'say what is being decided',
  summary: 'give the decision and its evidence in a short paragraph',
  context: 'describe the problem and why now',
  decision: 'say what you will do',
  methodology: 'say how the data was analysed',
  openCritique: 'state the known limitations and the strongest argument against',
};

function fieldsComplete(c: DecisionContent, policy: Policy): GateCheck {
  const issues: { field: string; message: string }[] = [];
  for (const key of Object.keys(FIELD_ADVICE) as SubstantiveField[]) {
    const s = substance(c[key], policy.minWords[key]);
    if (s.ok) continue;
    const name = SECTION_LABELS[key];
    issues.push({
      field: key,
      message:
        s.problem === 'empty'
          ? `Write the ${name.toLowerCase()}: ${FIELD_ADVICE[key]}`
          : s.problem === 'placeholder'
            ? `${name} is a placeholder — ${FIELD_ADVICE[key]}`
            : `${name} is too short to say much (${plural(s.words, 'word')}; at least ${policy.minWords[key]}) — ${FIELD_ADVICE[key]}`,
    });
  }
  const chosen = c.options.filter((o) => o.chosen).length;
  if (chosen === 0) issues.push({ field: 'options', message: c.options.length ? 'Mark which option you chose' : 'List the options you considered and mark the one you chose' });
  if (c.options.length - chosen < 1) issues.push({ field: 'options', message: 'Add at least one option you did not choose: a record with one option shows no real choice' });
  return issues.length
    ? failing('fields.complete', issues)
    : { id: 'fields.complete', ok: true, message: `Every section is written; ${plural(c.options.length, 'option')} considered` };
}

/** A check that fails for these reasons: one sentence of them all, the first one's field, and each apart. */
function failing(id: CheckId, issues: { field: string; message: string }[]): GateCheck {
  return { id, ok: false, message: issues.map((i) => i.message).join('; '), field: issues[0]!.field, ...(issues.length > 1 ? { issues } : {}) };
}

function sourcesDocumented(c: DecisionContent): GateCheck {
  if (c.dataSources.length === 0) return { id: 'sources.documented', ok: false, message: 'Add at least one data source: where the evidence came from', field: 'dataSources' };
  const issues: { field: string; message: string }[] = [];
  c.dataSources.forEach((s, i) => {
    if (!s.link && !s.query.trim()) issues.push({ field: `dataSources.${i}.link`, message: `Data source “${s.name}” needs a link or the query that produced it` });
    if (!s.asOf && !(s.windowStart && s.windowEnd)) issues.push({ field: `dataSources.${i}.asOf`, message: `Data source “${s.name}” needs an as-of date or a time window` });
    if ((s.kind === 'ab-test' || s.kind === 'survey') && s.sampleSize === null) {
      issues.push({
        field: `dataSources.${i}.sampleSize`,
        message: `Data source “${s.name}” is ${s.kind === 'ab-test' ? 'an A/B test' : 'a survey'} without a sample size — add ${s.kind === 'ab-test' ? 'n per arm' : 'the number of responses'}`,
      });
    }
  });
  return issues.length
    ? failing('sources.documented', issues)
    : { id: 'sources.documented', ok: true, message: `${plural(c.dataSources.length, 'data source')} documented with links, dates and sample sizes` };
}

function metricsDefined(r: GateRecord): GateCheck {
  const main = r.content.metrics.filter((m) => m.role === 'primary' || m.role === 'north-star');
  const name = (key: string) => r.catalogue.get(key)?.name ?? key;
  if (main.length === 0) return { id: 'metrics.defined', ok: false, message: 'Cite at least one primary or north-star metric from the catalogue', field: 'metrics' };
  const undirected = main.filter((m) => !m.expectedDirection);
  if (undirected.length) {
    const i = r.content.metrics.indexOf(undirected[0]!);
    return { id: 'metrics.defined', ok: false, message: `Say which way you expect ${list(undirected.map((m) => name(m.key)))} to move`, field: `metrics.${i}.expectedDirection` };
  }
  return { id: 'metrics.defined', ok: true, message: `${list(main.map((m) => name(m.key)))} with expected direction${main.length > 1 ? 's' : ''}` };
}

function circulated(r: GateRecord, policy: Policy, now: number): GateCheck {
  const min = policy.minHoursInReview;
  if (r.status === 'draft' || r.inReviewSince === null) {
    return { id: 'critique.circulated', ok: false, message: `Circulate the draft for review${min ? `; it then stays in review for at least ${plural(min, 'hour')}` : ''}` };
  }
  // Critics get the whole window with what will be published: a material change during review restarts it,
  // so a stub circulated early can't use up the window before the real record exists.
  const changedSince = r.materialChangedAt != null && r.materialChangedAt > r.inReviewSince;
  const since = changedSince ? r.materialChangedAt! : r.inReviewSince;
  const hours = (now - since) / HOUR;
  if (hours < min) {
    const from = new Date(since + min * HOUR).toISOString().slice(0, 16).replace('T', ' ');
    const so = changedSince
      ? `Changed ${hours < 1 ? 'less than an hour' : plural(Math.floor(hours), 'hour')} ago in what reviewers judge (decision, evidence, methodology or critique); critics get at least ${plural(min, 'hour')} with what will be published`
      : `In review for ${plural(Math.floor(hours), 'hour')}; the team gives critics at least ${plural(min, 'hour')}`;
    return { id: 'critique.circulated', ok: false, message: `${so} — publishable from ${from} UTC` };
  }
  const days = Math.floor((now - r.inReviewSince) / HOUR / 24);
  const total = days >= 1 ? plural(days, 'day') : plural(Math.floor((now - r.inReviewSince) / HOUR), 'hour');
  return { id: 'critique.circulated', ok: true, message: `In review for ${total}${changedSince ? `, ${plural(Math.floor(hours), 'hour')} since the last material change` : ''} (team minimum: ${plural(min, 'hour')})` };
}

/** Each reviewer's standing verdict (lib/review.ts; authors and writers excluded), with whether it still counts. */
export function latestVerdicts<R extends GateReview>(reviews: R[], changedAt: SectionChangedAt, notCritics: readonly string[]): (R & { stale: boolean })[] {
  return standingVerdicts(reviews, (v) => v.reviewerId, notCritics).map((v) => ({ ...v, stale: isVerdictStale(v.revision, changedAt) }));
}

function crossFunctional(r: GateRecord, reviews: StandingVerdict[], policy: Policy): GateCheck {
  const needed = policy.crossFunctionalApprovals;
  const authorFunctions = new Set([...r.authors.map((a) => a.function), ...r.writerFunctions]);
  const outsiders = reviews.filter((v) => !authorFunctions.has(v.function));
  // A function nobody trusted decided (open sign-up; single sign-on without a usable claim) is not "outside" yet:
  // anyone could otherwise make an account and approve as "Other".
  const unconfirmed = outsiders.filter((v) => v.verdict === 'approve' && !v.stale && v.functionConfirmed === false);
  const approvals = outsiders.filter((v) => v.verdict === 'approve' && !v.stale && v.functionConfirmed !== false);
  const who = (vs: typeof approvals) => list(vs.map((v) => `${v.reviewerName} (${FUNCTION_LABELS[v.function]})`));
  if (needed === 0) {
    return { id: 'critique.cross-functional', ok: true, message: approvals.length ? `Approved by ${who(approvals)}; the team requires none` : 'The team’s policy requires no cross-functional approval' };
  }
  if (approvals.length >= needed) return { id: 'critique.cross-functional', ok: true, message: `Approved by ${who(approvals)}` };
  const fns = list([...authorFunctions].map((f) => FUNCTION_LABELS[f].toLowerCase()));
  const stale = outsiders.filter((v) => v.verdict === 'approve' && v.stale);
  return {
    id: 'critique.cross-functional',
    ok: false,
    message:
      `Needs ${plural(needed, 'current approval')} from someone outside ${fns} (has ${approvals.length})` +
      (stale.length ? `; ${list(stale.map((v) => `${v.reviewerName}’s`))} approval${stale.length > 1 ? 's are' : ' is'} stale because the record changed since — ask for a new review` : '') +
      (unconfirmed.length
        ? `; ${list(unconfirmed.map((v) => `${v.reviewerName}’s`))} approval${unconfirmed.length > 1 ? 's count' : ' counts'} once an organisation admin sets ${unconfirmed.length > 1 ? 'their functions' : 'their function'} (now unconfirmed)`
        : ''),
  };
}

/**
 * Owners must have vouched for the current evidence: by a current review of theirs (a comment included), or, for
 * an owner who wrote or co-authors the record and so gives no verdict, by writing it or vouching for it since the
 * evidence last changed (lib/review.ts vouchesNow). Removing an owner as an author changes none of this.
 */
function metricOwners(r: GateRecord, allReviews: GateReview[], policy: Policy): GateCheck {
  const reviews = allReviews.map((v) => ({ ...v, stale: isVerdictStale(v.revision, r.changedAt) }));
  if (!policy.requireMetricOwnerReview) return { id: 'critique.metric-owners', ok: true, message: 'The team’s policy does not require metric owners to review' };
  const authorIds = new Set(r.authors.map((a) => a.id));
  // Authors and writers give no verdicts: they vouch instead.
  const vouches = (id: string) => authorIds.has(id) || r.lastWrote[id] !== undefined;
  const owners = new Map<string, { name: string; metrics: string[] }>();
  for (const m of r.content.metrics) {
    const o = r.metricOwners[m.key];
    if (!o) continue;
    const entry = owners.get(o.id) ?? { name: o.name, metrics: [] };
    entry.metrics.push(r.catalogue.get(m.key)?.name ?? m.key);
    owners.set(o.id, entry);
  }
  if (owners.size === 0) return { id: 'critique.metric-owners', ok: true, message: 'No catalogue metrics cited' };
  const done = (id: string) => (vouches(id) ? vouchesNow(r, id, r.changedAt) : reviews.some((v) => v.reviewerId === id && !v.stale));
  const waiting = [...owners.entries()].filter(([id]) => !done(id));
  if (waiting.length === 0) {
    const [reviewed, vouched] = [[...owners.entries()].filter(([id]) => !vouches(id)), [...owners.entries()].filter(([id]) => vouches(id))];
    const names = (xs: typeof reviewed) => list(xs.map(([, o]) => o.name));
    const message = [...(reviewed.length ? [`Reviewed by ${names(reviewed)}`] : []), ...(vouched.length ? [`${reviewed.length ? 'vouched' : 'Vouched'} for by ${names(vouched)}, who wrote or co-author${vouched.length === 1 ? 's' : ''} it`] : [])];
    return { id: 'critique.metric-owners', ok: true, message: message.join('; ') };
  }
  const reviewers = waiting.filter(([id]) => !vouches(id));
  const parts = [
    ...(reviewers.length ? [`Waiting for ${list(reviewers.map(([, o]) => `${o.name} (owner of ${list(o.metrics)})`))} to review the current evidence`] : []),
    ...waiting
      .filter(([id]) => vouches(id))
      .map(([id, o]) => {
        const at = lastVouchedAt(r, id);
        const owns = `${o.name} owns ${list(o.metrics)} and`;
        const how = 'they vouch for it as it stands with “Vouch for the evidence” on the decision page';
        if (at === undefined && r.vouchFloor[id] !== undefined) return `${owns} was handed ${o.metrics.length === 1 ? 'it' : 'one of them'} while this record was open, so what they saved before doesn’t vouch: ${how}`;
        if (at === undefined) return `${owns} co-authors this record, so gives it no verdict: ${how}`;
        return `${owns} last vouched for its evidence at revision ${at}, before its sources, methodology, metrics or evidence changed: ${how}`;
      }),
  ];
  return { id: 'critique.metric-owners', ok: false, message: parts.join('; '), waitingFor: waiting.map(([id]) => id) };
}

function objections(comments: GateComment[]): GateCheck {
  const blocking = comments.filter((c) => c.parentId === null && c.kind === 'blocking' && !c.deleted);
  const open = blocking.filter((c) => c.state === 'open');
  const overridden = blocking.filter((c) => c.state === 'overridden').length;
  if (open.length) {
    return {
      id: 'objections.answered',
      ok: false,
      message: `${plural(open.length, 'blocking objection')} open: ${list(open.map((c) => `${c.authorName} on ${sectionName(c.section)}`))} — resolve ${open.length > 1 ? 'them' : 'it'} with the objector, or override with a written rationale`,
    };
  }
  return { id: 'objections.answered', ok: true, message: blocking.length ? `Every blocking objection is answered${overridden ? ` (${overridden} overridden, recorded as dissent)` : ''}` : 'No blocking objections raised' };
}

function noChangesRequested(reviews: StandingVerdict[]): GateCheck {
  const standing = reviews.filter((v) => v.verdict === 'request-changes' && !v.stale);
  if (standing.length) {
    return {
      id: 'reviews.no-changes-requested',
      ok: false,
      message: `${list(standing.map((v) => v.reviewerName))} requested changes on revision ${list([...new Set(standing.map((v) => String(v.revision)))])} — address them and ask for a new review`,
    };
  }
  const stale = reviews.filter((v) => v.verdict === 'request-changes' && v.stale).length;
  return { id: 'reviews.no-changes-requested', ok: true, message: stale ? `No current change requests (${plural(stale, 'earlier request')} went stale after the record changed — recorded as dissent if unanswered)` : 'No one requested changes' };
}

function lintCheck(lint: LintFinding[]): GateCheck {
  const errors = lint.filter((f) => f.level === 'error');
  const warnings = lint.length - errors.length;
  if (errors.length) {
    return { id: 'methodology.lint', ok: false, message: `${plural(errors.length, 'lint error')}: ${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more, shown by their fields)` : ''}`, field: errors[0]!.field };
  }
  return { id: 'methodology.lint', ok: true, message: warnings ? `No lint errors (${plural(warnings, 'warning')} to consider)` : 'No lint findings' };
}

export function evaluateGate<R extends GateReview>(record: GateRecord, reviews: R[], comments: GateComment[], policy: Policy, now: number): GateResult & { verdicts: (R & { stale: boolean })[] } {
  const lint = lintRecord({ content: record.content, policy, now, catalogue: record.catalogue });
  const latest = latestVerdicts(reviews, record.changedAt, [...record.authors.map((a) => a.id), ...Object.keys(record.lastWrote)]);
  const checks: GateCheck[] = [
    fieldsComplete(record.content, policy),
    sourcesDocumented(record.content),
    metricsDefined(record),
    circulated(record, policy, now),
    crossFunctional(record, latest, policy),
    metricOwners(record, reviews, policy),
    objections(comments),
    noChangesRequested(latest),
    lintCheck(lint),
  ];
  return { ready: record.status === 'in-review' && checks.every((c) => c.ok), checks, lint, verdicts: latest };
}
