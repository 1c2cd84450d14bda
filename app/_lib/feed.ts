import { getDb } from '@/db/client';
import { publishedFeed } from '@/db/queries/history';
import { getTeamBySlug } from '@/db/queries/teams';
import { viewerForToken } from '@/db/queries/tokens';
import { errorResponse, viewerFromHeaders } from '@/server/api';
import { atomFeed } from '@/lib/atom';
import { AppError } from '@/lib/errors';

/**
 * Serve an Atom feed. Feed readers cannot sign in, so besides the session and a
 * bearer token (API or feed), a feed token may be given as ?token=… in the feed
 * URL. An API token is refused there: a feed URL is pasted into other services
 * and kept in their logs, and an API token can change things as its owner.
 */
export async function serveFeed(request: Request, teamSlug?: string): Promise<Response> {
  try {
    const db = getDb();
    const url = new URL(request.url);
    const token = url.searchParams.get('token');
    const viewer = token ? await viewerForToken(db, token, ['feed'], { inUrl: true }) : await viewerFromHeaders(db, request.headers, ['api', 'feed']);
    if (!viewer) throw new AppError('unauthorized', 'Sign in, or add ?token=<feed token> to the feed URL (create one in Settings → API tokens, "A feed reader")');
    const team = teamSlug ? await getTeamBySlug(db, teamSlug) : null;
    if (teamSlug && !team) throw new AppError('not_found', `There is no team "${teamSlug}"`);
    const entries = await publishedFeed(db, { teamId: team?.id });
    const body = atomFeed({
      title: team ? `${team.name} — published decisions (Candor)` : 'Published decisions (Candor)',
      origin: url.origin,
      selfPath: team ? `/teams/${team.slug}/feed.xml` : '/feed.xml',
      alternatePath: team ? `/teams/${team.slug}?view=timeline` : '/decisions?sort=published',
      feedId: `${url.origin}/${team ? `teams/${team.slug}/` : ''}feed`,
      entries,
    });
    // The feed URL may carry ?token=…: never let it travel on as a Referer (proxy.ts sets the same).
    return new Response(body, { headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'private, max-age=60', 'referrer-policy': 'no-referrer' } });
  } catch (e) {
    return errorResponse(e);
  }
}
