import { SECTION_LABELS } from '@/lib/revisions';
import { commentHref } from '@/lib/review';
import { cleanLine } from '@/lib/validation/common';
import { escapeHtml, excerpt, headerSafe } from './text';

/*
 * What to mail, decided from plain rows of the notifications outbox. No
 * database, no SMTP: the dispatcher (server/notify/dispatcher.ts) feeds rows in
 * and carries the plan out. Rules:
 * - only what asks the person to act mails: review requests, a verdict of theirs
 *   gone stale, a vouch for the evidence asked or gone stale, mentions,
 *   blocking objections and due outcomes;
 *   every other kind, and everything for people who turned email off, is
 *   marked handled without a mail;
 * - a notification older than a day when the dispatcher first sees it (two
 *   days for daily-digest readers) is marked handled without a mail, so
 *   turning SMTP on later never mails old history;
 * - "immediate": one mail per person and decision per pass, grouping what
 *   happened on that decision;
 * - "daily": one digest a day listing everything pending.
 */

export const MAILED_KINDS = ['review-requested', 'verdict-stale', 'vouch-requested', 'vouch-stale', 'mention', 'objection', 'outcome-due'] as const;
export const EMAIL_PREFERENCES = ['immediate', 'daily', 'off'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];

const HOUR = 3600e3;
export const DAY = 24 * HOUR;
/** How old a notification may be when first seen and still mail. */
export const MAX_AGE_MS: Record<EmailPreference, number> = { immediate: DAY, daily: 2 * DAY, off: 0 };

export type Recipient = { id: string; email: string; name: string; preference: string; lastDigestAt: number | null };

export type PendingNotification = {
  id: number;
  kind: string;
  createdAt: number;
  recipient: Recipient;
  decision: { id: number; title: string; team: string } | null;
  actorName: string | null;
  comment: { id: number; kind: string; section: string; body: string } | null;
};

export type PlannedMail = { userId: string; to: string; subject: string; text: string; html: string; notificationIds: number[]; digest: boolean };

export type EmailPlan = {
  mails: PlannedMail[];
  /** Handled without a mail. */
  skip: number[];
  /** Daily-digest readers with something pending: the dispatcher asks planDigest about each. */
  digestUsers: string[];
};

const mailed = (kind: string) => (MAILED_KINDS as readonly string[]).includes(kind);
const pref = (p: string): EmailPreference => ((EMAIL_PREFERENCES as readonly string[]).includes(p) ? (p as EmailPreference) : 'immediate');

