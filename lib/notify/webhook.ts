import { createHmac, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { cleanLine } from '../validation/common';

/*
 * Outgoing webhooks, the pure part: which events, the Slack-compatible
 * payload, the signature, the retry schedule and which addresses a webhook
 * may be sent to.
 */

export const WEBHOOK_EVENTS = ['decision.published', 'decision.superseded', 'decision.reversed', 'decision.withdrawn'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** "Send test" deliveries use this type; they are never subscribed to. */
export const TEST_EVENT = 'webhook.test';

export const isWebhookEvent = (t: string): t is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(t);

/** Delays before each retry after a failed attempt; after the last one the delivery is marked failed (6 attempts in all). */
export const RETRY_DELAYS_MS = [60e3, 5 * 60e3, 30 * 60e3, 2 * 3600e3, 6 * 3600e3] as const;

/** After `attempts` failed attempts: when to try again, or null to give up. */
export function nextAttemptAt(attempts: number, now: number): number | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : now + delay;
}

/** `sha256=<hex HMAC-SHA256 of "timestamp.body">`, sent as X-Candor-Signature beside X-Candor-Timestamp (unix seconds). */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time (and reject old timestamps to stop replays). */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string, opts: { now?: number; toleranceSec?: number } = {}): boolean {
  const ts = Number(timestamp);
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (!Number.isFinite(ts) || Math.abs(now - ts) > (opts.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type WebhookDecision = { id: number; title: string; url: string; status: string; team: { slug: string; name: string } };

export type WebhookPayload = {
  text: string;
  blocks: unknown[];
  event: string;
  occurredAt: string;
  actor: { name: string } | null;
  decision: WebhookDecision | null;
  data?: Record<string, unknown>;
};

/** Slack's mrkdwn treats &, < and > specially; everything else is literal. */
/** One line (a title stored before titles were one line can't add lines to the message), Slack-escaped. */
const slackEscape = (s: string) => cleanLine(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const VERB: Record<string, string> = {
  'decision.published': 'published',
  'decision.superseded': 'superseded',
  'decision.reversed': 'reversed',
  'decision.withdrawn': 'withdrew',
};

/** The body posted to a webhook: Slack-compatible (`text`, `blocks`) plus Candor's own fields. */
export function buildWebhookPayload(e: { event: string; decision: WebhookDecision | null; actorName: string | null; at: number; data?: Record<string, unknown>; supersededBy?: { id: number; title: string; url: string } | null }): WebhookPayload {
  const who = e.actorName ?? 'Candor';
  let text: string;
  if (e.event === TEST_EVENT || !e.decision) {
    text = 'Test delivery from Candor: this webhook works.';
  } else {
    const d = e.decision;
    const link = `<${d.url}|${slackEscape(d.title || `Decision #${d.id}`)}>`;
    if (e.event === 'decision.superseded') {
      text = e.supersededBy ? `${slackEscape(who)} superseded ${link} with <${e.supersededBy.url}|${slackEscape(e.supersededBy.title)}> (${slackEscape(d.team.name)})` : `${link} was superseded (${slackEscape(d.team.name)})`;
    } else {
      text = `${slackEscape(who)} ${VERB[e.event] ?? e.event} ${link} (${slackEscape(d.team.name)})`;
    }
  }
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    event: e.event,
    occurredAt: new Date(e.at).toISOString(),
    actor: e.actorName ? { name: e.actorName } : null,
    decision: e.decision,
    ...(e.data && Object.keys(e.data).length ? { data: e.data } : {}),
  };
}

/**
 * What kind of address `ip` is when a webhook may not be sent there ("this machine", "a private network",
 * …), or null for an ordinary public unicast address. A webhook makes the server post where a team admin
 * chose, so by default it may not reach this machine, the private network around it or the link-local
 * range where clouds serve instance credentials (169.254.169.254). IPv4 written inside IPv6
 * (`::ffff:10.0.0.1`) is judged as IPv4; IPv6 ranges that carry an IPv4 address to be translated (NAT64,
 * 6to4, Teredo) are refused, since that one could be private. Not an IP address at all: refused.
 */
export function privateRange(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return 'not an IP address';
  const address = ipaddr.process(ip);
  const range = address.range();
  if (range === 'unicast') {
    // IPv4-compatible IPv6 (`::127.0.0.1`, deprecated), which ipaddr.js counts as unicast.
    const compatible = address.kind() === 'ipv6' && (address as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0);
    return compatible ? 'a reserved range (IPv4-compatible)' : null;
  }
  const what: Record<string, string> = {
    loopback: 'this machine',
    private: 'a private network',
    uniqueLocal: 'a private network',
    linkLocal: 'the link-local range, where clouds serve instance credentials',
    carrierGradeNat: 'a carrier-grade NAT range',
    unspecified: 'no host',
  };
  return what[range] ?? `a reserved range (${range})`;
}

/** The address a URL's host names literally (`http://10.0.0.1/`, `http://[::1]/`), or null for a host name. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return ipaddr.isValid(host) ? host : null;
}

/** Host names that always mean this machine, whatever DNS says. */
export function isLocalName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

export const ALLOW_PRIVATE_HINT = 'webhooks go only to public addresses unless CANDOR_WEBHOOKS_ALLOW_PRIVATE=1';

/** Why a webhook's URL may not be posted to before anything is looked up (an address or local name in the URL), or null. */
export function refusedDestination(url: URL, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const literal = literalAddress(url);
  if (literal) {
    const range = privateRange(literal);
    return range && `${literal} is ${range}: ${ALLOW_PRIVATE_HINT}`;
  }
  return isLocalName(url.hostname) ? `${url.hostname} is this machine: ${ALLOW_PRIVATE_HINT}` : null;
}
