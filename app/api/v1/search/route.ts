import { searchDecisions } from '@/db/queries/history';
import { apiRoute, json, methodsNotAllowed, searchParamsOf } from '@/server/api';
import { snippetHtml } from '@/lib/search';

/**
 * Ranked full-text search. `snippet` is safe HTML: the text escaped, the matched words in <mark>.
 * `snippetFrom` says where it was taken from: a section of the record (title, summary, decision, context,
 * options, methodology, openCritique, risks, dataSources) or the comments.
 */
export const GET = apiRoute(async ({ db, viewer, request }) => {
  const page = await searchDecisions(db, viewer, searchParamsOf(request));
  return json({
    items: page.items.map((h) => ({ id: h.id, title: h.title, team: h.team, status: h.status, snippet: snippetHtml(h.snippet), snippetFrom: h.snippetFrom })),
    nextCursor: page.nextCursor,
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
