import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/*
 * Candor's tables. Times in Candor's own tables are integer milliseconds since
 * the epoch (cheap to compare, exact in keyset cursors); better-auth's tables
 * use drizzle's timestamp_ms mode because the adapter hands it Date objects.
 */

// ---------------------------------------------------------------- accounts (better-auth)

export const user = pgTable(
  'user',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    emailVerified: boolean('email_verified').notNull().default(false),
    image: text('image'),
    createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull().defaultNow(),
    function: text('function').notNull().default('product'),
    // False while nobody trusted has decided the function: an account from open sign-up, or from single sign-on
    // without a usable function claim, until an org admin sets it. Its approvals don't count as cross-functional.
    functionConfirmed: boolean('function_confirmed').notNull().default(true),
    isOrgAdmin: boolean('is_org_admin').notNull().default(false),
    // Email notifications: 'off', 'immediate' or 'daily' (a digest). Only sent when SMTP is configured.
    emailNotifications: text('email_notifications').notNull().default('immediate'),
    lastDigestAt: bigint('last_digest_at', { mode: 'number' }),
    // Set by an organisation admin (db/queries/users.ts, setUserActive): no sign-in, session or token works.
    deactivatedAt: bigint('deactivated_at', { mode: 'number' }),
    // personNameKey(name) (lib/validation/common.ts): two people can't hold names that read the same.
    // Null only on a legacy account whose name already read as another's (db/queries/users.ts fillNameKeys).
    nameKey: text('name_key'),
  },
  (t) => [uniqueIndex('user_name_key_unique').on(t.nameKey)],
);

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const account = pgTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { mode: 'date', withTimezone: true, precision: 3 }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { mode: 'date', withTimezone: true, precision: 3 }),
    scope: text('scope'),
    password: text('password'),
    createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('account_user_idx').on(t.userId)],
);

export const verification = pgTable(
  'verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull(),
    createdAt: timestamp('created_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { mode: 'date', withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('verification_identifier_idx').on(t.identifier)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    // sha256 of the token; the token itself is shown once and never stored.
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    // 'api' acts as the person on the JSON API; 'feed' only reads the Atom feeds (it may sit in a feed URL).
    scope: text('scope', { enum: ['api', 'feed'] }).notNull().default('api'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    lastUsedAt: bigint('last_used_at', { mode: 'number' }),
    // When this API token was last refused in a feed URL (?token=): it has been shared with whatever fetched that URL.
    urlRefusedAt: bigint('url_refused_at', { mode: 'number' }),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId, t.id)],
);

/**
 * Invite links: sign-up is invite-only unless CANDOR_OPEN_SIGNUP=1. An org admin
 * decides the newcomer's function (and team) when inviting; the token is shown
 * once and only its sha256 is kept.
 */
export const invites = pgTable(
  'invites',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    tokenHash: text('token_hash').notNull().unique(),
    // When set, only this address may accept the invite.
    email: text('email'),
    function: text('function').notNull(),
    orgAdmin: boolean('org_admin').notNull().default(false),
    // Joined as a member on acceptance.
    teamId: bigint('team_id', { mode: 'number' }).references(() => teams.id, { onDelete: 'set null' }),
    createdBy: text('created_by')
      .notNull()
      .references(() => user.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    acceptedAt: bigint('accepted_at', { mode: 'number' }),
    acceptedBy: text('accepted_by').references(() => user.id),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
  },
  (t) => [index('invites_created_idx').on(t.createdAt, t.id)],
);

/**
 * Fixed-window counters for sign-in and other abuse-prone endpoints, kept in the
 * database so a restart (or a second process) does not reset them.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    count: bigint('count', { mode: 'number' }).notNull(),
    windowStart: bigint('window_start', { mode: 'number' }).notNull(),
  },
  (t) => [index('rate_limits_window_idx').on(t.windowStart)],
);

/** Organisation-wide settings as JSON values (e.g. "policyFloor"), set by org admins. */
export const orgSettings = pgTable('org_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: text('updated_by').references(() => user.id),
});

// ---------------------------------------------------------------- teams and the metric catalogue

export const teams = pgTable('teams', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  // Publish policy as JSON; parsed with lib/validation/policy.ts (defaults fill gaps).
  policy: text('policy').notNull().default('{}'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['member', 'admin'] }).notNull().default('member'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

export const metrics = pgTable(
  'metrics',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    key: text('key').notNull().unique(),
    name: text('name').notNull(),
    definition: text('definition').notNull(),
    kind: text('kind', { enum: ['north-star', 'primary', 'guardrail'] }).notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => user.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('metrics_owner_idx').on(t.ownerId)],
);

// ---------------------------------------------------------------- decisions and their revisions

