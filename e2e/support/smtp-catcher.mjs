/*
 * The browser tests' mail and webhook catcher, started by playwright.config.ts
 * as a webServer. Loopback only.
 *   SMTP on E2E_SMTP_PORT: keeps every mail it receives (no TLS, no auth).
 *   HTTP on E2E_CATCHER_PORT:
 *     GET  /health  → 200
 *     GET  /mails   → [{from, to[], subject, text, html, receivedAt}]
 *     GET  /hooks   → [{path, headers, body, receivedAt}]
 *     POST anything else → stored as a webhook delivery, answered 200
 */
import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const smtpPort = Number(process.env.E2E_SMTP_PORT);
const httpPort = Number(process.env.E2E_CATCHER_PORT);
if (!smtpPort || !httpPort) throw new Error('E2E_SMTP_PORT and E2E_CATCHER_PORT are required');

const mails = [];
const hooks = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((m) => {
        mails.push({
          from: m.from?.text ?? '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: m.subject ?? '',
          text: m.text ?? '',
          html: typeof m.html === 'string' ? m.html : '',
          receivedAt: new Date().toISOString(),
        });
        callback();
      })
      .catch(callback);
  },
});
smtp.listen(smtpPort, '127.0.0.1');

const http = createServer((req, res) => {
  const send = (status, data) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(data));
  };
  if (req.method === 'GET' && req.url === '/health') return send(200, { ok: true });
  if (req.method === 'GET' && req.url === '/mails') return send(200, mails);
  if (req.method === 'GET' && req.url === '/hooks') return send(200, hooks);
  if (req.method === 'POST') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: new Date().toISOString() });
      send(200, { ok: true });
    });
    return;
  }
  send(404, { error: 'not found' });
});
http.listen(httpPort, '127.0.0.1', () => console.log(`catcher: SMTP on 127.0.0.1:${smtpPort}, HTTP on 127.0.0.1:${httpPort}`));

const stop = () => {
  smtp.close();
  http.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
