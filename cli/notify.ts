import { mailFrom, publicUrl, smtpConfig } from '@/server/notify/config';
import { dispatchOnce, smtpMailer } from '@/server/notify/dispatcher';
import { CliError, openDatabase, type Command } from './commands';

/** `candor notify …`: run the notification dispatcher once, or check the SMTP settings. */
export const notifyCommands: Command[] = [
  {
    name: 'notify send',
    usage: '',
    summary: 'Send pending email notifications (when SMTP is configured) and due webhook deliveries, once.',
    options: {},
    async run() {
      const { email, webhooks } = await dispatchOnce(await openDatabase());
      console.log(
        email
          ? `Email: ${email.sent} sent, ${email.digests} digest${email.digests === 1 ? '' : 's'}, ${email.skipped} handled without a mail, ${email.failed} failed (retried next time).`
          : 'Email: not configured (set CANDOR_SMTP_URL or CANDOR_SMTP_HOST); nothing mailed.',
      );
      console.log(`Webhooks: ${webhooks.delivered} delivered, ${webhooks.retried} to retry, ${webhooks.failed} failed for good.`);
    },
  },
  {
    name: 'notify test-mail',
    usage: '--to EMAIL',
    summary: 'Send one test mail with the configured SMTP settings.',
    options: { to: { type: 'string', help: 'who receives it', required: true } },
    async run(v) {
      const config = smtpConfig();
      if (!config) throw new CliError('SMTP is not configured: set CANDOR_SMTP_URL (smtp://user:pass@host:port) or CANDOR_SMTP_HOST');
      const to = String(v.to);
      try {
        await smtpMailer(config).send({ from: mailFrom(), to, subject: '[Candor] Test mail', text: `Candor can send mail. Links in mails point to ${publicUrl()}.`, html: '<p>Candor can send mail.</p>' });
      } catch (e) {
        throw new CliError(`the mail was not sent: ${(e as Error).message}`);
      }
      console.log(`Sent a test mail to ${to}.`);
    },
  },
];