export const decisions = pgTable(
  'decisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id),
    createdBy: text('created_by')
      .notNull()
      .references(() => user.id),
    status: text('status', {
      enum: ['draft', 'in-review', 'published', 'superseded', 'reversed', 'withdrawn'],
    })
      .notNull()
      .default('draft'),
    // Denormalised from the current revision so lists need no JSON parsing.
    title: text('title').notNull(),
    currentRevision: bigint('current_revision', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    // Last saved revision.
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    // Last event of any kind (save, comment, verdict, status change): orders the review feed.
    lastActivityAt: bigint('last_activity_at', { mode: 'number' }).notNull().default(0),
    // The highest revision at which a material section (lib/review.ts MATERIAL_SECTIONS) changed:
    // verdicts given on an earlier revision are stale.
    materialRevision: bigint('material_revision', { mode: 'number' }).notNull().default(1),
    // The highest revision at which data sources, methodology, metrics or evidence changed (lib/review.ts
    // evidenceRevision): a metric owner among the writers vouches at or after it. Lets "needs my review" test a column.
    evidenceRevision: bigint('evidence_revision', { mode: 'number' }).notNull().default(1),
    // Bitmask of the functions asked for review by open requests (lib/vocabulary.ts functionBit):
    // lets "needs my review" test a column instead of a subquery per decision.
    requestedFunctions: bigint('requested_functions', { mode: 'number' }).notNull().default(0),
    // Set while in review: since when (the publish gate's minimum window counts from here).
    inReviewSince: bigint('in_review_since', { mode: 'number' }),
    // When the last material change (lib/review.ts MATERIAL_SECTIONS) was saved: the review window counts from the
    // later of this and inReviewSince, so critics get the whole window with what will be published.
    materialChangedAt: bigint('material_changed_at', { mode: 'number' }),
    // The policy in force when the decision was circulated (JSON): the gate applies the stricter of it and the
    // policy in force now, so relaxing a team's policy mid-review doesn't relax the decisions already in review.
    reviewPolicy: text('review_policy'),
    // The revision current when the decision was first circulated ("what changed during review").
    firstCirculatedRevision: bigint('first_circulated_revision', { mode: 'number' }),
    // Copied from the current revision: outcome reviews come due by this date (YYYY-MM-DD).
    outcomeReviewDate: text('outcome_review_date'),
    // Publishing freezes a revision and records who reviewed it and who disagreed (JSON, see db/queries/publish.ts).
    publishedAt: bigint('published_at', { mode: 'number' }),
    publishedRevision: bigint('published_revision', { mode: 'number' }),
    publishedBy: text('published_by').references(() => user.id),
    publishSnapshot: text('publish_snapshot'),
    // The team policy in force at publish and where it fell below Candor's default gate (JSON, db/queries/publish.ts).
    publishPolicy: text('publish_policy'),
    // True when that policy was weaker than the default gate in any respect: pages, lists, export and API say so.
    publishedRelaxed: boolean('published_relaxed').notNull().default(false),
    supersedesId: bigint('supersedes_id', { mode: 'number' }),
    supersededById: bigint('superseded_by_id', { mode: 'number' }),
    // Withdrawn (with a reason) or reversed (with a rationale): who, when, why.
    closedAt: bigint('closed_at', { mode: 'number' }),
    closedBy: text('closed_by').references(() => user.id),
    closedReason: text('closed_reason'),
    // Imported from an ADR file: it did not pass Candor's gate, and says so. The original is kept as provenance.
    imported: boolean('imported').notNull().default(false),
    importSource: text('import_source'),
    importOriginal: text('import_original'),
    importMeta: text('import_meta'),
  },
  (t) => [
    uniqueIndex('decisions_import_source_uq').on(t.teamId, t.importSource),
    index('decisions_activity_idx').on(t.lastActivityAt, t.id),
    index('decisions_team_activity_idx').on(t.teamId, t.lastActivityAt, t.id),
    index('decisions_team_published_idx').on(t.teamId, t.publishedAt, t.id),
    index('decisions_outcome_due_idx').on(t.status, t.outcomeReviewDate),
    index('decisions_published_idx').on(t.publishedAt, t.id),
    index('decisions_updated_idx').on(t.updatedAt, t.id),
    index('decisions_team_updated_idx').on(t.teamId, t.updatedAt, t.id),
    index('decisions_status_updated_idx').on(t.status, t.updatedAt, t.id),
    index('decisions_status_activity_idx').on(t.status, t.lastActivityAt, t.id),
  ],
);

