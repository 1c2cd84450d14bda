import { hashPassword } from 'better-auth/crypto';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { evidenceRevision, materialRevision } from '@/lib/review';
import { initialSectionChangedAt, nextSectionChangedAt, type ContentKey } from '@/lib/revisions';
import { FUNCTIONS, functionBit } from '@/lib/vocabulary';
import { personNameKey } from '@/lib/validation/common';
import { rawRows, rawRun, sqliteClient, type Db, type Executor } from './client';
import { engine } from './engine';
import { rebuildSearch } from './queries/search';
import {
  account,
  comments,
  decisionAuthors,
  decisionMetrics,
  decisions,
  decisionTags,
  events,
  metrics,
  notifications,
  reviewRequests,
  reviews,
  revisions,
  teamMembers,
  teams,
  user,
} from './schema';

/*
 * A large, realistic workspace for the scale benchmark, written straight into
 * the database in one pass of batched transactions (the data layer's per-row
 * checks would take hours at this size): on SQLite with prepared statements,
 * on PostgreSQL with multi-row inserts. It keeps the same invariants the data
 * layer keeps: revisions numbered 1..n with section change maps, tag/metric
 * index rows, requests, verdicts, the search index.
 */

export type Scale = { decisions: number; revisionsPerDecision: number; commentsPerDecision: number; users: number; teams: number };

export function scaleFor(decisions: number): Scale {
  const f = decisions / 100_000;
  return { decisions, revisionsPerDecision: 3, commentsPerDecision: 10, users: Math.max(20, Math.round(2000 * Math.sqrt(f))), teams: Math.max(3, Math.round(50 * Math.sqrt(f))) };
}

export const BENCH_USER = { email: 'bench@candor.dev', password: 'bench-password' };

