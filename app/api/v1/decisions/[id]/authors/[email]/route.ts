import { removeAuthor } from '@/db/queries/decisions';
import { apiRoute, json } from '@/lib/api';
import { decisionId } from '../../../../_lib/params';
import { apiPerson } from '../../../../_lib/serialize';

export const DELETE = apiRoute<{ id: string; email: string }>(async ({ db, viewer, params }) => {
  let email = params.email;
  try {
    email = decodeURIComponent(email);
  } catch {
    // Not percent-encoded after all: validation answers for it.
  }
  return json((await removeAuthor(db, viewer, { email, id: decisionId(params.id) })).map(apiPerson));
});