export const decisionAuthors = pgTable(
  'decision_authors',
  {
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id),
    addedAt: bigint('added_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.userId] }), index('decision_authors_user_idx').on(t.userId, t.decisionId)],
);

/**
 * "Relates to" links between decisions (supersede links live on the decision).
 * Undirected: stored once, the lower id first, and read from both ends.
 */
export const decisionLinks = pgTable(
  'decision_links',
  {
    lowId: bigint('low_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    highId: bigint('high_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    // Null when the organisation linked them (an import run from the CLI).
    createdBy: text('created_by').references(() => user.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.lowId, t.highId] }), index('decision_links_high_idx').on(t.highId, t.lowId), check('decision_links_order', sql`${t.lowId} < ${t.highId}`)],
);

export const revisions = pgTable(
  'revisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    number: bigint('number', { mode: 'number' }).notNull(),
    // The full, normalised content (lib/validation/decision.ts) as JSON.
    content: text('content').notNull(),
    // For every section, the revision number at which it last changed (lib/revisions.ts).
    sectionChangedAt: text('section_changed_at').notNull(),
    authorId: text('author_id')
      .notNull()
      .references(() => user.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  // Who wrote a decision's revisions (db/queries/facts.ts), read from the index alone: the rows carry the content.
  (t) => [uniqueIndex('revisions_decision_number_idx').on(t.decisionId, t.number), index('revisions_decision_author_idx').on(t.decisionId, t.authorId)],
);

// Derived from the current revision in the same transaction as every save: they let
// lists filter by tag and by cited metric through an index.
export const decisionTags = pgTable(
  'decision_tags',
  {
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.tag] }), index('decision_tags_tag_idx').on(t.tag, t.decisionId)],
);

export const decisionMetrics = pgTable(
  'decision_metrics',
  {
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    metricId: bigint('metric_id', { mode: 'number' })
      .notNull()
      .references(() => metrics.id),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.metricId] }), index('decision_metrics_metric_idx').on(t.metricId, t.decisionId)],
);

// ---------------------------------------------------------------- critique: requests, comments, verdicts

export const reviewRequests = pgTable(
  'review_requests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    // Exactly one of userId and function is set: a person, or "someone from <function>".
    userId: text('user_id').references(() => user.id),
    function: text('function'),
    // Why: 'author' (asked by the author) or 'metric-owner' (owns a cited metric).
    reason: text('reason', { enum: ['author', 'metric-owner'] }).notNull(),
    requestedBy: text('requested_by').references(() => user.id),
    // 1 while the decision is in review; the feed looks only at open requests.
    open: boolean('open').notNull().default(true),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('review_requests_user_uq').on(t.decisionId, t.userId),
    uniqueIndex('review_requests_function_uq').on(t.decisionId, t.function),
    index('review_requests_user_open_idx').on(t.userId, t.open, t.decisionId),
    index('review_requests_function_open_idx').on(t.function, t.open, t.decisionId),
  ],
);

/**
 * A metric owner who wrote the record (or co-authors it) gives it no verdict: they vouch instead that its sources,
 * methodology, metrics and evidence, as of `revision`, are right (lib/gate critique.metric-owners). One row per
 * owner and decision, their latest vouch; each vouch is also in the event log.
 */
export const evidenceVouches = pgTable(
  'evidence_vouches',
  {
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id),
    // The revision they last vouched for explicitly; 0: they haven't (since a hand-over, below).
    revision: bigint('revision', { mode: 'number' }).notNull(),
    // They became a cited metric's owner when this was the decision's revision: what they saved up to it doesn't vouch.
    floorRevision: bigint('floor_revision', { mode: 'number' }).notNull().default(0),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.userId] })],
);

export const comments = pgTable(
  'comments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    // Null for a thread's first comment; replies point at it.
    parentId: bigint('parent_id', { mode: 'number' }),
    authorId: text('author_id')
      .notNull()
      .references(() => user.id),
    // A content section key, or 'record' for the whole decision.
    section: text('section').notNull(),
    // question | suggestion | concern | blocking | endorsement (threads); 'reply' for replies.
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    // The revision current when the comment was written.
    revision: bigint('revision', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    editedAt: bigint('edited_at', { mode: 'number' }),
    deletedAt: bigint('deleted_at', { mode: 'number' }),
    // Thread state: open | resolved | overridden, with who, when and why.
    state: text('state', { enum: ['open', 'resolved', 'overridden'] }).notNull().default('open'),
    stateBy: text('state_by').references(() => user.id),
    stateAt: bigint('state_at', { mode: 'number' }),
    stateNote: text('state_note'),
    // Every resolve / reopen / override, oldest first (JSON array): dissent is never rewritten.
    history: text('history').notNull().default('[]'),
  },
  (t) => [index('comments_decision_idx').on(t.decisionId, t.parentId, t.id), index('comments_author_idx').on(t.authorId, t.id)],
);

