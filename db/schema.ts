/*
 * The tables query code uses: SQLite's (db/schema-sqlite.ts) or PostgreSQL's
 * (db/schema-pg.ts), chosen once per process by DATABASE_URL. Both describe the
 * same tables, columns and JavaScript types; the query code is typed against
 * SQLite's, whose builder surface both engines share.
 */
import * as sqlite from './schema-sqlite';
import * as postgres from './schema-pg';
import { engine } from './engine';

const chosen = (engine() === 'pg' ? postgres : sqlite) as unknown as typeof sqlite;

export const user = chosen.user;
export const session = chosen.session;
export const account = chosen.account;
export const verification = chosen.verification;
export const apiTokens = chosen.apiTokens;
export const invites = chosen.invites;
export const rateLimits = chosen.rateLimits;
export const orgSettings = chosen.orgSettings;
export const teams = chosen.teams;
export const teamMembers = chosen.teamMembers;
export const metrics = chosen.metrics;
export const decisions = chosen.decisions;
export const decisionAuthors = chosen.decisionAuthors;
export const decisionLinks = chosen.decisionLinks;
export const revisions = chosen.revisions;
export const decisionTags = chosen.decisionTags;
export const decisionMetrics = chosen.decisionMetrics;
export const reviewRequests = chosen.reviewRequests;
export const evidenceVouches = chosen.evidenceVouches;
export const comments = chosen.comments;
export const commentEdits = chosen.commentEdits;
export const reviews = chosen.reviews;
export const events = chosen.events;
export const notifications = chosen.notifications;
export const outcomes = chosen.outcomes;
export const teamWebhooks = chosen.teamWebhooks;
export const webhookDeliveries = chosen.webhookDeliveries;
export const draftAutosaves = chosen.draftAutosaves;
