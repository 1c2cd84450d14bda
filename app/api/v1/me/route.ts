import { listViewerTeams } from '@/db/queries/teams';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';

export const GET = apiRoute(async ({ db, viewer }) => {
  const teams = await listViewerTeams(db, viewer.id);
  return json({
    id: viewer.id,
    email: viewer.email,
    name: viewer.name,
    function: viewer.function,
    isOrgAdmin: viewer.isOrgAdmin,
    teams: teams.map((t) => ({ slug: t.slug, name: t.name, role: t.role })),
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET');
