/*
 * Runs once when the server starts, before it handles a request: open the
 * database (which applies migrations), seed the demo workspace into an empty
 * database unless CANDOR_DEMO=0, and say how to sign in.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { prepareDatabase } = await import('./db/prepare');
  await prepareDatabase({ log: true });
}
