import { createTeam, listTeams } from '@/db/queries/teams';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';

export const GET = apiRoute(async ({ db, viewer }) => {
  const teams = await listTeams(db, viewer);
  return json({ items: teams.map((t) => ({ slug: t.slug, name: t.name, memberCount: t.memberCount, role: t.viewerRole })), nextCursor: null });
});

export const POST = apiRoute(async ({ db, viewer, request }) => {
  const team = await createTeam(db, viewer, await readJsonObject(request));
  return json({ slug: team.slug, name: team.name }, 201);
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
