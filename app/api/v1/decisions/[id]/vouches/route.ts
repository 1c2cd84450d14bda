import { vouchForEvidence } from '@/db/queries/review';
import { apiRoute, json, methodsNotAllowed, readJsonObject } from '@/server/api';
import { decisionId } from '../../../_lib/params';

/** A cited metric's owner who wrote or co-authors the decision vouches for its evidence, as of the revision they read. */
export const POST = apiRoute<{ id: string }>(async ({ db, viewer, params, request }) => json(await vouchForEvidence(db, viewer, { ...(await readJsonObject(request)), id: decisionId(params.id) }), 201));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed('POST');
