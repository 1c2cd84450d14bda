import { listVouches, vouchForEvidence } from '@/db/queries/review';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { decisionId } from '../../../_lib/params';
import { apiPerson } from '../../../_lib/serialize';

/** The cited metrics' owners who wrote or co-author the decision, and where each one's vouch for its evidence stands. */
export const GET = apiRoute<{ id: string }>(async ({ db, params }) => json((await listVouches(db, { id: decisionId(params.id) })).map((v) => ({ ...v, owner: apiPerson(v.owner) }))));

/** A cited metric's owner who wrote or co-authors the decision vouches for its evidence, as of the revision they read. */
export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => json(await vouchForEvidence(db, viewer, { ...(await readJsonObject(request)), id: decisionId(params.id) }), 201));

export const { PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('GET', 'POST');
