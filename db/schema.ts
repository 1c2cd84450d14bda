import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/*
 * Candor's tables. Times in Candor's own tables are integer milliseconds since
 * the epoch (cheap to compare, exact in keyset cursors); better-auth's tables
 * use drizzle's timestamp_ms mode because the adapter hands it Date objects.
 */

const nowMs = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

// ---------------------------------------------------------------- accounts (better-auth)

export const user = sqliteTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: integer('email_verified', { mode: 'boolean' }).notNull().default(false),
  image: text('image'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(nowMs),
  function: text('function').notNull().default('product'),
  isOrgAdmin: integer('is_org_admin', { mode: 'boolean' }).notNull().default(false),
});

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
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId, t.id)],
);

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
  },
  (t) => [
    index('decisions_updated_idx').on(t.updatedAt, t.id),
    index('decisions_team_updated_idx').on(t.teamId, t.updatedAt, t.id),
    index('decisions_status_updated_idx').on(t.status, t.updatedAt, t.id),
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
  (t) => [uniqueIndex('revisions_decision_number_idx').on(t.decisionId, t.number)],
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
