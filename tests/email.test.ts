import { eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { addComment } from '@/db/queries/comments';
import { createDecision } from '@/db/queries/decisions';
import { getEmailPreference, updateEmailPreference } from '@/db/queries/email';
import { listInbox } from '@/db/queries/inbox';
import { circulate } from '@/db/queries/review';
import { notifications } from '@/db/schema';
import { resetClock, setClock } from '@/lib/clock';
import { AppError } from '@/lib/errors';
import { dispatchEmail, smtpMailer, type Mailer } from '@/server/notify/dispatcher';
import { escapeHtml, excerpt } from '@/lib/notify/text';
import { makeUser, makeWorkspace, testDb } from './helpers/db';
import { createDemoMetrics, demoContent } from './helpers/publishing';
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

describe('mail text helpers', () => {
  it('escape HTML and make short plain excerpts of Markdown', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(excerpt('See [the dashboard](https://x.example) and `code`\n\n> quoted')).toBe('See the dashboard and code quoted');
    expect(excerpt('word '.repeat(100), 40).length).toBeLessThanOrEqual(41);
  });
});
