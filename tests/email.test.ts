import { and, eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { addComment } from '@/db/queries/comments';
import { addAuthor, createDecision, updateDecision } from '@/db/queries/decisions';
import { getEmailPreference, pendingForDigest, updateEmailPreference } from '@/db/queries/email';
import { listInbox } from '@/db/queries/inbox';
import { publish } from '@/db/queries/publish';
import { circulate, submitReview, vouchForEvidence } from '@/db/queries/review';
import { addMember } from '@/db/queries/teams';
import { setUserActive } from '@/db/queries/users';
import { decisions, notifications } from '@/db/schema';
import { resetClock, setClock } from '@/lib/clock';
import { AppError } from '@/lib/errors';
import { planDigest, type PendingNotification } from '@/lib/notify/email-plan';
import { dispatchEmail, dispatchOnce, smtpMailer, type Mailer } from '@/server/notify/dispatcher';
import { escapeHtml, excerpt } from '@/lib/notify/text';
import { cleanLine } from '@/lib/validation/common';
import { makeUser, makeWorkspace, testDb } from './helpers/db';
import { createDemoMetrics, demoContent, readyToPublish, relaxGate } from './helpers/publishing';
import { startSmtp } from './support/smtp';

/*
 * Email notifications end to end: the data layer writes notifications, the
 * dispatcher plans and sends them over SMTP to a real SMTP server on
 * 127.0.0.1 started here, and the mails are parsed back.
 */

const HOUR = 3600e3;
const BASE = 'https://candor.example.com';
const db = await testDb();
const ws = await makeWorkspace(db);
// The demo content cites these; the data scientist owns them (and so is asked to review every circulated draft).
await createDemoMetrics(db, ws.ds);
const smtp = await startSmtp();
afterAll(() => smtp.close());
const mailer = smtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false });
const dispatch = (at = Date.now(), m: Mailer = mailer) => dispatchEmail(db, { mailer: m, now: at, baseUrl: BASE, from: 'Candor <candor@example.com>' });

beforeEach(async () => {
  // Earlier tests' leftovers must not leak into the next test's mailbox.
  await dispatch(Date.now() + 72 * HOUR);
  smtp.mails.length = 0;
});

let n = 0;
async function draft(title: string) {
  const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: demoContent(Date.now(), { title: `${title} ${++n}` }) });
  return { id: d.id, title: `${title} ${n}` };
}
const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));

