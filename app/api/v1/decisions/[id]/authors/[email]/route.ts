import { removeAuthor } from '@/db/queries/decisions';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { AppError } from '@/lib/errors';
import { emailSchema } from '@/lib/validation/common';
import { decisionId } from '../../../../_lib/params';
import { apiPerson } from '../../../../_lib/serialize';

export const DELETE = apiRoute<{ id: string; email: string }>(async ({ db, viewer, params }) => {
  let email = params.email;
  try {
    email = decodeURIComponent(email);
  } catch {
    // Not percent-encoded after all.
  }
  // A path that names no one is simply not found, as elsewhere in the API.
  if (!emailSchema.safeParse(email).success) throw new AppError('not_found', `There is no author "${email}"`);
  return json((await removeAuthor(db, viewer, { email, id: decisionId(params.id) })).map(apiPerson));
});

export const { GET, POST, PUT, PATCH, OPTIONS } = methodsNotAllowed('DELETE');
