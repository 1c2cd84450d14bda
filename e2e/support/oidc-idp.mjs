/*
 * A real OpenID Connect provider for the SSO browser test (node_modules/oidc-provider),
 * on localhost only: discovery, JWKS, authorization code + PKCE, userinfo. One static
 * client (Candor) and a few accounts whose claims include the function claim. Its
 * own sign-in and consent pages are plain HTML (no external fonts or scripts).
 *
 *   OIDC_PORT=… OIDC_REDIRECT_URI=http://localhost:…/api/auth/callback/oidc node e2e/support/oidc-idp.mjs
 */
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 4455);
const issuer = `http://localhost:${port}`;
export const CLIENT_ID = process.env.OIDC_CLIENT_ID ?? 'candor-e2e';
export const CLIENT_SECRET = process.env.OIDC_CLIENT_SECRET ?? 'candor-e2e-secret-with-enough-length';
const PASSWORD = process.env.OIDC_TEST_PASSWORD ?? 'idp-password';
const redirectUris = (process.env.OIDC_REDIRECT_URI ?? 'http://localhost:3000/api/auth/callback/oidc').split(',');

/** login → claims. `candor_function` is the claim Candor maps (CANDOR_OIDC_FUNCTION_CLAIM). */
const ACCOUNTS = {
  dana: { email: 'dana.sso@example.com', name: 'Dana Okoro', candor_function: 'data-science' },
  finn: { email: 'finn.sso@example.com', name: 'Finn Unknown', candor_function: 'astronaut' },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'candor_function'] },
  scopes: ['openid', 'email', 'profile'],
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  cookies: { keys: ['candor-e2e-idp-cookie-key-1'] },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const a = ACCOUNTS[sub];
    if (!a) return undefined;
    return { accountId: sub, claims: async () => ({ sub, email: a.email, email_verified: true, name: a.name, candor_function: a.candor_function }) };
  },
});

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const page = (title, body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Example IdP</title></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;

async function readForm(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return Object.fromEntries(new URLSearchParams(raw));
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

const callback = provider.callback();

async function handle(req, res) {
  const url = new URL(req.url, issuer);
  const m = /^\/interaction\/([^/]+)(\/(login|confirm))?$/.exec(url.pathname);
  if (!m) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    const uid = m[1];
    if (req.method === 'GET') {
      if (details.prompt.name === 'login') {
        return send(
          res,
          200,
          page(
            'Sign in to Example IdP',
            `<form method="post" action="/interaction/${esc(uid)}/login">
              <p><label for="login">Username</label> <input id="login" name="login" autocomplete="username" required></p>
              <p><label for="password">Password</label> <input id="password" name="password" type="password" required></p>
              <button type="submit">Sign in</button></form>`,
          ),
        );
      }
      return send(
        res,
        200,
        page(
          'Allow Candor access?',
          `<p>Candor asks for: ${esc([...(details.prompt.details.missingOIDCScope ?? [])].join(', ') || 'your profile')}.</p>
           <form method="post" action="/interaction/${esc(uid)}/confirm"><button type="submit">Allow</button></form>`,
        ),
      );
    }
    if (m[3] === 'login') {
      const form = await readForm(req);
      if (!ACCOUNTS[form.login] || form.password !== PASSWORD) {
        return send(res, 401, page('Sign in to Example IdP', `<p role="alert">Wrong username or password.</p><p><a href="/interaction/${esc(uid)}">Try again</a></p>`));
      }
      return provider.interactionFinished(req, res, { login: { accountId: form.login } }, { mergeWithLastSubmission: false });
    }
    if (m[3] === 'confirm') {
      const { prompt, params, session, grantId } = details;
      const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      if (prompt.details.missingResourceScopes) {
        for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes)) grant.addResourceScope(indicator, scopes.join(' '));
      }
      const saved = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId: saved } }, { mergeWithLastSubmission: true });
    }
    send(res, 404, page('Not found', ''));
  } catch (e) {
    send(res, 400, page('Sign-in failed', `<p>${esc(e.message)}</p>`));
  }
}

// localhost may resolve to either loopback address: answer on both, and on nothing else.
createServer(handle).listen(port, '127.0.0.1', () => console.log(`Example IdP at ${issuer}`));
createServer(handle)
  .on('error', () => {})
  .listen(port, '::1');
