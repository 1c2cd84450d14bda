import { toNextJsHandler } from 'better-auth/next-js';
import { errorResponse, refuseCrossSite } from '@/server/api';
import { getDb } from '@/db/client';
import { getAuth } from '@/server/auth';
import { failedToWrite, lostNameRace } from '@/server/auth-identity';
import { withAuthRateLimit } from '@/server/auth-rate-limit';

/*
 * better-auth checks Origin against its trusted origins, but those come from the
 * allowed-host patterns (`localhost:*`), so any other port on this machine would
 * pass. Sign-in, sign-up, sign-out and profile changes must come from this very
 * origin, like every other write.
 */
const handler = async (request: Request) => {
  try {
    refuseCrossSite(request);
  } catch (e) {
    return errorResponse(e);
  }
  const path = new URL(request.url).pathname.replace(/^\/api\/auth/, '');
  // Kept to answer a write that lost a race for its name (lostNameRace): better-auth reads the request's body.
  const sent = request.method === 'POST' && NAME_WRITES.has(path) ? request.clone() : null;
  // Brute-force limits (server/auth-rate-limit.ts); the https and http instances differ in their cookies (server/auth.ts).
  const response = await withAuthRateLimit(request, (req) => getAuth(req.headers).handler(req));
  if (!sent || response.ok) return response;
  const answer = await response
    .clone()
    .json()
    .catch(() => null);
  if (!failedToWrite(response.status, (answer as { code?: unknown } | null)?.code)) return response;
  const lost = await lostNameRace(getDb(), path, await sent.json().catch(() => null));
  return lost ? Response.json(lost, { status: 400 }) : response;
};

/** The endpoints that write a person's name. */
const NAME_WRITES = new Set(['/sign-up/email', '/update-user']);
export const { GET, POST } = toNextJsHandler(handler);