export const commentEdits = pgTable(
  'comment_edits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    commentId: bigint('comment_id', { mode: 'number' })
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    // The body as it was before this edit.
    previousBody: text('previous_body').notNull(),
    editedAt: bigint('edited_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('comment_edits_comment_idx').on(t.commentId, t.id)],
);

export const reviews = pgTable(
  'reviews',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    reviewerId: text('reviewer_id')
      .notNull()
      .references(() => user.id),
    verdict: text('verdict', { enum: ['approve', 'request-changes', 'comment'] }).notNull(),
    body: text('body').notNull(),
    revision: bigint('revision', { mode: 'number' }).notNull(),
    // The reviewer's function when they gave it: history should not change if they move teams.
    reviewerFunction: text('reviewer_function').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('reviews_decision_reviewer_idx').on(t.decisionId, t.reviewerId, t.id), index('reviews_reviewer_idx').on(t.reviewerId, t.decisionId)],
);

// ---------------------------------------------------------------- events and the inbox

/** Append-only: everything that happened, who did it and when. Never updated or deleted. */
export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    decisionId: bigint('decision_id', { mode: 'number' }).references(() => decisions.id, { onDelete: 'cascade' }),
    teamId: bigint('team_id', { mode: 'number' }).references(() => teams.id),
    // Null when the organisation itself acted (the CLI, imports).
    actorId: text('actor_id').references(() => user.id),
    type: text('type').notNull(),
    data: text('data').notNull().default('{}'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('events_decision_idx').on(t.decisionId, t.id), index('events_team_idx').on(t.teamId, t.id)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    decisionId: bigint('decision_id', { mode: 'number' }).references(() => decisions.id, { onDelete: 'cascade' }),
    commentId: bigint('comment_id', { mode: 'number' }).references(() => comments.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').references(() => user.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    readAt: bigint('read_at', { mode: 'number' }),
    // Set once the notification went out by email (immediately or in a digest), or was skipped for email.
    emailedAt: bigint('emailed_at', { mode: 'number' }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`read_at IS NULL`),
    index('notifications_mentions_idx').on(t.userId, t.kind, t.decisionId),
    index('notifications_email_pending_idx').on(t.id).where(sql`emailed_at IS NULL`),
    // One outcome reminder per author and decision, however many writers race to add it (the inbox and the dispatcher).
    uniqueIndex('notifications_outcome_due_uq').on(t.userId, t.decisionId).where(sql`kind = 'outcome-due'`),
  ],
);

// ---------------------------------------------------------------- outcomes

/** What actually happened, recorded at the outcome review. The latest row is the current outcome. */
export const outcomes = pgTable(
  'outcomes',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    verdict: text('verdict', { enum: ['validated', 'invalidated', 'inconclusive'] }).notNull(),
    body: text('body').notNull(),
    evidence: text('evidence').notNull().default('[]'),
    authorId: text('author_id')
      .notNull()
      .references(() => user.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('outcomes_decision_idx').on(t.decisionId, t.id)],
);

// ---------------------------------------------------------------- outgoing webhooks

/** A team's outgoing webhook (Slack-compatible JSON), signed with HMAC-SHA256 using `secret`. */
export const teamWebhooks = pgTable(
  'team_webhooks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    // The signing secret must be readable to sign with; it is shown once and never returned by the API.
    secret: text('secret').notNull(),
    // JSON array of event types, e.g. ["decision.published","decision.superseded"].
    events: text('events').notNull().default('[]'),
    createdBy: text('created_by').references(() => user.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    disabledAt: bigint('disabled_at', { mode: 'number' }),
  },
  (t) => [index('team_webhooks_team_idx').on(t.teamId, t.id)],
);

/** The delivery outbox: written in the same transaction as the event, sent and retried by the dispatcher. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    webhookId: bigint('webhook_id', { mode: 'number' })
      .notNull()
      .references(() => teamWebhooks.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
    nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
    deliveredAt: bigint('delivered_at', { mode: 'number' }),
    failedAt: bigint('failed_at', { mode: 'number' }),
    lastStatus: bigint('last_status', { mode: 'number' }),
    lastError: text('last_error'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('webhook_deliveries_pending_idx').on(t.nextAttemptAt, t.id).where(sql`delivered_at IS NULL AND failed_at IS NULL`),
    index('webhook_deliveries_webhook_idx').on(t.webhookId, t.id),
  ],
);

// ---------------------------------------------------------------- autosave

/**
 * A person's unsaved edits to a decision, kept on the server as they type (one
 * row per person and decision) so work survives a crash or a change of device.
 * Saving a revision clears it; it never counts as a revision itself.
 */
export const draftAutosaves = pgTable(
  'draft_autosaves',
  {
    decisionId: bigint('decision_id', { mode: 'number' })
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    // The revision the edits started from (a newer saved revision means a conflict to resolve).
    baseRevision: bigint('base_revision', { mode: 'number' }).notNull(),
    // The form's content as JSON, not validated (it may be half-typed).
    content: text('content').notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.userId] })],
);