describe('email notifications', () => {
  it('mails a review request to the reviewer with the decision, who asked, and a link', async () => {
    const d = await draft('Move checkout to one page');
    await circulate(db, ws.pm, { id: d.id, reviewers: [ws.eng.email] });
    const report = await dispatch();
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const [mail, ...rest] = mailsTo(ws.eng.email);
    expect(rest).toHaveLength(0);
    expect(mail!.subject).toBe(`[Candor] Priya PM asked you to review “${d.title}”`);
    expect(mail!.from).toContain('candor@example.com');
    expect(mail!.text).toContain(`${BASE}/decisions/${d.id}`);
    expect(mail!.html).toContain(`href="${BASE}/decisions/${d.id}"`);
    // Sent once: the next pass has nothing for them.
    smtp.mails.length = 0;
    await dispatch();
    expect(mailsTo(ws.eng.email)).toHaveLength(0);
  });

  it('mails a metric owner who co-writes a decision that it waits for their vouch, and a reviewer and that owner again when the evidence changes', async () => {
    const d = await draft('Vouch and verdict by mail');
    await addAuthor(db, ws.pm, { id: d.id, email: ws.ds.email });
    await circulate(db, ws.pm, { id: d.id, reviewers: [ws.eng.email] });
    await dispatch();
    const asked = mailsTo(ws.ds.email);
    expect(asked.map((m) => m.subject)).toEqual([`[Candor] Priya PM needs your vouch for “${d.title}”`]);
    expect(asked[0]!.text).toContain('you own a metric it cites and wrote or co-author it, so you vouch instead of reviewing');
    expect(asked[0]!.text).toContain(`${BASE}/decisions/${d.id}#your-vouch`);

    // He vouches and the engineer approves; then the PM changes the methodology.
    await vouchForEvidence(db, ws.ds, { id: d.id, revision: 1 });
    await submitReview(db, ws.eng, { id: d.id, verdict: 'approve', body: 'The rollout plan is sound.' });
    await dispatch();
    smtp.mails.length = 0;
    await updateDecision(db, ws.pm, { id: d.id, baseRevision: 1, content: { methodology: `${demoContent(Date.now()).methodology} The first week was dropped as novelty.` } });
    await dispatch();
    expect(mailsTo(ws.ds.email).map((m) => m.subject)).toEqual([`[Candor] Vouch again for “${d.title}”`]);
    expect(mailsTo(ws.ds.email)[0]!.text).toContain(`${BASE}/decisions/${d.id}#your-vouch`);
    const stale = mailsTo(ws.eng.email);
    expect(stale.map((m) => m.subject)).toEqual([`[Candor] Your verdict on “${d.title}” no longer counts`]);
    expect(stale[0]!.text).toContain(`Priya PM changed “${d.title}” after your verdict: it no longer counts until you give it again.`);
    expect(stale[0]!.text).toContain(`${BASE}/decisions/${d.id}#your-review`);
  });

  it('sends nothing to someone who turned email off, and keeps their inbox', async () => {
    const quiet = await makeUser(db, { name: 'Quinn Quiet', function: 'engineering' });
    await updateEmailPreference(db, quiet, { emailNotifications: 'off' });
    const d = await draft('Quiet review');
    await circulate(db, ws.pm, { id: d.id, reviewers: [quiet.email] });
    await dispatch();
    expect(mailsTo(quiet.email)).toHaveLength(0);
    const inbox = await listInbox(db, quiet, {});
    expect(inbox.items.map((i) => i.kind)).toEqual(['review-requested']);
  });

  it('groups a blocking objection and a mention on one decision into one mail, escaping what people wrote', async () => {
    const d = await draft('Grouped updates');
    await circulate(db, ws.pm, { id: d.id, reviewers: [ws.ds.email] });
    await dispatch();
    smtp.mails.length = 0;
    await addComment(db, ws.ds, { id: d.id, section: 'methodology', kind: 'blocking', body: 'The **holdout** is not randomised <script>alert(1)</script>' });
    const local = ws.pm.email.split('@')[0];
    await addComment(db, ws.eng, { id: d.id, section: 'risks', kind: 'question', body: `@${local} who owns the rollback?` });
    await dispatch();
    const mails = mailsTo(ws.pm.email);
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.subject).toBe(`[Candor] 2 updates on “${d.title}”`);
    expect(m.text).toContain('Dev Data raised a blocking objection on Methodology');
    expect(m.text).toContain('The holdout is not randomised');
    expect(m.text).toContain('Eli Eng mentioned you in a comment');
    expect(m.text).toMatch(new RegExp(`${BASE}/decisions/${d.id}\\?thread=\\d+#comment-\\d+`));
    expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(m.html).not.toContain('<script>');
    // The inbox names the objection too.
    const inbox = await listInbox(db, ws.pm, {});
    expect(inbox.items.filter((i) => i.decision?.id === d.id).map((i) => i.kind)).toEqual(['mention', 'objection']);
  });

  it('collects a daily digest and sends it once a day', async () => {
    const daily = await makeUser(db, { name: 'Dora Daily', function: 'data-science' });
    await updateEmailPreference(db, daily, { emailNotifications: 'daily' });
    const a = await draft('Digest one');
    const b = await draft('Digest two');
    await circulate(db, ws.pm, { id: a.id, reviewers: [daily.email] });
    await circulate(db, ws.pm, { id: b.id, reviewers: [daily.email] });
    const t0 = Date.now();
    await dispatch(t0 + HOUR);
    expect(mailsTo(daily.email)).toHaveLength(0);
    await dispatch(t0 + 25 * HOUR);
    const digests = mailsTo(daily.email);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('[Candor] Your daily digest: 2 updates on 2 decisions');
    expect(digests[0]!.text).toContain(a.title);
    expect(digests[0]!.text).toContain(b.title);
    expect(digests[0]!.text).toContain(`${BASE}/decisions/${b.id}`);
    expect((await getEmailPreference(db, daily)).lastDigestAt).toBe(new Date(t0 + 25 * HOUR).toISOString());
    await dispatch(t0 + 26 * HOUR);
    expect(mailsTo(daily.email)).toHaveLength(1);
  });

  it('never mails history older than a day when email is turned on', async () => {
    const late = await makeUser(db, { name: 'Lars Late', function: 'engineering' });
    const d = await draft('Old request');
    setClock(() => Date.now() - 3 * 24 * HOUR);
    try {
      await circulate(db, ws.pm, { id: d.id, reviewers: [late.email] });
    } finally {
      resetClock();
    }
    const report = await dispatch();
    expect(mailsTo(late.email)).toHaveLength(0);
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    const rows = await db.select({ emailedAt: notifications.emailedAt }).from(notifications).where(eq(notifications.userId, late.id));
    expect(rows.length).toBe(1);
    expect(rows[0]!.emailedAt).not.toBeNull();
  });

  it('keeps a notification queued while SMTP is down and sends it when it is back', async () => {
    const d = await draft('SMTP outage');
    // The person's action succeeds whatever the mail server does: mail is sent later, from the outbox.
    await circulate(db, ws.pm, { id: d.id, reviewers: [ws.designer.email] });
    const down = smtpMailer({ host: '127.0.0.1', port: 1, secure: false });
    const failed = await dispatch(Date.now(), down);
    expect(failed.failed).toBeGreaterThanOrEqual(1);
    expect(mailsTo(ws.designer.email)).toHaveLength(0);
    await dispatch();
    expect(mailsTo(ws.designer.email).map((m) => m.subject)).toEqual([`[Candor] Priya PM asked you to review “${d.title}”`]);
  });

  it('refuses an unknown preference with a message on the field', async () => {
    const err = await updateEmailPreference(db, ws.eng, { emailNotifications: 'hourly' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).issues?.[0]).toMatchObject({ path: 'emailNotifications', message: 'Choose immediately, a daily digest or off' });
    expect((await getEmailPreference(db, ws.eng)).emailNotifications).toBe('immediate');
  });
});