/** Sort the pass's pending rows into mails now, rows to drop, and digests to consider. */
export function planImmediate(rows: PendingNotification[], opts: { now: number; baseUrl: string }): EmailPlan {
  const skip: number[] = [];
  const digestUsers = new Set<string>();
  const groups = new Map<string, PendingNotification[]>();
  for (const r of rows) {
    const p = pref(r.recipient.preference);
    if (!mailed(r.kind) || p === 'off' || !r.decision || opts.now - r.createdAt > MAX_AGE_MS[p]) {
      skip.push(r.id);
      continue;
    }
    if (p === 'daily') {
      digestUsers.add(r.recipient.id);
      continue;
    }
    const key = `${r.recipient.id}\u0000${r.decision.id}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const mails = [...groups.values()].map((g) => decisionMail(g, opts.baseUrl));
  return { mails, skip, digestUsers: [...digestUsers] };
}

/** A digest is due a day after the last one (or a day after the oldest pending item, for a first digest). */
export function digestDue(recipient: Recipient, rows: { createdAt: number }[], now: number): boolean {
  if (rows.length === 0) return false;
  const since = recipient.lastDigestAt ?? Math.min(...rows.map((r) => r.createdAt));
  return now - since >= DAY;
}

/** The daily digest for one person, or null when it is not due yet (or there is nothing to say). */
export function planDigest(recipient: Recipient, rows: PendingNotification[], opts: { now: number; baseUrl: string }): PlannedMail | null {
  const items = rows.filter((r) => mailed(r.kind) && r.decision && r.recipient.id === recipient.id).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  if (pref(recipient.preference) !== 'daily' || !digestDue(recipient, items, opts.now)) return null;
  const byDecision = new Map<number, PendingNotification[]>();
  for (const r of items) byDecision.set(r.decision!.id, [...(byDecision.get(r.decision!.id) ?? []), r]);
  const n = items.length;
  const subject = headerSafe(`[Candor] Your daily digest: ${n} update${n === 1 ? '' : 's'} on ${byDecision.size} decision${byDecision.size === 1 ? '' : 's'}`);
  const name = cleanLine(recipient.name);
  const textParts: string[] = [`Hello ${name},`, '', 'Here is what happened in Candor since your last digest.', ''];
  const htmlParts: string[] = [`<p>Hello ${escapeHtml(name)},</p>`, '<p>Here is what happened in Candor since your last digest.</p>'];
  for (const group of byDecision.values()) {
    const d = group[0]!.decision!;
    const url = `${opts.baseUrl}/decisions/${d.id}`;
    const title = titleOf(d);
    const team = cleanLine(d.team);
    textParts.push(`${title} (${team})`, url);
    htmlParts.push(`<h2 style="font-size:1.05em;margin:1.2em 0 .4em"><a href="${escapeHtml(url)}">${escapeHtml(title)}</a> <small>(${escapeHtml(team)})</small></h2>`, '<ul>');
    for (const r of group) {
      const item = describe(r, opts.baseUrl);
      textParts.push(`  - ${item.sentence}`, ...(item.quote ? [`    “${item.quote}”`] : []), `    ${item.link}`);
      htmlParts.push(`<li>${escapeHtml(item.sentence)}${item.quote ? `<blockquote style="margin:.3em 0 .3em 1em;color:#444">${escapeHtml(item.quote)}</blockquote>` : ''} <a href="${escapeHtml(item.link)}">Open</a></li>`);
    }
    textParts.push('');
    htmlParts.push('</ul>');
  }
  return mail(recipient, subject, textParts, htmlParts, opts.baseUrl, items.map((r) => r.id), true);
}

type Described = { sentence: string; quote: string | null; link: string };

/*
 * Titles and names go into the mail's text/plain part as they are, so each is made one line here, whatever
 * was stored (titles saved before the title schema made them one line could hold line breaks and write a
 * paragraph of their own, such as a fake "Open it:" link).
 */
const titleOf = (d: { id: number; title: string }) => cleanLine(d.title) || `decision #${d.id}`;
const actorOf = (r: PendingNotification) => (r.actorName ? cleanLine(r.actorName) : '') || 'Someone';

function describe(r: PendingNotification, baseUrl: string): Described {
  const who = actorOf(r);
  const title = `“${titleOf(r.decision!)}”`;
  const where = r.comment ? ` on ${r.comment.section === 'record' ? 'the whole decision' : (SECTION_LABELS[r.comment.section as keyof typeof SECTION_LABELS] ?? r.comment.section)}` : '';
  const link = `${baseUrl}${r.comment ? commentHref(r.decision!.id, r.comment.id) : `/decisions/${r.decision!.id}`}`;
  const quote = r.comment ? excerpt(r.comment.body) : null;
  switch (r.kind) {
    case 'review-requested':
      return { sentence: `${who} asked you to review ${title}.`, quote: null, link };
    case 'verdict-stale':
      return { sentence: `${who} changed ${title} after your verdict: it no longer counts until you give it again.`, quote: null, link: `${link}#your-review` };
    case 'vouch-requested':
      return { sentence: `${who} needs your vouch for the evidence of ${title}: you own a metric it cites and wrote or co-author it, so you vouch instead of reviewing.`, quote: null, link: `${link}#your-vouch` };
    case 'vouch-stale':
      return { sentence: `${who} changed the evidence of ${title} after you vouched for it: as the owner of a metric it cites, vouch for it again.`, quote: null, link: `${link}#your-vouch` };
    case 'mention':
      return { sentence: `${who} mentioned you in ${r.comment?.kind === 'blocking' ? 'a blocking objection' : 'a comment'}${where} of ${title}.`, quote, link };
    case 'objection':
      return { sentence: `${who} raised a blocking objection${where} of ${title}. It must be resolved or overridden before publishing.`, quote, link };
    case 'outcome-due':
      return { sentence: `The outcome review of ${title} is due: record whether it worked.`, quote: null, link: `${baseUrl}/decisions/${r.decision!.id}#outcome` };
    default:
      return { sentence: `${who} acted on ${title}.`, quote, link };
  }
}

function subjectFor(group: PendingNotification[]): string {
  const title = `“${titleOf(group[0]!.decision!)}”`;
  if (group.length > 1) return `[Candor] ${group.length} updates on ${title}`;
  const r = group[0]!;
  const who = actorOf(r);
  switch (r.kind) {
    case 'review-requested':
      return `[Candor] ${who} asked you to review ${title}`;
    case 'verdict-stale':
      return `[Candor] Your verdict on ${title} no longer counts`;
    case 'vouch-requested':
      return `[Candor] ${who} needs your vouch for ${title}`;
    case 'vouch-stale':
      return `[Candor] Vouch again for ${title}`;
    case 'mention':
      return `[Candor] ${who} mentioned you on ${title}`;
    case 'objection':
      return `[Candor] Blocking objection on ${title}`;
    case 'outcome-due':
      return `[Candor] Outcome review due: ${title}`;
    default:
      return `[Candor] Update on ${title}`;
  }
}

function decisionMail(group: PendingNotification[], baseUrl: string): PlannedMail {
  const sorted = [...group].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const r0 = sorted[0]!;
  const d = r0.decision!;
  const name = cleanLine(r0.recipient.name);
  const textParts: string[] = [`Hello ${name},`, ''];
  const htmlParts: string[] = [`<p>Hello ${escapeHtml(name)},</p>`];
  for (const r of sorted) {
    const item = describe(r, baseUrl);
    textParts.push(item.sentence, ...(item.quote ? ['', `  “${item.quote}”`] : []), '', `Open it: ${item.link}`, '');
    htmlParts.push(
      `<p>${escapeHtml(item.sentence)}</p>`,
      ...(item.quote ? [`<blockquote style="margin:.5em 0 .5em 1em;padding-left:.8em;border-left:3px solid #ccc;color:#444">${escapeHtml(item.quote)}</blockquote>`] : []),
      `<p><a href="${escapeHtml(item.link)}">Open it in Candor</a></p>`,
    );
  }
  textParts.push(`Decision: ${titleOf(d)} (${cleanLine(d.team)})`);
  return mail(r0.recipient, headerSafe(subjectFor(sorted)), textParts, htmlParts, baseUrl, sorted.map((r) => r.id), false);
}

function mail(recipient: Recipient, subject: string, textParts: string[], htmlParts: string[], baseUrl: string, ids: number[], digest: boolean): PlannedMail {
  const settings = `${baseUrl}/settings`;
  const footer = `You get these mails because of your email preference in Candor (${digest ? 'daily digest' : 'immediate'}). Change it: ${settings}`;
  return {
    userId: recipient.id,
    to: recipient.email,
    subject,
    text: [...textParts, '', '—', footer, ''].join('\n'),
    html: `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.45;color:#111">${htmlParts.join('\n')}<hr><p style="color:#666;font-size:.85em">${escapeHtml(footer.replace(/ Change it: .*$/, ''))} <a href="${escapeHtml(settings)}">Change it</a>.</p></body></html>`,
    notificationIds: ids,
    digest,
  };
}
