import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/*
 * Candor's tables. Times in Candor's own tables are integer milliseconds since
 * the epoch (cheap to compare, exact in keyset cursors); better-auth's tables
 * use drizzle's timestamp_ms mode because the adapter hands it Date objects.
 */

const nowMs = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

// ---------------------------------------------------------------- accounts (better-auth)

export const user = sqliteTable(
  'user',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email').notNull().unique(),
    emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
    image: text('image'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
    function: text('function').notNull().default('product'),
    // False while nobody trusted has decided the function: an account from open sign-up, or from single sign-on
    // without a usable function claim, until an org admin sets it. Its approvals don't count as cross-functional.
    functionConfirmed: integer('function_confirmed', { mode: 'boolean' }).notNull().default(true),
    isOrgAdmin: integer('is_org_admin', { mode: 'boolean' }).notNull().default(false),
    // Email notifications: 'off', 'immediate' or 'daily' (a digest). Only sent when SMTP is configured.
    emailNotifications: text('email_notifications').notNull().default('immediate'),
    lastDigestAt: integer('last_digest_at'),
    // Set by an organisation admin (db/queries/users.ts, setUserActive): no sign-in, session or token works.
    deactivatedAt: integer('deactivated_at'),
    // personNameKey(name) (lib/validation/common.ts): two people can't hold names that read the same.
    // Null only on a legacy account whose name already read as another's (db/queries/users.ts fillNameKeys).
    nameKey: text('name_key'),
  },
  (t) => [uniqueIndex('user_name_key_unique').on(t.nameKey)],
);

export const session = sqliteTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (t) => [index('session_user_idx').on(t.userId)],
);

export const account = sqliteTable(
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
    accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }),
    refreshTokenExpiresAt: integer('refresh_token_expires_at', { mode: 'timestamp_ms' }),
    scope: text('scope'),
    password: text('password'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
  },
  (t) => [index('account_user_idx').on(t.userId)],
);

export const verification = sqliteTable(
  'verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
  },
  (t) => [index('verification_identifier_idx').on(t.identifier)],
);

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    // sha256 of the token; the token itself is shown once and never stored.
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    // 'api' acts as the person on the JSON API; 'feed' only reads the Atom feeds (it may sit in a feed URL).
    scope: text('scope', { enum: ['api', 'feed'] }).notNull().default('api'),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    // When this API token was last refused in a feed URL (?token=): it has been shared with whatever fetched that URL.
    urlRefusedAt: integer('url_refused_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId, t.id)],
);

/**
 * Invite links: sign-up is invite-only unless CANDOR_OPEN_SIGNUP=1. An org admin
 * decides the newcomer's function (and team) when inviting; the token is shown
 * once and only its sha256 is kept.
 */
export const invites = sqliteTable(
  'invites',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull().unique(),
    // When set, only this address may accept the invite.
    email: text('email'),
    function: text('function').notNull(),
    orgAdmin: integer('org_admin', { mode: 'boolean' }).notNull().default(false),
    // Joined as a member on acceptance.
    teamId: integer('team_id').references(() => teams.id, { onDelete: 'set null' }),
    createdBy: text('created_by')
      .notNull()
      .references(() => user.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    acceptedAt: integer('accepted_at'),
    acceptedBy: text('accepted_by').references(() => user.id),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('invites_created_idx').on(t.createdAt, t.id)],
);

/**
 * Fixed-window counters for sign-in and other abuse-prone endpoints, kept in the
 * database so a restart (or a second process) does not reset them.
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    count: integer('count').notNull(),
    windowStart: integer('window_start').notNull(),
  },
  (t) => [index('rate_limits_window_idx').on(t.windowStart)],
);

/** Organisation-wide settings as JSON values (e.g. "policyFloor"), set by org admins. */
export const orgSettings = sqliteTable('org_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by').references(() => user.id),
});

// ---------------------------------------------------------------- teams and the metric catalogue

export const teams = sqliteTable('teams', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  // Publish policy as JSON; parsed with lib/validation/policy.ts (defaults fill gaps).
  policy: text('policy').notNull().default('{}'),
  createdAt: integer('created_at').notNull(),
});