/*
 * Someone who left is deactivated: nothing more is mailed to them. Outcome reviews coming due are written
 * by the dispatcher itself (not through notify()), and the outbox may still hold a row written by a
 * transaction that raced the deactivation: neither reaches them.
 */
describe('someone deactivated', () => {
  const DAY = 24 * HOUR;

  it('is not mailed the outcome review that comes due on their decision; a co-author still working here is', async () => {
    await relaxGate(db, ws.admin, ws.team.slug);
    const author = await makeUser(db, { name: 'Ada Author', function: 'product' });
    const coAuthor = await makeUser(db, { name: 'Cole Coauthor', function: 'engineering' });
    for (const u of [author, coAuthor]) await addMember(db, ws.admin, ws.team.slug, { email: u.email });
    const at = Date.now();
    const title = `Outcome due for a leaver ${++n}`;
    const id = await readyToPublish(db, at, { team: ws.team.slug, author, reviewer: ws.ds, content: { title } });
    await addAuthor(db, author, { id, email: coAuthor.email });
    await publish(db, author, { id });
    await setUserActive(db, ws.admin, author.id, { active: false });
    smtp.mails.length = 0;

    // What `candor notify send` runs, on the day after the review date (demoContent: 90 days after publishing).
    const report = await dispatchOnce(db, { mailer, now: at + 91 * DAY });
    expect(report.email?.failed).toBe(0);
    expect(mailsTo(author.email)).toHaveLength(0);
    expect(mailsTo(coAuthor.email).map((m) => m.subject)).toEqual([`[Candor] Outcome review due: “${title}”`]);
    const reminders = await db.select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.decisionId, id), eq(notifications.kind, 'outcome-due')));
    expect(reminders.map((r) => r.userId)).toEqual([coAuthor.id]);
  });

  it('is not mailed what was still pending for them, immediately or in a digest', async () => {
    const leaver = await makeUser(db, { name: 'Lena Leaver', function: 'engineering' });
    const dailyLeaver = await makeUser(db, { name: 'Dirk Daily', function: 'design' });
    await updateEmailPreference(db, dailyLeaver, { emailNotifications: 'daily' });
    const d = await draft('Pending for leavers');
    const t0 = Date.now();
    for (const u of [leaver, dailyLeaver]) await setUserActive(db, ws.admin, u.id, { active: false });
    // Rows that got into the outbox past the deactivation's clean-up (a transaction that raced it).
    await db.insert(notifications).values([leaver, dailyLeaver].map((u) => ({ userId: u.id, kind: 'review-requested', decisionId: d.id, actorId: ws.pm.id, createdAt: t0 })));
    await dispatch(t0 + HOUR);
    await dispatch(t0 + 25 * HOUR);
    expect(mailsTo(leaver.email)).toHaveLength(0);
    expect(mailsTo(dailyLeaver.email)).toHaveLength(0);
    expect(await pendingForDigest(db, { userId: dailyLeaver.id })).toEqual({ recipient: null, rows: [] });
  });

  it('is not mailed, on coming back, what was pending when they left (it stays in their inbox)', async () => {
    const returner = await makeUser(db, { name: 'Rory Returner', function: 'engineering' });
    await addMember(db, ws.admin, ws.team.slug, { email: returner.email });
    const d = await draft('Pending when they left');
    await circulate(db, ws.pm, { id: d.id, reviewers: [returner.email] });
    await setUserActive(db, ws.admin, returner.id, { active: false });
    await setUserActive(db, ws.admin, returner.id, { active: true });
    await dispatch();
    expect(mailsTo(returner.email)).toHaveLength(0);
    expect((await listInbox(db, returner, {})).items.map((i) => i.kind)).toContain('review-requested');
  });
});

