import type { Decision } from '@/db/queries/decisions';
import type { Metric } from '@/db/queries/metrics';

/** The API's decision object (contract: id, team, status, revision, content, authors, createdAt, updatedAt). */
export function apiDecision(d: Decision) {
  return {
    id: d.id,
    team: d.team,
    status: d.status,
    revision: d.revision,
    content: d.content,
    authors: d.authors.map((a) => ({ name: a.name, email: a.email, function: a.function })),
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export function apiMetric(m: Metric) {
  return {
    key: m.key,
    name: m.name,
    definition: m.definition,
    kind: m.kind,
    owner: { name: m.owner.name, email: m.owner.email, function: m.owner.function },
    updatedAt: m.updatedAt,
  };
}
