import { addMember, listMembers, requireTeam } from '@/db/queries/teams';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';

export const GET = apiRoute<{ slug: string }>(async ({ db, params }) => {
  const team = await requireTeam(db, params.slug);
  const members = await listMembers(db, team.id);
  return json({ items: members.map((m) => ({ name: m.name, email: m.email, function: m.function, role: m.role })), nextCursor: null });
});

export const POST = apiRoute<{ slug: string }>(async ({ db, viewer, params, request }) => {
  const m = await addMember(db, viewer, params.slug, await readJsonObject(request));
  return json({ name: m.name, email: m.email, function: m.function, role: m.role }, 201);
});

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
