import type { Db } from '@/db/client';
import { createToken } from '@/db/queries/tokens';
import type { Viewer } from '@/db/queries/users';
import type { TokenScope } from '@/lib/validation/token';

/** Route handlers use the process-wide database; point it at this test's file. */
export function serveRoutesFrom(db: Db) {
  (globalThis as unknown as { candorDb?: Db }).candorDb = db;
}

/** A personal token for `user`: an API token unless `scope` says 'feed'. */
export async function tokenFor(db: Db, user: Viewer, scope: TokenScope = 'api'): Promise<string> {
  return (await createToken(db, user, { label: 'test', scope })).token;
}


export type CallResult = { status: number; body: any; headers: Headers }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes; tests assert on them

/** Call a route handler the way Next does: a Request plus a params promise. */
export async function call<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  opts: { method?: string; path?: string; token?: string; cookie?: string; body?: unknown; rawBody?: string; params?: P; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const req = new Request(`http://localhost:3000${opts.path ?? '/api/v1/x'}`, { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
  const res = await handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON (e.g. Markdown export) */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