export const teamMembers = sqliteTable(
  'team_members',
  {
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['member', 'admin'] }).notNull().default('member'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

export const metrics = sqliteTable(
  'metrics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    name: text('name').notNull(),
    definition: text('definition').notNull(),
    kind: text('kind', { enum: ['north-star', 'primary', 'guardrail'] }).notNull(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => user.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('metrics_owner_idx').on(t.ownerId)],
);

// ---------------------------------------------------------------- decisions and their revisions

export const decisions = sqliteTable(
  'decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
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
    currentRevision: integer('current_revision').notNull(),
    createdAt: integer('created_at').notNull(),
    // Last saved revision.
    updatedAt: integer('updated_at').notNull(),
    // Last event of any kind (save, comment, verdict, status change): orders the review feed.
    lastActivityAt: integer('last_activity_at').notNull().default(0),
    // The highest revision at which a material section (lib/review.ts MATERIAL_SECTIONS) changed:
    // verdicts given on an earlier revision are stale.
    materialRevision: integer('material_revision').notNull().default(1),
    // The highest revision at which data sources, methodology, metrics or evidence changed (lib/review.ts
    // evidenceRevision): a metric owner among the writers vouches at or after it. Lets "needs my review" test a column.
    evidenceRevision: integer('evidence_revision').notNull().default(1),
    // Bitmask of the functions asked for review by open requests (lib/vocabulary.ts functionBit):
    // lets "needs my review" test a column instead of a subquery per decision.
    requestedFunctions: integer('requested_functions').notNull().default(0),
    // Set while in review: since when (the publish gate's minimum window counts from here).
    inReviewSince: integer('in_review_since'),
    // When the last material change (lib/review.ts MATERIAL_SECTIONS) was saved: the review window counts from the
    // later of this and inReviewSince, so critics get the whole window with what will be published.
    materialChangedAt: integer('material_changed_at'),
    // The policy in force when the decision was circulated (JSON): the gate applies the stricter of it and the
    // policy in force now, so relaxing a team's policy mid-review doesn't relax the decisions already in review.
    reviewPolicy: text('review_policy'),
    // The revision current when the decision was first circulated ("what changed during review").
    firstCirculatedRevision: integer('first_circulated_revision'),
    // Copied from the current revision: outcome reviews come due by this date (YYYY-MM-DD).
    outcomeReviewDate: text('outcome_review_date'),
    // Publishing freezes a revision and records who reviewed it and who disagreed (JSON, see db/queries/publish.ts).
    publishedAt: integer('published_at'),
    publishedRevision: integer('published_revision'),
    publishedBy: text('published_by').references(() => user.id),
    publishSnapshot: text('publish_snapshot'),
    // The team policy in force at publish and where it fell below Candor's default gate (JSON, db/queries/publish.ts).
    publishPolicy: text('publish_policy'),
    // True when that policy was weaker than the default gate in any respect: pages, lists, export and API say so.
    publishedRelaxed: integer('published_relaxed', { mode: 'boolean' }).notNull().default(false),
    supersedesId: integer('supersedes_id'),
    supersededById: integer('superseded_by_id'),
    // Withdrawn (with a reason) or reversed (with a rationale): who, when, why.
    closedAt: integer('closed_at'),
    closedBy: text('closed_by').references(() => user.id),
    closedReason: text('closed_reason'),
    // Imported from an ADR file: it did not pass Candor's gate, and says so. The original is kept as provenance.
    imported: integer('imported', { mode: 'boolean' }).notNull().default(false),
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

export const decisionAuthors = sqliteTable(
  'decision_authors',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.userId] }), index('decision_authors_user_idx').on(t.userId, t.decisionId)],
);

/**
 * "Relates to" links between decisions (supersede links live on the decision).
 * Undirected: stored once, the lower id first, and read from both ends.
 */
export const decisionLinks = sqliteTable(
  'decision_links',
  {
    lowId: integer('low_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    highId: integer('high_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    // Null when the organisation linked them (an import run from the CLI).
    createdBy: text('created_by').references(() => user.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.lowId, t.highId] }), index('decision_links_high_idx').on(t.highId, t.lowId), check('decision_links_order', sql`${t.lowId} < ${t.highId}`)],
);

export const revisions = sqliteTable(
  'revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    // The full, normalised content (lib/validation/decision.ts) as JSON.
    content: text('content').notNull(),
    // For every section, the revision number at which it last changed (lib/revisions.ts).
    sectionChangedAt: text('section_changed_at').notNull(),
    authorId: text('author_id')
      .notNull()
      .references(() => user.id),
    createdAt: integer('created_at').notNull(),
  },
  // Who wrote a decision's revisions (db/queries/facts.ts), read from the index alone: the rows carry the content.
  (t) => [uniqueIndex('revisions_decision_number_idx').on(t.decisionId, t.number), index('revisions_decision_author_idx').on(t.decisionId, t.authorId)],
);

// Derived from the current revision in the same transaction as every save: they let
// lists filter by tag and by cited metric through an index.
export const decisionTags = sqliteTable(
  'decision_tags',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.tag] }), index('decision_tags_tag_idx').on(t.tag, t.decisionId)],
);

export const decisionMetrics = sqliteTable(
  'decision_metrics',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    metricId: integer('metric_id')
      .notNull()
      .references(() => metrics.id),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.metricId] }), index('decision_metrics_metric_idx').on(t.metricId, t.decisionId)],
);

// ---------------------------------------------------------------- critique: requests, comments, verdicts

export const reviewRequests = sqliteTable(
  'review_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    // Exactly one of userId and function is set: a person, or "someone from <function>".
    userId: text('user_id').references(() => user.id),
    function: text('function'),
    // Why: 'author' (asked by the author) or 'metric-owner' (owns a cited metric).
    reason: text('reason', { enum: ['author', 'metric-owner'] }).notNull(),
    requestedBy: text('requested_by').references(() => user.id),
    // 1 while the decision is in review; the feed looks only at open requests.
    open: integer('open', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
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
export const evidenceVouches = sqliteTable(
  'evidence_vouches',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id),
    // The revision they last vouched for explicitly; 0: they haven't (since a hand-over, below).
    revision: integer('revision').notNull(),
    // They became a cited metric's owner when this was the decision's revision: what they saved up to it doesn't vouch.
    floorRevision: integer('floor_revision').notNull().default(0),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.userId] })],
);

