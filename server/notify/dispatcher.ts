import 'server-only';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import nodemailer from 'nodemailer';
import type { Db } from '@/db/client';
import { claimForEmail, markEmailSkipped, materializeAllOutcomesDue, pendingForDigest, pendingNotifications, recordDigestSent, releaseEmailClaim } from '@/db/queries/email';
import { claimDueDeliveries, recordDeliveryAttempt, type DueDelivery } from '@/db/queries/webhooks';
import { now as currentTime } from '@/lib/clock';
import { dispatchIntervalMs, mailFrom, publicUrl, smtpConfig, webhooksAllowPrivate, type SmtpConfig } from './config';
import { planDigest, planImmediate, type PlannedMail } from '@/lib/notify/email-plan';
import { ALLOW_PRIVATE_HINT, privateRange, refusedDestination, signWebhook } from '@/lib/notify/webhook';

/*
 * The in-process dispatcher: carries out the email plan over SMTP and posts
 * queued webhook deliveries. It runs on an interval inside the server
 * (instrumentation.ts → startDispatcher), from `candor notify send`, and from
 * tests. Nothing here runs inside a person's request: a failing SMTP server
 * or webhook receiver never breaks the action that caused the notification.
 */

export type Mail = { from: string; to: string; subject: string; text: string; html: string };
export type Mailer = { send(mail: Mail): Promise<void> };

/** A mailer over SMTP (nodemailer). */
export function smtpMailer(config: SmtpConfig): Mailer {
  const transport = 'url' in config ? nodemailer.createTransport(config.url) : nodemailer.createTransport({ host: config.host, port: config.port, secure: config.secure, auth: config.auth });
  return {
    async send(mail) {
      await transport.sendMail(mail);
    },
  };
}

export type EmailReport = { sent: number; digests: number; skipped: number; failed: number };

const PAGE = 200;
const PAGES_PER_PASS = 10;
// Where the next pass continues when a pass stopped before the end of the outbox (keyset over notifications.id).
const cursorState = globalThis as unknown as { candorEmailCursor?: number };

/** One pass over the email outbox. */
export async function dispatchEmail(db: Db, opts: { mailer: Mailer; now?: number; baseUrl?: string; from?: string }): Promise<EmailReport> {
  const now = opts.now ?? currentTime();
  const baseUrl = opts.baseUrl ?? publicUrl();
  const from = opts.from ?? mailFrom();
  const report: EmailReport = { sent: 0, digests: 0, skipped: 0, failed: 0 };
  await materializeAllOutcomesDue(db, { now });
  const digestUsers = new Set<string>();
  let afterId = cursorState.candorEmailCursor ?? 0;
  for (let page = 0; page < PAGES_PER_PASS; page++) {
    const rows = await pendingNotifications(db, { afterId, limit: PAGE });
    if (rows.length === 0) {
      afterId = 0;
      break;
    }
    afterId = rows[rows.length - 1]!.id;
    const plan = planImmediate(rows, { now, baseUrl });
    await markEmailSkipped(db, { ids: plan.skip, now });
    report.skipped += plan.skip.length;
    for (const u of plan.digestUsers) digestUsers.add(u);
    for (const m of plan.mails) {
      if (await send(db, opts.mailer, from, m, now)) report.sent += 1;
      else report.failed += 1;
    }
    if (rows.length < PAGE) {
      afterId = 0;
      break;
    }
  }
  cursorState.candorEmailCursor = afterId;
  for (const userId of digestUsers) {
    const { recipient, rows } = await pendingForDigest(db, { userId });
    if (!recipient) continue;
    const m = planDigest(recipient, rows, { now, baseUrl });
    if (!m) continue;
    if (await send(db, opts.mailer, from, m, now)) {
      await recordDigestSent(db, { userId, now });
      report.digests += 1;
    } else report.failed += 1;
  }
  return report;
}

async function send(db: Db, mailer: Mailer, from: string, m: PlannedMail, now: number): Promise<boolean> {
  const claimed = await claimForEmail(db, { ids: m.notificationIds, now });
  // Another dispatcher took these rows; whatever is left goes out with the next pass.
  if (claimed.length !== m.notificationIds.length) {
    await releaseEmailClaim(db, { ids: claimed });
    return true;
  }
  try {
    await mailer.send({ from, to: m.to, subject: m.subject, text: m.text, html: m.html });
    return true;
  } catch (e) {
    await releaseEmailClaim(db, { ids: claimed });
    console.error(`candor notify: mail to ${m.to} failed (will retry): ${(e as Error).message}`);
    return false;
  }
}

