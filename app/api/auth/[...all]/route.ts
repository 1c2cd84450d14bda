import { toNextJsHandler } from 'better-auth/next-js';
import { errorResponse, refuseCrossSite } from '@/lib/api';
import { getAuth } from '@/lib/auth';

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
  return getAuth().handler(request);
};
export const { GET, POST } = toNextJsHandler(handler);
