import { toNextJsHandler } from 'better-auth/next-js';
import { errorResponse, refuseCrossSite } from '@/server/api';
import { getAuth } from '@/server/auth';
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
  // Brute-force limits (server/auth-rate-limit.ts); the https and http instances differ in their cookies (server/auth.ts).
  return withAuthRateLimit(request, (req) => getAuth(req.headers).handler(req));
};
export const { GET, POST } = toNextJsHandler(handler);