export type WebhookReport = { delivered: number; retried: number; failed: number };
/** Post every due webhook delivery (or just `ids`), signed; failures are scheduled again with backoff. */
export async function dispatchWebhooks(db: Db, opts: { now?: number; ids?: number[]; timeoutMs?: number } = {}): Promise<WebhookReport> {
  const report: WebhookReport = { delivered: 0, retried: 0, failed: 0 };
  const due = await claimDueDeliveries(db, { now: opts.now, ids: opts.ids, limit: 50 });
  const allowPrivate = webhooksAllowPrivate();
  // A few at a time: one slow receiver must not hold up the rest for long.
  for (let i = 0; i < due.length; i += 5) {
    await Promise.all(
      due.slice(i, i + 5).map(async (d) => {
        const result = await post(d, { timeoutMs: opts.timeoutMs ?? 10_000, allowPrivate });
        const outcome = await recordDeliveryAttempt(db, { id: d.id, ...result, now: opts.now });
        if (outcome === 'delivered') report.delivered += 1;
        else if (outcome === 'retry') report.retried += 1;
        else report.failed += 1;
      }),
    );
  }
  return report;
}

const REFUSED = 'EPRIVATEADDRESS';

const noPublicAddress = (hostname: string) => Object.assign(new Error(`${hostname} has no public address: ${ALLOW_PRIVATE_HINT}`), { code: REFUSED });

/**
 * Name resolution for a webhook's connection: unless private receivers are allowed, a name that resolves
 * to a private or reserved address is refused. The address checked is the one connected to (the socket
 * uses this lookup), so DNS that answers with a public address for a check and with 169.254.169.254 a
 * moment later gains nothing.
 */
function webhookLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(!allowPrivate && err.code === 'ENOTFOUND' ? noPublicAddress(hostname) : err, '', 0);
      // Which private address a name has (or that it has none) is not told: a team admin could map the network by it.
      if (!allowPrivate && addresses.some((a) => privateRange(a.address) !== null)) return callback(noPublicAddress(hostname), '', 0);
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

async function post(d: DueDelivery, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const url = new URL(d.url);
  const refused = refusedDestination(url, opts.allowPrivate);
  if (refused) return { ok: false, status: null, error: `Not sent: ${refused}` };
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(d.payload),
            'user-agent': 'Candor-Webhooks/1',
            'x-candor-event': d.eventType,
            'x-candor-delivery': String(d.id),
            'x-candor-timestamp': timestamp,
            'x-candor-signature': signWebhook(d.secret, timestamp, d.payload),
          },
          // Redirects are not followed (node:http never does): a receiver that moved is told by a failed delivery, and a redirect cannot bounce the post elsewhere.
          lookup: webhookLookup(opts.allowPrivate),
          agent: false, // a connection of its own, checked when it connects: deliveries are few
          signal,
        },
        (res) => {
          res.resume(); // the answer's body is not read
          resolve(res.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(d.payload);
    });
    return status >= 200 && status < 300 ? { ok: true, status, error: null } : { ok: false, status, error: `HTTP ${status}` };
  } catch (e) {
    const err = e as Error & { code?: string };
    const why = signal.aborted ? `No answer within ${opts.timeoutMs / 1000} s` : err.code === REFUSED ? `Not sent: ${err.message}` : (err.code ?? err.message);
    return { ok: false, status: null, error: why };
  }
}

/** One pass of both channels. Email only when SMTP is configured (or a mailer is given). */
export async function dispatchOnce(db: Db, opts: { mailer?: Mailer | null; now?: number } = {}): Promise<{ email: EmailReport | null; webhooks: WebhookReport }> {
  const config = smtpConfig();
  const mailer = opts.mailer !== undefined ? opts.mailer : config ? cachedMailer(config) : null;
  const email = mailer ? await dispatchEmail(db, { mailer, now: opts.now }) : null;
  const webhooks = await dispatchWebhooks(db, { now: opts.now });
  return { email, webhooks };
}

const state = globalThis as unknown as { candorMailer?: Mailer; candorDispatcher?: NodeJS.Timeout; candorDispatching?: boolean };

function cachedMailer(config: SmtpConfig): Mailer {
  state.candorMailer ??= smtpMailer(config);
  return state.candorMailer;
}

/** Start the interval once per process. Each pass is skipped while the previous one is still running. */
export function startDispatcher(getDb: () => Db): void {
  if (state.candorDispatcher) return;
  const tick = async () => {
    if (state.candorDispatching) return;
    state.candorDispatching = true;
    try {
      await dispatchOnce(getDb());
    } catch (e) {
      console.error('candor notify: dispatch pass failed', e);
    } finally {
      state.candorDispatching = false;
    }
  };
  state.candorDispatcher = setInterval(tick, dispatchIntervalMs());
  state.candorDispatcher.unref?.();
}