/** Deterministic pseudo-random numbers (mulberry32), so two runs build the same workspace. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['checkout', 'onboarding', 'search', 'pricing', 'delivery', 'returns', 'recommendations', 'notifications', 'wishlist', 'reviews', 'loyalty', 'payments', 'catalogue', 'support chat', 'referrals', 'subscriptions', 'gift cards', 'seller tools', 'mobile app', 'home feed'];
const VERBS = ['Redesign', 'Simplify', 'Personalise', 'Retire', 'Launch', 'Test', 'Move', 'Shorten', 'Expand', 'Replace', 'Automate', 'Localise'];
const QUALIFIERS = ['for new customers', 'on mobile web', 'in the EU', 'for returning buyers', 'behind a feature flag', 'for sellers', 'in the app', 'during checkout', 'for Plus members', 'worldwide'];
const SENTENCES = [
  'Funnel data shows a large drop-off at this step, concentrated on mobile devices.',
  'Support tickets about this topic doubled over the last quarter.',
  'A four-week A/B test on all web visitors showed a small but consistent lift.',
  'The confidence interval excludes zero for the primary metric and includes it for the guardrails.',
  'Session recordings suggest people look for information that is not on the page.',
  'Competitors changed their approach this year, and our conversion fell behind.',
  'The population is every visitor who reached the page during the test window.',
  'We compared proportions with a two-sided test and report 95 % confidence intervals.',
  'Weekly effects were stable, so we see no sign of a novelty effect.',
  'The strongest argument against is that the effect may not hold during the holiday peak.',
  'Engineering estimates two sprints of work, most of it in the payment integration.',
  'Sample ratio was checked each week and matched the intended split.',
];
const COMMENTS = [
  'Could you add the week-by-week breakdown to the evidence?',
  'Is the population the same as in the previous test? The numbers look different.',
  'This looks solid to me; the guardrail holds.',
  'What happens to users who started before the change?',
  'I would like to see the sample ratio check in the methodology.',
  'Design can support this; we have a pattern for it already.',
  'The interval is wide; is the test powered for this effect size?',
  'Agreed, with the caveat about holiday traffic.',
];


// ---------------------------------------------------------------- writers

type UserRow = { id: string; name: string; email: string; createdAt: number; function: string; isOrgAdmin: boolean; passwordHash: string };
type TeamRow = { slug: string; name: string; createdAt: number };
type MemberRow = { teamId: number; userId: string; role: 'member' | 'admin'; createdAt: number };
type MetricRow = { key: string; name: string; definition: string; kind: 'north-star' | 'primary' | 'guardrail'; ownerId: string; createdAt: number; updatedAt: number };
type DecisionRow = {
  teamId: number;
  createdBy: string;
  status: 'draft' | 'in-review' | 'published' | 'superseded' | 'reversed' | 'withdrawn';
  title: string;
  currentRevision: number;
  createdAt: number;
  updatedAt: number;
  lastActivityAt: number;
  materialRevision: number;
  evidenceRevision: number;
  inReviewSince: number | null;
  firstCirculatedRevision: number | null;
  outcomeReviewDate: string | null;
  publishedAt: number | null;
  publishedRevision: number | null;
  publishedBy: string | null;
  closedAt: number | null;
  closedReason: string | null;
  requestedFunctions: number;
};
type AuthorRow = { decisionId: number; userId: string; addedAt: number };
type RevisionRow = { decisionId: number; number: number; content: string; sectionChangedAt: string; authorId: string; createdAt: number };
type TagRow = { decisionId: number; tag: string };
type DecisionMetricRow = { decisionId: number; metricId: number; role: string };
type RequestRow = { decisionId: number; userId: string | null; function: string | null; requestedBy: string; open: boolean; createdAt: number };
type CommentRow = { decisionId: number; parentId: number | null; authorId: string; section: string; kind: string; body: string; revision: number; createdAt: number; state: 'open' | 'resolved' };
type ReviewRow = { decisionId: number; reviewerId: string; verdict: 'approve' | 'request-changes'; body: string; revision: number; reviewerFunction: string; createdAt: number };
type EventRow = { decisionId: number; teamId: number; actorId: string; type: string; createdAt: number };
type NotificationRow = { userId: string; kind: string; decisionId: number; commentId: number; actorId: string; createdAt: number };

/** Where the generator's rows go. Rows with ids others point at return their id. */
type Writer = {
  /** Run `fill` (which only writes rows through this writer) as one transaction. */
  batch(fill: () => void): Promise<void>;
  user(r: UserRow): void;
  team(r: TeamRow): number;
  member(r: MemberRow): void;
  metric(r: MetricRow): number;
  decision(r: DecisionRow): number;
  author(r: AuthorRow): void;
  revision(r: RevisionRow): void;
  /** Ignored when the decision already has it. */
  tag(r: TagRow): void;
  /** Ignored when the decision already cites the metric. */
  decisionMetric(r: DecisionMetricRow): void;
  /** Ignored when the decision already has that request. */
  request(r: RequestRow): void;
  comment(r: CommentRow): number;
  review(r: ReviewRow): void;
  event(r: EventRow): void;
  notification(r: NotificationRow): void;
  /** After the search index is built: refresh the planner's statistics. */
  finish(): Promise<void>;
};

