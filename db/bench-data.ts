import { hashPassword } from 'better-auth/crypto';
import { randomUUID } from 'node:crypto';
import { materialRevision } from '@/lib/review';
import { initialSectionChangedAt, nextSectionChangedAt, type ContentKey } from '@/lib/revisions';
import { FUNCTIONS, functionBit } from '@/lib/vocabulary';
import type { Db } from './client';
import { rebuildSearch } from './queries/search';

/*
 * A large, realistic workspace for the scale benchmark, written straight into
 * SQLite in one pass of batched transactions with prepared statements (the
 * data layer's per-row checks would take hours at this size). It keeps the
 * same invariants the data layer keeps: revisions numbered 1..n with section
 * change maps, tag/metric index rows, requests, verdicts, the search index.
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

export async function generateBenchWorkspace(db: Db, scale: Scale, log: (msg: string) => void = () => {}): Promise<{ longThreadDecisionId: number; teamSlug: string; tag: string; metric: string }> {
  const sqlite = db.$client;
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const now = Date.now();
  const DAY = 24 * 3600e3;
  const hash = await hashPassword(BENCH_USER.password);

  const insertUser = sqlite.prepare('INSERT INTO user (id, name, email, email_verified, created_at, updated_at, function, is_org_admin) VALUES (?, ?, ?, 0, ?, ?, ?, ?)');
  const insertAccount = sqlite.prepare("INSERT INTO account (id, account_id, provider_id, user_id, password, created_at, updated_at) VALUES (?, ?, 'credential', ?, ?, ?, ?)");
  const insertTeam = sqlite.prepare("INSERT INTO teams (slug, name, policy, created_at) VALUES (?, ?, '{}', ?)");
  const insertMember = sqlite.prepare('INSERT INTO team_members (team_id, user_id, role, created_at) VALUES (?, ?, ?, ?)');
  const insertMetric = sqlite.prepare('INSERT INTO metrics (key, name, definition, kind, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');

  // People: the benchmark's viewer is a data scientist who owns metrics and is asked to review.
  const users: { id: string; fn: string }[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < scale.users; i++) {
      const id = randomUUID();
      const fn = i === 0 ? 'data-science' : FUNCTIONS[i % FUNCTIONS.length]!;
      const email = i === 0 ? BENCH_USER.email : `person${i}@bench.candor.dev`;
      insertUser.run(id, i === 0 ? 'Bench Reader' : `Person ${i}`, email, now, now, fn, i === 0 ? 1 : 0);
      insertAccount.run(randomUUID(), id, id, hash, now, now);
      users.push({ id, fn });
    }
  })();
  const teams: number[] = [];
  sqlite.transaction(() => {
    for (let t = 0; t < scale.teams; t++) {
      teams.push(Number(insertTeam.run(`team-${t + 1}`, `Team ${t + 1}`, now).lastInsertRowid));
      const members = new Set<number>([0]);
      while (members.size < Math.min(scale.users, 30)) members.add(Math.floor(rand() * scale.users));
      for (const m of members) insertMember.run(teams[t], users[m]!.id, m === 0 ? 'admin' : 'member', now);
    }
  })();
  const metricKeys = ['weekly_active_buyers', 'checkout_conversion', 'average_order_value', 'activation_rate_d7', 'trial_to_paid', 'page_load_p75', 'refund_rate', 'support_contact_rate'];
  const metricIds: number[] = [];
  sqlite.transaction(() => {
    metricKeys.forEach((key, i) => {
      const kind = i === 0 ? 'north-star' : i < 5 ? 'primary' : 'guardrail';
      metricIds.push(Number(insertMetric.run(key, key.replace(/_/g, ' '), `Definition of ${key}: counted per day over all eligible sessions.`, kind, users[i % 3 === 0 ? 0 : i]!.id, now, now).lastInsertRowid));
    });
  })();
  log(`${scale.users} users, ${scale.teams} teams, ${metricKeys.length} metrics`);

  const insertDecision = sqlite.prepare(`INSERT INTO decisions (team_id, created_by, status, title, current_revision, created_at, updated_at, last_activity_at, material_revision,
      in_review_since, first_circulated_revision, outcome_review_date, published_at, published_revision, published_by, closed_at, closed_reason, requested_functions)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertAuthor = sqlite.prepare('INSERT INTO decision_authors (decision_id, user_id, added_at) VALUES (?, ?, ?)');
  const insertRevision = sqlite.prepare('INSERT INTO revisions (decision_id, number, content, section_changed_at, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertTag = sqlite.prepare('INSERT OR IGNORE INTO decision_tags (decision_id, tag) VALUES (?, ?)');
  const insertDm = sqlite.prepare('INSERT OR IGNORE INTO decision_metrics (decision_id, metric_id, role) VALUES (?, ?, ?)');
  const insertRequest = sqlite.prepare("INSERT OR IGNORE INTO review_requests (decision_id, user_id, function, reason, requested_by, open, created_at) VALUES (?, ?, ?, 'author', ?, ?, ?)");
  const insertComment = sqlite.prepare('INSERT INTO comments (decision_id, parent_id, author_id, section, kind, body, revision, created_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertReview = sqlite.prepare('INSERT INTO reviews (decision_id, reviewer_id, verdict, body, revision, reviewer_function, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertEvent = sqlite.prepare("INSERT INTO events (decision_id, team_id, actor_id, type, data, created_at) VALUES (?, ?, ?, ?, '{}', ?)");
  const insertNotification = sqlite.prepare('INSERT INTO notifications (user_id, kind, decision_id, comment_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?, ?)');

  const paragraph = (n: number) => Array.from({ length: n }, () => pick(SENTENCES)).join(' ');
  const sections: ContentKey[] = ['context', 'methodology', 'dataSources', 'summary', 'openCritique'];
  let longThread = 0;
  const batch = 2000;
  const started = Date.now();
  for (let start = 0; start < scale.decisions; start += batch) {
    sqlite.transaction(() => {
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
        const id = Number(
          insertDecision.run(
            teams[teamIdx],
            author.id,
            status,
            title,
            revisionCount,
            created,
            updated,
            lastActivity,
            materialRevision(changed),
            status === 'in-review' ? updated : null,
            status === 'draft' ? null : 1,
            content.outcomeReviewDate,
            decided ? updated + DAY : null,
            decided ? revisionCount : null,
            decided ? author.id : null,
            status === 'reversed' || status === 'withdrawn' ? updated + 2 * DAY : null,
            status === 'reversed' || status === 'withdrawn' ? 'Superseded by events.' : null,
            status === 'in-review' ? functionBit('data-science') : 0,
          ).lastInsertRowid,
        );
        insertAuthor.run(id, author.id, created);
        let sectionMap = initialSectionChangedAt();
        for (let n = 1; n <= revisionCount; n++) {
          if (n > 1) sectionMap = nextSectionChangedAt(sectionMap, [sections[n % sections.length]!], n);
          const c = n === revisionCount ? content : { ...content, context: `${content.context} (draft ${n})` };
          insertRevision.run(id, n, JSON.stringify(c), JSON.stringify(sectionMap), author.id, created + n * 3600e3);
          insertEvent.run(id, teams[teamIdx], author.id, n === 1 ? 'decision.created' : 'decision.saved', created + n * 3600e3);
        }
        for (const tag of content.tags) insertTag.run(id, tag);
        insertDm.run(id, metricIds[metricKeys.indexOf(keyA)], 'primary');
        insertDm.run(id, metricIds[metricKeys.indexOf(keyG)], 'guardrail');
        const open = status === 'in-review' ? 1 : 0;
        if (status !== 'draft') {
          insertRequest.run(id, null, 'data-science', author.id, open, created);
          insertRequest.run(id, users[(authorIdx + 7) % scale.users]!.id, null, author.id, open, created);
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
          const cid: number = Number(insertComment.run(id, top ? null : threadId, by.id, pick(['methodology', 'context', 'dataSources', 'record', 'evidence']), kind, pick(COMMENTS), 1 + Math.floor(rand() * revisionCount), created + c * 600e3, state).lastInsertRowid);
          if (top) threadId = cid;
          if (c % 25 === 0 && i % 50 === 0) insertNotification.run(users[0]!.id, 'comment', id, cid, by.id, created + c * 600e3);
        }
        if (status !== 'draft') {
          const reviewers = 1 + Math.floor(rand() * 3);
          for (let v = 0; v < reviewers; v++) {
            const by = users[1 + Math.floor(rand() * (scale.users - 1))]!;
            insertReview.run(id, by.id, rand() < 0.8 ? 'approve' : 'request-changes', pick(COMMENTS), 1 + Math.floor(rand() * revisionCount), by.fn, updated);
          }
        }
      }
    })();
    if ((start / batch) % 10 === 0) log(`${Math.min(start + batch, scale.decisions).toLocaleString('en')} decisions (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  log('building the search index…');
  await rebuildSearch(db);
  sqlite.pragma('optimize');
  return { longThreadDecisionId: longThread, teamSlug: 'team-1', tag: 'checkout', metric: 'checkout_conversion' };
}