export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    // Null for a thread's first comment; replies point at it.
    parentId: integer('parent_id'),
    authorId: text('author_id')
      .notNull()
      .references(() => user.id),
    // A content section key, or 'record' for the whole decision.
    section: text('section').notNull(),
    // question | suggestion | concern | blocking | endorsement (threads); 'reply' for replies.
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    // The revision current when the comment was written.
    revision: integer('revision').notNull(),
    createdAt: integer('created_at').notNull(),
    editedAt: integer('edited_at'),
    deletedAt: integer('deleted_at'),
    // Thread state: open | resolved | overridden, with who, when and why.
    state: text('state', { enum: ['open', 'resolved', 'overridden'] }).notNull().default('open'),
    stateBy: text('state_by').references(() => user.id),
    stateAt: integer('state_at'),
    stateNote: text('state_note'),
    // Every resolve / reopen / override, oldest first (JSON array): dissent is never rewritten.
    history: text('history').notNull().default('[]'),
  },
  (t) => [index('comments_decision_idx').on(t.decisionId, t.parentId, t.id), index('comments_author_idx').on(t.authorId, t.id)],
);

export const commentEdits = sqliteTable(
  'comment_edits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    commentId: integer('comment_id')
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    // The body as it was before this edit.
    previousBody: text('previous_body').notNull(),
    editedAt: integer('edited_at').notNull(),
  },
  (t) => [index('comment_edits_comment_idx').on(t.commentId, t.id)],
);

export const reviews = sqliteTable(
  'reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    reviewerId: text('reviewer_id')
      .notNull()
      .references(() => user.id),
    verdict: text('verdict', { enum: ['approve', 'request-changes', 'comment'] }).notNull(),
    body: text('body').notNull(),
    revision: integer('revision').notNull(),
    // The reviewer's function when they gave it: history should not change if they move teams.
    reviewerFunction: text('reviewer_function').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('reviews_decision_reviewer_idx').on(t.decisionId, t.reviewerId, t.id), index('reviews_reviewer_idx').on(t.reviewerId, t.decisionId)],
);

// ---------------------------------------------------------------- events and the inbox

/** Append-only: everything that happened, who did it and when. Never updated or deleted. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id').references(() => decisions.id, { onDelete: 'cascade' }),
    teamId: integer('team_id').references(() => teams.id),
    // Null when the organisation itself acted (the CLI, imports).
    actorId: text('actor_id').references(() => user.id),
    type: text('type').notNull(),
    data: text('data').notNull().default('{}'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('events_decision_idx').on(t.decisionId, t.id), index('events_team_idx').on(t.teamId, t.id)],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    decisionId: integer('decision_id').references(() => decisions.id, { onDelete: 'cascade' }),
    commentId: integer('comment_id').references(() => comments.id, { onDelete: 'cascade' }),
    actorId: text('actor_id').references(() => user.id),
    createdAt: integer('created_at').notNull(),
    readAt: integer('read_at'),
    // Set once the notification went out by email (immediately or in a digest), or was skipped for email.
    emailedAt: integer('emailed_at'),
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
export const outcomes = sqliteTable(
  'outcomes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    verdict: text('verdict', { enum: ['validated', 'invalidated', 'inconclusive'] }).notNull(),
    body: text('body').notNull(),
    evidence: text('evidence').notNull().default('[]'),
    authorId: text('author_id')
      .notNull()
      .references(() => user.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('outcomes_decision_idx').on(t.decisionId, t.id)],
);

// ---------------------------------------------------------------- outgoing webhooks

/** A team's outgoing webhook (Slack-compatible JSON), signed with HMAC-SHA256 using `secret`. */
export const teamWebhooks = sqliteTable(
  'team_webhooks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    // The signing secret must be readable to sign with; it is shown once and never returned by the API.
    secret: text('secret').notNull(),
    // JSON array of event types, e.g. ["decision.published","decision.superseded"].
    events: text('events').notNull().default('[]'),
    createdBy: text('created_by').references(() => user.id),
    createdAt: integer('created_at').notNull(),
    disabledAt: integer('disabled_at'),
  },
  (t) => [index('team_webhooks_team_idx').on(t.teamId, t.id)],
);

/** The delivery outbox: written in the same transaction as the event, sent and retried by the dispatcher. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    webhookId: integer('webhook_id')
      .notNull()
      .references(() => teamWebhooks.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    deliveredAt: integer('delivered_at'),
    failedAt: integer('failed_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
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
export const draftAutosaves = sqliteTable(
  'draft_autosaves',
  {
    decisionId: integer('decision_id')
      .notNull()
      .references(() => decisions.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    // The revision the edits started from (a newer saved revision means a conflict to resolve).
    baseRevision: integer('base_revision').notNull(),
    // The form's content as JSON, not validated (it may be half-typed).
    content: text('content').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.userId] })],
);