/** SQLite: prepared statements on the connection, each batch one synchronous transaction. */
function sqliteWriter(db: Db): Writer {
  const sqlite = sqliteClient(db);
  const insertUser = sqlite.prepare('INSERT INTO user (id, name, name_key, email, email_verified, created_at, updated_at, function, is_org_admin) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)');
  const insertAccount = sqlite.prepare("INSERT INTO account (id, account_id, provider_id, user_id, password, created_at, updated_at) VALUES (?, ?, 'credential', ?, ?, ?, ?)");
  const insertTeam = sqlite.prepare("INSERT INTO teams (slug, name, policy, created_at) VALUES (?, ?, '{}', ?)");
  const insertMember = sqlite.prepare('INSERT INTO team_members (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)');
  const insertMetric = sqlite.prepare('INSERT INTO metrics (key, name, definition, kind, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertDecision = sqlite.prepare(`INSERT INTO decisions (team_id, created_by, status, title, current_revision, created_at, updated_at, last_activity_at, material_revision,
      evidence_revision, in_review_since, first_circulated_revision, outcome_review_date, published_at, published_revision, published_by, closed_at, closed_reason, requested_functions)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAuthor = sqlite.prepare('INSERT INTO decision_authors (decision_id, user_id, added_at) VALUES (?, ?, ?)');
  const insertRevision = sqlite.prepare('INSERT INTO revisions (decision_id, number, content, section_changed_at, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertTag = sqlite.prepare('INSERT OR IGNORE INTO decision_tags (decision_id, tag) VALUES (?, ?)');
  const insertDm = sqlite.prepare('INSERT OR IGNORE INTO decision_metrics (decision_id, metric_id, role) VALUES (?, ?, ?)');
  const insertRequest = sqlite.prepare("INSERT OR IGNORE INTO review_requests (decision_id, user_id, function, reason, requested_by, open, created_at) VALUES (?, ?, ?, 'author', ?, ?, ?)");
  const insertComment = sqlite.prepare('INSERT INTO comments (decision_id, parent_id, author_id, section, kind, body, revision, created_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertReview = sqlite.prepare('INSERT INTO reviews (decision_id, reviewer_id, verdict, body, revision, reviewer_function, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertEvent = sqlite.prepare("INSERT INTO events (decision_id, team_id, actor_id, type, data, created_at) VALUES (?, ?, ?, ?, '{}', ?)");
  const insertNotification = sqlite.prepare('INSERT INTO notifications (user_id, kind, decision_id, comment_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  return {
    batch: async (fill) => sqlite.transaction(fill)(),
    user: (r) => {
      insertUser.run(r.id, r.name, personNameKey(r.name), r.email, r.createdAt, r.createdAt, r.function, r.isOrgAdmin ? 1 : 0);
      insertAccount.run(randomUUID(), r.id, r.id, r.passwordHash, r.createdAt, r.createdAt);
    },
    team: (r) => Number(insertTeam.run(r.slug, r.name, r.createdAt).lastInsertRowid),
    member: (r) => insertMember.run(r.teamId, r.userId, r.role, r.createdAt),
    metric: (r) => Number(insertMetric.run(r.key, r.name, r.definition, r.kind, r.ownerId, r.createdAt, r.updatedAt).lastInsertRowid),
    decision: (r) =>
      Number(
        insertDecision.run(
          r.teamId,
          r.createdBy,
          r.status,
          r.title,
          r.currentRevision,
          r.createdAt,
          r.updatedAt,
          r.lastActivityAt,
          r.materialRevision,
          r.evidenceRevision,
          r.inReviewSince,
          r.firstCirculatedRevision,
          r.outcomeReviewDate,
          r.publishedAt,
          r.publishedRevision,
          r.publishedBy,
          r.closedAt,
          r.closedReason,
          r.requestedFunctions,
        ).lastInsertRowid,
      ),
    author: (r) => insertAuthor.run(r.decisionId, r.userId, r.addedAt),
    revision: (r) => insertRevision.run(r.decisionId, r.number, r.content, r.sectionChangedAt, r.authorId, r.createdAt),
    tag: (r) => insertTag.run(r.decisionId, r.tag),
    decisionMetric: (r) => insertDm.run(r.decisionId, r.metricId, r.role),
    request: (r) => insertRequest.run(r.decisionId, r.userId, r.function, r.requestedBy, r.open ? 1 : 0, r.createdAt),
    comment: (r) => Number(insertComment.run(r.decisionId, r.parentId, r.authorId, r.section, r.kind, r.body, r.revision, r.createdAt, r.state).lastInsertRowid),
    review: (r) => insertReview.run(r.decisionId, r.reviewerId, r.verdict, r.body, r.revision, r.reviewerFunction, r.createdAt),
    event: (r) => insertEvent.run(r.decisionId, r.teamId, r.actorId, r.type, r.createdAt),
    notification: (r) => insertNotification.run(r.userId, r.kind, r.decisionId, r.commentId, r.actorId, r.createdAt),
    finish: async () => {
      sqlite.pragma('optimize');
    },
  };
}

/** Rows per multi-row INSERT on PostgreSQL (well under its 65,535 parameters per statement). */
const PG_CHUNK = 500;

/**
 * PostgreSQL: rows are queued with explicit ids (for the tables others point
 * at) and written per batch as multi-row inserts in one transaction, parents
 * first; the identity sequences are moved past the ids at the end.
 */
async function pgWriter(db: Db): Promise<Writer> {
  const withIds = ['teams', 'metrics', 'decisions', 'comments'] as const;
  const next: Record<(typeof withIds)[number], number> = { teams: 0, metrics: 0, decisions: 0, comments: 0 };
  for (const t of withIds) next[t] = (await rawRows<{ n: number }>(db, sql.raw(`SELECT coalesce(max(id), 0) AS n FROM "${t}"`)))[0]?.n ?? 0;
  // One queue per table, in the order they are written (every table after the ones it points at).
  const queues = {
    user: [] as (typeof user.$inferInsert)[],
    account: [] as (typeof account.$inferInsert)[],
    teams: [] as (typeof teams.$inferInsert)[],
    teamMembers: [] as (typeof teamMembers.$inferInsert)[],
    metrics: [] as (typeof metrics.$inferInsert)[],
    decisions: [] as (typeof decisions.$inferInsert)[],
    decisionAuthors: [] as (typeof decisionAuthors.$inferInsert)[],
    revisions: [] as (typeof revisions.$inferInsert)[],
    decisionTags: [] as (typeof decisionTags.$inferInsert)[],
    decisionMetrics: [] as (typeof decisionMetrics.$inferInsert)[],
    reviewRequests: [] as (typeof reviewRequests.$inferInsert)[],
    comments: [] as (typeof comments.$inferInsert)[],
    reviews: [] as (typeof reviews.$inferInsert)[],
    events: [] as (typeof events.$inferInsert)[],
    notifications: [] as (typeof notifications.$inferInsert)[],
  };
  const tables = { user, account, teams, teamMembers, metrics, decisions, decisionAuthors, revisions, decisionTags, decisionMetrics, reviewRequests, comments, reviews, events, notifications };
  // INSERT OR IGNORE's equivalent, for the rows the SQLite path ignores when already there.
  const ignoring = new Set<keyof typeof queues>(['decisionTags', 'decisionMetrics', 'reviewRequests']);
  const flush = async (tx: Executor) => {
    for (const name of Object.keys(queues) as (keyof typeof queues)[]) {
      const rows = queues[name] as object[];
      for (let i = 0; i < rows.length; i += PG_CHUNK) {
        const insert = tx.insert(tables[name] as unknown as typeof teams).values(rows.slice(i, i + PG_CHUNK) as (typeof teams.$inferInsert)[]);
        await (ignoring.has(name) ? insert.onConflictDoNothing() : insert);
      }
      queues[name] = [];
    }
  };
  return {
    batch: async (fill) => {
      fill();
      await db.transaction(async (tx) => flush(tx));
    },
    user: (r) => {
      const at = new Date(r.createdAt);
      queues.user.push({ id: r.id, name: r.name, nameKey: personNameKey(r.name), email: r.email, emailVerified: false, createdAt: at, updatedAt: at, function: r.function, isOrgAdmin: r.isOrgAdmin });
      queues.account.push({ id: randomUUID(), accountId: r.id, providerId: 'credential', userId: r.id, password: r.passwordHash, createdAt: at, updatedAt: at });
    },
    team: (r) => {
      const id = ++next.teams;
      queues.teams.push({ id, slug: r.slug, name: r.name, policy: '{}', createdAt: r.createdAt });
      return id;
    },
    member: (r) => void queues.teamMembers.push(r),
    metric: (r) => {
      const id = ++next.metrics;
      queues.metrics.push({ id, ...r });
      return id;
    },
    decision: (r) => {
      const id = ++next.decisions;
      queues.decisions.push({ id, ...r });
      return id;
    },
    author: (r) => void queues.decisionAuthors.push(r),
    revision: (r) => void queues.revisions.push(r),
    tag: (r) => void queues.decisionTags.push(r),
    decisionMetric: (r) => void queues.decisionMetrics.push(r),
    request: (r) => void queues.reviewRequests.push({ ...r, reason: 'author' }),
    comment: (r) => {
      const id = ++next.comments;
      queues.comments.push({ id, ...r });
      return id;
    },
    review: (r) => void queues.reviews.push(r),
    event: (r) => void queues.events.push({ ...r, data: '{}' }),
    notification: (r) => void queues.notifications.push(r),
    finish: async () => {
      await advanceIdentitySequences(db, withIds);
      await rawRun(db, sql`ANALYZE`);
    },
  };
}

/**
 * PostgreSQL: after rows were inserted with explicit ids, move each table's
 * identity sequence to its highest id, or the data layer's next insert would
 * collide with them. Nothing to do on SQLite (its rowids follow the table).
 */
export async function advanceIdentitySequences(db: Executor, tables: readonly string[]): Promise<void> {
  if (engine() !== 'pg') return;
  for (const table of tables) {
    const quoted = `"${table.replace(/"/g, '""')}"`;
    await rawRows(db, sql.raw(`SELECT setval(pg_get_serial_sequence('${quoted.replace(/'/g, "''")}', 'id'), max(id)) FROM ${quoted}`));
  }
}

// ---------------------------------------------------------------- the workspace

export async function generateBenchWorkspace(db: Db, scale: Scale, log: (msg: string) => void = () => {}): Promise<{ longThreadDecisionId: number; teamSlug: string; tag: string; metric: string }> {
  const w = engine() === 'pg' ? await pgWriter(db) : sqliteWriter(db);
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = Date.now();
  const DAY = 24 * 3600e3;
  const hash = await hashPassword(BENCH_USER.password);

  // People: the benchmark's viewer is a data scientist who owns metrics and is asked to review.
  const users: { id: string; fn: string }[] = [];
  await w.batch(() => {
    for (let i = 0; i < scale.users; i++) {
      const id = randomUUID();
      const fn = i === 0 ? 'data-science' : FUNCTIONS[i % FUNCTIONS.length]!;
      const email = i === 0 ? BENCH_USER.email : `person${i}@bench.candor.dev`;
      w.user({ id, name: i === 0 ? 'Bench Reader' : `Person ${i}`, email, createdAt: now, function: fn, isOrgAdmin: i === 0, passwordHash: hash });
      users.push({ id, fn });
    }
  });
  const teams: number[] = [];
  await w.batch(() => {
    for (let t = 0; t < scale.teams; t++) {
      teams.push(w.team({ slug: `team-${t + 1}`, name: `Team ${t + 1}`, createdAt: now }));
      const members = new Set<number>([0]);
      while (members.size < Math.min(scale.users, 30)) members.add(Math.floor(rand() * scale.users));
      for (const m of members) w.member({ teamId: teams[t]!, userId: users[m]!.id, role: m === 0 ? 'admin' : 'member', createdAt: now });
    }
  });
  const metricKeys = ['weekly_active_buyers', 'checkout_conversion', 'average_order_value', 'activation_rate_d7', 'trial_to_paid', 'page_load_p75', 'refund_rate', 'support_contact_rate'];
  const metricIds: number[] = [];
  await w.batch(() => {
    metricKeys.forEach((key, i) => {
      const kind = i === 0 ? 'north-star' : i < 5 ? 'primary' : 'guardrail';
      metricIds.push(w.metric({ key, name: key.replace(/_/g, ' '), definition: `Definition of ${key}: counted per day over all eligible sessions.`, kind, ownerId: users[i % 3 === 0 ? 0 : i]!.id, createdAt: now, updatedAt: now }));
    });
  });
  log(`${scale.users} users, ${scale.teams} teams, ${metricKeys.length} metrics`);

  const paragraph = (n: number) => Array.from({ length: n }, () => pick(SENTENCES)).join(' ');
  const sections: ContentKey[] = ['context', 'methodology', 'dataSources', 'summary', 'openCritique'];
  let longThread = 0;
  const batch = 2000;
  const started = Date.now();
  for (let start = 0; start < scale.decisions; start += batch) {
    await w.batch(() => {
      for (let i = start; i < Math.min(start + batch, scale.decisions); i++) {
        const teamIdx = i % teams.length;
        const authorIdx = 1 + Math.floor(rand() * (scale.users - 1));
        const author = users[authorIdx]!;
        const r = rand();
        const status = r < 0.6 ? 'published' : r < 0.75 ? 'in-review' : r < 0.9 ? 'draft' : r < 0.95 ? 'superseded' : r < 0.98 ? 'reversed' : 'withdrawn';
        const created = now - Math.floor(rand() * 5 * 365) * DAY - Math.floor(rand() * DAY);
        const noun = pick(NOUNS);
        const title = `${pick(VERBS)} ${noun} ${pick(QUALIFIERS)}`;
        const keyA = metricKeys[1 + Math.floor(rand() * 4)]!;
        const keyG = metricKeys[5 + Math.floor(rand() * 3)]!;
        const content = {
          title,
          summary: paragraph(2),
          context: paragraph(4),
          decision: `We will ${title.toLowerCase()}. ${pick(SENTENCES)}`,
          options: [
            { name: title, description: paragraph(1), chosen: true },
            { name: 'Keep things as they are', description: paragraph(1), chosen: false },
          ],
          dataSources: [
            {
              name: `${noun} A/B test #${i}`,
              kind: 'ab-test',
              link: `https://experiments.example.com/${i}`,
              query: '',
              owner: 'Data science',
              asOf: null,
              windowStart: new Date(created - 40 * DAY).toISOString().slice(0, 10),
              windowEnd: new Date(created - 12 * DAY).toISOString().slice(0, 10),
              population: 'All web visitors',
              sampleSize: 10_000 + Math.floor(rand() * 200_000),
              notes: 'Sample ratio checked.',
            },
          ],
          methodology: paragraph(3),
          metrics: [
            { key: keyA, role: 'primary', expectedDirection: 'increase', expectedEffect: '+1 %' },
            { key: keyG, role: 'guardrail', expectedDirection: 'no-change', expectedEffect: '' },
          ],
          evidence: [{ metric: keyA, baseline: 0.4, observed: 0.41, relativeChange: +(rand() * 4 - 1).toFixed(2), ciLow: -0.5, ciHigh: 3.5 }],
          openCritique: paragraph(2),
          risks: paragraph(1),
          outcomeReviewDate: new Date(created + 120 * DAY).toISOString().slice(0, 10),
          tags: [noun.replace(/\s+/g, '-'), pick(['q1', 'q2', 'q3', 'q4'])],
        };
        const revisionCount = Math.max(1, Math.round(scale.revisionsPerDecision + (rand() - 0.5) * 2));
        const updated = created + revisionCount * 3600e3;
        const decided = status === 'published' || status === 'superseded' || status === 'reversed';
        let changed = initialSectionChangedAt();
        for (let n = 2; n <= revisionCount; n++) changed = nextSectionChangedAt(changed, [sections[n % sections.length]!], n);
        const lastActivity = updated + Math.floor(rand() * 10 * DAY);
        const id = w.decision({
          teamId: teams[teamIdx]!,
          createdBy: author.id,
          status,
          title,
          currentRevision: revisionCount,
          createdAt: created,
          updatedAt: updated,
          lastActivityAt: lastActivity,
          materialRevision: materialRevision(changed),
          evidenceRevision: evidenceRevision(changed),
          inReviewSince: status === 'in-review' ? updated : null,
          firstCirculatedRevision: status === 'draft' ? null : 1,
          outcomeReviewDate: content.outcomeReviewDate,
          publishedAt: decided ? updated + DAY : null,
          publishedRevision: decided ? revisionCount : null,
          publishedBy: decided ? author.id : null,
          closedAt: status === 'reversed' || status === 'withdrawn' ? updated + 2 * DAY : null,
          closedReason: status === 'reversed' || status === 'withdrawn' ? 'Superseded by events.' : null,
          requestedFunctions: status === 'in-review' ? functionBit('data-science') : 0,
        });
        w.author({ decisionId: id, userId: author.id, addedAt: created });
        let sectionMap = initialSectionChangedAt();
        for (let n = 1; n <= revisionCount; n++) {
          if (n > 1) sectionMap = nextSectionChangedAt(sectionMap, [sections[n % sections.length]!], n);
          const c = n === revisionCount ? content : { ...content, context: `${content.context} (draft ${n})` };
          w.revision({ decisionId: id, number: n, content: JSON.stringify(c), sectionChangedAt: JSON.stringify(sectionMap), authorId: author.id, createdAt: created + n * 3600e3 });
          w.event({ decisionId: id, teamId: teams[teamIdx]!, actorId: author.id, type: n === 1 ? 'decision.created' : 'decision.saved', createdAt: created + n * 3600e3 });
        }
        for (const tag of content.tags) w.tag({ decisionId: id, tag });
        w.decisionMetric({ decisionId: id, metricId: metricIds[metricKeys.indexOf(keyA)]!, role: 'primary' });
        w.decisionMetric({ decisionId: id, metricId: metricIds[metricKeys.indexOf(keyG)]!, role: 'guardrail' });
        const open = status === 'in-review';
        if (status !== 'draft') {
          w.request({ decisionId: id, userId: null, function: 'data-science', requestedBy: author.id, open, createdAt: created });
          w.request({ decisionId: id, userId: users[(authorIdx + 7) % scale.users]!.id, function: null, requestedBy: author.id, open, createdAt: created });
        }
        // Comments: about ten per decision, a few threads with replies; one decision carries a very long thread.
        const count = i === 0 ? 600 : Math.floor(rand() * 2 * scale.commentsPerDecision);
        if (i === 0) longThread = id;
        let threadId: number | null = null;
        for (let c = 0; c < count; c++) {
          const by = users[Math.floor(rand() * scale.users)]!;
          const top: boolean = threadId === null || rand() < 0.35;
          const kind = top ? pick(['question', 'suggestion', 'concern', 'endorsement', 'question', 'blocking']) : 'reply';
          const state = top && status !== 'draft' && status !== 'in-review' ? 'resolved' : 'open';
          const cid: number = w.comment({
            decisionId: id,
            parentId: top ? null : threadId,
            authorId: by.id,
            section: pick(['methodology', 'context', 'dataSources', 'record', 'evidence']),
            kind,
            body: pick(COMMENTS),
            revision: 1 + Math.floor(rand() * revisionCount),
            createdAt: created + c * 600e3,
            state,
          });
          if (top) threadId = cid;
          if (c % 25 === 0 && i % 50 === 0) w.notification({ userId: users[0]!.id, kind: 'comment', decisionId: id, commentId: cid, actorId: by.id, createdAt: created + c * 600e3 });
        }
        if (status !== 'draft') {
          const reviewers = 1 + Math.floor(rand() * 3);
          for (let v = 0; v < reviewers; v++) {
            const by = users[1 + Math.floor(rand() * (scale.users - 1))]!;
            w.review({ decisionId: id, reviewerId: by.id, verdict: rand() < 0.8 ? 'approve' : 'request-changes', body: pick(COMMENTS), revision: 1 + Math.floor(rand() * revisionCount), reviewerFunction: by.fn, createdAt: updated });
          }
        }
      }
    });
    if ((start / batch) % 10 === 0) log(`${Math.min(start + batch, scale.decisions).toLocaleString('en')} decisions (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  log('building the search index…');
  await rebuildSearch(db);
  await w.finish();
  return { longThreadDecisionId: longThread, teamSlug: 'team-1', tag: 'checkout', metric: 'checkout_conversion' };
}
