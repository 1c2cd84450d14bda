import { and, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { exportFileName, exportMarkdown, type ExportInput } from '@/lib/adr/export';
import { parseAdr, type ParsedAdr } from '@/lib/adr/parse';
import { linkTarget } from '@/lib/adr/util';
import { now as currentTime } from '@/lib/clock';
import { AppError } from '@/lib/errors';
import { initialSectionChangedAt } from '@/lib/revisions';
import { decisionContentSchema, RELATED_MAX } from '@/lib/validation/decision';
import type { Db, Executor } from '../client';
import { decisionAuthors, decisions, revisions, teamMembers } from '../schema';
import { getDecision, indexDerived } from './decisions';
import { appendEvent } from './events';
import { insertLink, listRelated, relatedCount } from './links';
import { getLifecycle, listOutcomes } from './publish';
import { listReviews, standingReviews } from './review';
import { reindexSearch } from './search';
import { canAdministerTeam, requireTeam } from './teams';
import { getUserById, isSystem, type Viewer } from './users';

/*
 * ADR folders in and out. Export: any decision as MADR-compatible Markdown.
 * Import: MADR, Nygard / adr-tools and log4brains records become Candor
 * decisions marked imported (they did not pass Candor's gate, and say so),
 * keeping the original Markdown and file name; importing the same folder
 * twice creates nothing new.
 */

// ---------------------------------------------------------------- export

export async function exportDecision(db: Db, viewer: Viewer, id: number): Promise<{ fileName: string; markdown: string }> {
  const d = await getDecision(db, { id, viewer });
  const [life, reviews, outcomes] = await Promise.all([getLifecycle(db, { id }), listReviews(db, { id }), listOutcomes(db, { id })]);
  const latest = standingReviews(reviews, d.authors.map((a) => a.id));
  const outcome = outcomes[0];
  const input: ExportInput = {
    id: d.id,
    title: d.content.title,
    status: d.status,
    team: { slug: d.team, name: d.teamName },
    date: (life.publishedAt ?? d.updatedAt).slice(0, 10),
    authors: d.authors.map((a) => a.name),
    reviewers: latest.map((r) => ({ name: r.reviewer.name, function: r.function, verdict: r.stale ? `${r.verdict} (stale)` : r.verdict })),
    content: d.content,
    supersedes: life.supersedes ? { id: life.supersedes.id, title: life.supersedes.title } : null,
    supersededBy: life.supersededBy ? { id: life.supersededBy.id, title: life.supersededBy.title } : null,
    related: listRelated(db, { id }).map((r) => ({ id: r.id, title: r.title })),
    closedReason: life.closed?.reason ?? null,
    dissent: life.snapshot
      ? {
          overridden: life.snapshot.dissent.overridden.map((o) => ({ author: o.author, section: o.section, body: o.body, rationale: o.rationale, by: o.by })),
          staleChangeRequests: life.snapshot.dissent.staleChangeRequests.map((r) => ({ reviewer: r.reviewer, revision: r.revision, body: r.body })),
        }
      : null,
    outcome: outcome ? { verdict: outcome.verdict, body: outcome.body, date: outcome.createdAt.slice(0, 10) } : null,
    imported: d.imported,
    relaxedPolicy: life.publishedUnderPolicy?.relaxed ? life.publishedUnderPolicy.relaxations.map((r) => r.message) : null,
  };
  return { fileName: exportFileName(d.id, d.content.title), markdown: exportMarkdown(input) };
}

// ---------------------------------------------------------------- import

export type ImportFile = { name: string; content: string };
export type ImportResult = { file: string; status: 'imported' | 'skipped' | 'failed'; reason?: string; decisionId?: number; title?: string };

const STATUS_FOR: Record<ParsedAdr['status'], 'published' | 'superseded' | 'reversed' | 'withdrawn' | 'draft'> = {
  accepted: 'published',
  superseded: 'superseded',
  deprecated: 'reversed',
  rejected: 'withdrawn',
  proposed: 'draft',
  draft: 'draft',
};

/** How records name each other: "docs/adr/0005-Foo.md#x", "0005-foo" and "0005-foo.md" are one file. */
const fileKey = (link: string) => linkTarget(link).toLowerCase().replace(/\.(md|markdown)$/, '');

/** `oldId` is superseded by `newId`: fill in whichever side of the link is still empty. */
function linkSupersede(tx: Executor, oldId: number, newId: number) {
  if (oldId === newId) return;
  tx.update(decisions)
    .set({ supersededById: newId, status: sql`CASE WHEN ${decisions.status} = 'published' THEN 'superseded' ELSE ${decisions.status} END` })
    .where(and(eq(decisions.id, oldId), isNull(decisions.supersededById)))
    .run();
  tx.update(decisions).set({ supersedesId: oldId }).where(and(eq(decisions.id, newId), isNull(decisions.supersedesId))).run();
}

/**
 * Import ADR files into a team. Team admins (or the CLI) import; `as` is the
 * person recorded as author (the importer by default). Each file gets a result
 * with a precise reason when skipped.
 */
export async function importAdrs(
  db: Db,
  viewer: Viewer,
  input: { team: string; files: ImportFile[]; as?: Viewer; onProgress?: (done: number, total: number, result: ImportResult) => void },
): Promise<{ results: ImportResult[]; imported: number; skipped: number; failed: number }> {
  const team = await requireTeam(db, input.team);
  if (!(await canAdministerTeam(db, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can import decisions into it`);
  let author = input.as ?? (isSystem(viewer) ? null : viewer);
  if (!author) {
    const admin = db.select({ userId: teamMembers.userId }).from(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.role, 'admin'))).get();
    author = admin ? await getUserById(db, admin.userId) : null;
    if (!author) throw new AppError('invalid', `${team.name} has no admin to record as the author of imported decisions; name someone with --as EMAIL`);
  }
  const files = [...input.files].sort((a, b) => a.name.localeCompare(b.name));
  const already = new Map(
    db
      .select({ id: decisions.id, source: decisions.importSource, title: decisions.title })
      .from(decisions)
      .where(and(eq(decisions.teamId, team.id), isNotNull(decisions.importSource), inArray(decisions.importSource, files.map((f) => f.name).concat(['']))))
      .all()
      .map((r) => [r.source!, { id: r.id, title: r.title }]),
  );
  const results: ImportResult[] = [];
  const created = new Map<string, { id: number; adr: ParsedAdr }>();
  const report = (r: ImportResult) => {
    results.push(r);
    input.onProgress?.(results.length, files.length, r);
  };

  for (const file of files) {
    const earlier = already.get(file.name);
    if (earlier) {
      report({ file: file.name, status: 'skipped', reason: `Already imported as decision #${earlier.id}`, decisionId: earlier.id, title: earlier.title });
      continue;
    }
    const parsed = parseAdr(file.name, file.content);
    if (!parsed.ok) {
      report({ file: file.name, status: 'skipped', reason: parsed.reason });
      continue;
    }
    const adr = parsed.adr;
    const content = decisionContentSchema.safeParse(adr.content);
    if (!content.success) {
      report({ file: file.name, status: 'failed', reason: `Its content does not fit a decision: ${content.error.issues[0]?.path.join('.')}: ${content.error.issues[0]?.message}` });
      continue;
    }
    const status = STATUS_FOR[adr.status];
    const at = adr.date ? Date.parse(`${adr.date}T12:00:00Z`) : currentTime();
    const decided = status !== 'draft' && status !== 'withdrawn';
    const id = db.transaction((tx) => {
      const row = tx
        .insert(decisions)
        .values({
          teamId: team.id,
          createdBy: author!.id,
          status,
          title: content.data.title,
          currentRevision: 1,
          createdAt: at,
          updatedAt: at,
          lastActivityAt: at,
          outcomeReviewDate: content.data.outcomeReviewDate,
          publishedAt: decided ? at : null,
          publishedRevision: decided ? 1 : null,
          closedAt: status === 'reversed' || status === 'withdrawn' ? at : null,
          closedReason: status === 'reversed' ? `Deprecated in the original record (“${adr.statusText}”).` : status === 'withdrawn' ? `Rejected in the original record (“${adr.statusText}”).` : null,
          imported: true,
          importSource: file.name,
          importOriginal: file.content,
          importMeta: JSON.stringify({ format: adr.format, statusText: adr.statusText, date: adr.date, deciders: adr.deciders, consulted: adr.consulted, informed: adr.informed, importedAt: new Date(currentTime()).toISOString(), importedBy: viewer.name }),
        })
        .returning({ id: decisions.id })
        .get();
      tx.insert(decisionAuthors).values({ decisionId: row.id, userId: author!.id, addedAt: at }).run();
      tx.insert(revisions)
        .values({ decisionId: row.id, number: 1, content: JSON.stringify(content.data), sectionChangedAt: JSON.stringify(initialSectionChangedAt()), authorId: author!.id, createdAt: at })
        .run();
      indexDerived(tx, row.id, content.data);
      reindexSearch(tx, row.id);
      appendEvent(tx, { decisionId: row.id, teamId: team.id, actor: isSystem(viewer) ? null : viewer, type: 'decision.imported', data: { file: file.name, format: adr.format, originalStatus: adr.statusText }, at });
      return row.id;
    });
    created.set(file.name, { id, adr });
    report({ file: file.name, status: 'imported', decisionId: id, title: content.data.title });
  }

  // Supersede and relates-to links between records: resolved after every file is in, against this import and earlier ones.
  const byKey = new Map<string, number>(
    created.size
      ? db
          .select({ id: decisions.id, source: decisions.importSource })
          .from(decisions)
          .where(and(eq(decisions.teamId, team.id), isNotNull(decisions.importSource)))
          .all()
          .map((r) => [fileKey(r.source!), r.id] as [string, number])
      : [],
  );
  const lookup = (link: string) => byKey.get(fileKey(link));
  db.transaction((tx) => {
    for (const { id, adr } of created.values()) {
      for (const link of adr.supersededBy) {
        const by = lookup(link);
        if (by) linkSupersede(tx, id, by);
      }
      for (const link of adr.supersedes) {
        const old = lookup(link);
        if (old) linkSupersede(tx, old, id);
      }
      for (const link of adr.relatesTo) {
        const other = lookup(link);
        // Within the cap the decision page relies on; a record with more "see also" lines keeps the first 50.
        if (other && relatedCount(tx, id) < RELATED_MAX && relatedCount(tx, other) < RELATED_MAX) insertLink(tx, id, other, isSystem(viewer) ? null : viewer, currentTime());
      }
    }
  });
  const count = (s: ImportResult['status']) => results.filter((r) => r.status === s).length;
  return { results, imported: count('imported'), skipped: count('skipped'), failed: count('failed') };
}

export type Provenance = { file: string; original: string; format: string; statusText: string; date: string | null; deciders: string[]; consulted: string[]; informed: string[]; importedAt: string; importedBy: string };

export async function getProvenance(db: Db, id: number): Promise<Provenance | null> {
  const row = db.select({ source: decisions.importSource, original: decisions.importOriginal, meta: decisions.importMeta }).from(decisions).where(eq(decisions.id, id)).get();
  if (!row?.source) return null;
  return { file: row.source, original: row.original ?? '', ...(JSON.parse(row.meta ?? '{}') as Omit<Provenance, 'file' | 'original'>) };
}
