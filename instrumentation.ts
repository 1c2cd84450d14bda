/*
 * Runs once when the server starts, before it handles a request: open the
 * database (which applies migrations), seed the demo workspace into an empty
 * database unless CANDOR_DEMO=0, and say how to sign in. Then start the
 * notification dispatcher (email when SMTP is configured, team webhooks).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Rate limits need the TCP peer's address, which Next does not pass on; TRACE is answered before Next fails on it (server/client-address.ts).
  const { installRequestHooks } = await import('./server/client-address');
  await installRequestHooks();
  const { prepareDatabase } = await import('./db/prepare');
  await prepareDatabase({ log: true });
  // Never while building: the build only loads this module to analyse it.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const [{ startDispatcher }, { getDb }, { emailConfigured }] = await Promise.all([import('./server/notify/dispatcher'), import('./db/client'), import('./server/notify/config')]);
  startDispatcher(getDb);
  if (emailConfigured()) console.log('Candor: email notifications are on (SMTP configured).');
}