/*
 * A title stored with line breaks (before titles were made one line) must not write lines of its own
 * into a mail's plain text, such as a fake "Open it:" link.
 */
describe('titles and names in mails', () => {
  const INJECTED = 'Ship it\r\n\r\nOpen it: http://evil.test/login\u2028\tThanks';

  it('are one line in an immediate mail, whatever the stored title holds', async () => {
    const d = await draft('Multi-line title');
    await db.update(decisions).set({ title: INJECTED }).where(eq(decisions.id, d.id));
    await circulate(db, ws.pm, { id: d.id, reviewers: [ws.eng.email] });
    await dispatch();
    const [mail] = mailsTo(ws.eng.email);
    expect(mail!.subject).toBe('[Candor] Priya PM asked you to review “Ship it Open it: http://evil.test/login Thanks”');
    const lines = mail!.text.split('\n');
    expect(lines).toContain('Priya PM asked you to review “Ship it Open it: http://evil.test/login Thanks”.');
    expect(lines).toContain(`Decision: Ship it Open it: http://evil.test/login Thanks (${ws.team.name})`);
    expect(lines.filter((l) => l.startsWith('Open it:'))).toEqual([`Open it: ${BASE}/decisions/${d.id}`]);
    expect(mail!.text).not.toContain('\u2028');
  });

  it('are one line in a daily digest', () => {
    const row: PendingNotification = {
      id: 1,
      kind: 'outcome-due',
      createdAt: 0,
      recipient: { id: 'u1', email: 'dora@example.com', name: 'Dora\nDaily', preference: 'daily', lastDigestAt: null },
      decision: { id: 7, title: INJECTED, team: 'Growth' },
      actorName: 'Eve\u2029Evil',
      comment: null,
    };
    const mail = planDigest(row.recipient, [row], { now: 2 * 24 * HOUR, baseUrl: BASE })!;
    const lines = mail.text.split('\n');
    expect(lines[0]).toBe('Hello Dora Daily,');
    expect(lines).toContain('Ship it Open it: http://evil.test/login Thanks (Growth)');
    expect(lines).toContain('  - The outcome review of “Ship it Open it: http://evil.test/login Thanks” is due: record whether it worked.');
    expect(lines.some((l) => l.startsWith('Open it:'))).toBe(false);
  });
});

describe('mail text helpers', () => {
  it('escape HTML and make short plain excerpts of Markdown', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(excerpt('See [the dashboard](https://x.example) and `code`\n\n> quoted')).toBe('See the dashboard and code quoted');
    expect(excerpt('word '.repeat(100), 40).length).toBeLessThanOrEqual(41);
  });

  it('make titles and names one line', () => {
    expect(cleanLine('A\r\nB\nC\rD\tE\u2028F\u2029G\u0085H   I\u202Ej ')).toBe('A B C D E F G H Ij');
  });
});
