import { removeAuthor } from '@/db/queries/decisions';
import { apiRoute, json, methodsNotAllowed } from '@/server/api';
import { AppError } from '@/lib/errors';
import { emailSchema } from '@/lib/validation/common';
import { decisionId } from '../../../../_lib/params';
import { apiPerson } from '../../../../_lib/serialize';

export const DELETE = apiRoute<{ id: string; email: string }>(async ({ db, viewer, params }) => {
  // Next has already decoded the segment; decoding it again would read `%2540` in the path as an `@`.
  const { email } = params;
  // A path that names no one is simply not found, as elsewhere in the API.
  if (!emailSchema.safeParse(email).success) throw new AppError('not_found', `There is no author "${email}"`);
  return json((await removeAuthor(db, viewer, { email, id: decisionId(params.id) })).map(apiPerson));
});

export const { GET, POST, PUT, PATCH, OPTIONS } = methodsNotAllowed('DELETE');
