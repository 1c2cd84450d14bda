import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { exportFileName, exportMarkdown, type ExportInput } from '@/lib/adr/export';
import { decodeAdrBytes } from '@/lib/adr/limits';
import { mapStatus, parseAdr, type ParsedAdr } from '@/lib/adr/parse';
import type { CandorRecord } from '@/lib/adr/types';
import { linkTarget } from '@/lib/adr/util';
import { now as currentTime } from '@/lib/clock';
import { AppError } from '@/lib/errors';
import { initialSectionChangedAt } from '@/lib/revisions';
import { decisionContentSchema, RELATED_MAX, type DecisionContent } from '@/lib/validation/decision';
import { first, readAll, type Db, type Executor } from '../client';
import { decisionAuthors, decisions, revisions, teamMembers, user } from '../schema';
import { getDecision, indexDerived } from './decisions';
import { appendEvent } from './events';
import { insertLink, listRelated, relatedCount } from './links';
import { lockTeam } from './locks';
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
  const [life, reviews, outcomes] = await readAll(db, [() => getLifecycle(db, { id }), () => listReviews(db, { id }), () => listOutcomes(db, { id })]);
  const latest = standingReviews(reviews, [...d.authors.map((a) => a.id), ...d.writerIds]);
  const outcome = outcomes[0];
  // An imported record is written back as its original stated it (people, date, status wording) while
  // its status is still the one it was imported with; a later Candor publish, supersede or reversal wins.
  const prov = d.imported ? await getProvenance(db, id) : null;
  const asImported = !!prov && (prov.importedStatus ?? STATUS_FOR[mapStatus(prov.statusText)]) === d.status;
  const keepWording = asImported && !!prov!.statusText.trim() && !(d.status === 'superseded' && life.supersededBy);
  const input: ExportInput = {
    id: d.id,
    title: d.content.title,
    status: d.status,
    team: { slug: d.team, name: d.teamName },
    date: asImported ? prov!.date : (life.publishedAt ?? d.updatedAt).slice(0, 10),
    recorded: prov ? { deciders: prov.deciders, consulted: prov.consulted, informed: prov.informed, status: keepWording ? prov.statusText : null } : null,
    authors: d.authors.map((a) => a.name),
    reviewers: latest.map((r) => ({ name: r.reviewer.name, function: r.function, verdict: r.stale ? `${r.verdict} (stale)` : r.verdict })),
    content: d.content,
    supersedes: life.supersedes ? { id: life.supersedes.id, title: life.supersedes.title } : null,
    supersededBy: life.supersededBy ? { id: life.supersededBy.id, title: life.supersededBy.title } : null,
    related: (await listRelated(db, { id })).map((r) => ({ id: r.id, title: r.title })),
    closedReason: life.closed?.reason ?? null,
    dissent: life.snapshot && (life.snapshot.dissent.overridden.length || life.snapshot.dissent.staleChangeRequests.length || !prov?.record?.dissent)
      ? {
          overridden: life.snapshot.dissent.overridden.map((o) => ({ author: o.author, section: o.section, body: o.body, rationale: o.rationale, by: o.by })),
          staleChangeRequests: life.snapshot.dissent.staleChangeRequests.map((r) => ({ reviewer: r.reviewer, revision: r.revision, body: r.body })),
        }
      : (prov?.record?.dissent ?? null),
    outcome: outcome ? { verdict: outcome.verdict, body: outcome.body, date: outcome.createdAt.slice(0, 10) } : (prov?.record?.outcome ?? null),
    imported: d.imported,
    relaxedPolicy: life.publishedUnderPolicy?.relaxed ? life.publishedUnderPolicy.relaxations.map((r) => r.message) : (prov?.relaxedPolicy ?? null),
  };
  return { fileName: exportFileName(d.id, d.content.title), markdown: exportMarkdown(input) };
}

// ---------------------------------------------------------------- import

/** A file to import: its bytes or text, or a reason the caller already skipped it (a link, a sub-folder). */
export type ImportFile = { name: string; content: string | Uint8Array } | { name: string; skipped: string };
export type ImportResult = {
  file: string;
  status: 'imported' | 'skipped' | 'failed';
  reason?: string;
  /** Imported, but with something the person should know (plain sentences). */
  warnings?: string[];
  decisionId?: number;
  title?: string;
};

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

/** The record number a link or file name carries: "ADR-0057", "0057-use-x.md", "adr_57" → 57. */
function recordNumber(link: string): number | null {
  const m = /^(?:adr|madr|rfc|dr|decision)?[-_\s#]*0*(\d{1,9})(?=$|[-_\s.:])/i.exec(linkTarget(link).trim());
  return m ? Number(m[1]) : null;
}

/** `oldId` is superseded by `newId`: fill in whichever side of the link is still empty. */
async function linkSupersede(tx: Executor, oldId: number, newId: number) {
  if (oldId === newId) return;
  await tx
    .update(decisions)
    .set({ supersededById: newId, status: sql`CASE WHEN ${decisions.status} = 'published' THEN 'superseded' ELSE ${decisions.status} END` })
    .where(and(eq(decisions.id, oldId), isNull(decisions.supersededById)));
  await tx.update(decisions).set({ supersedesId: oldId }).where(and(eq(decisions.id, newId), isNull(decisions.supersedesId)));
}

type Planned = { file: string; original: string; adr: ParsedAdr; content: DecisionContent; result: ImportResult };
/** A record a link can point to: one of this import's files (by index) or a decision already in the team. */
type Ref = { plan: number } | { id: number };

/**
 * Import ADR files into a team. Team admins (or the CLI) import; `as` is the
 * person recorded as author (the importer by default; for the CLI, the team's
 * longest-standing active admin). That person must be an active member of the
 * team: an author's rights last only while they are in it (lib/permissions.ts),
 * so an org admin outside the team, or someone removed or deactivated, would
 * leave imported drafts nobody in the team can edit.
 *
 * Every file is read and checked before anything is written: a file that is
 * too big, binary, too deeply nested, unreadable or already here is skipped
 * with its reason, and the rest are written — records and the links among
 * them — in one transaction, so an import never stops half-way. A supersede
 * link that would close a cycle is refused and reported on both files.
 */
export async function importAdrs(
  db: Db,
  viewer: Viewer,
  input: { team: string; files: ImportFile[]; as?: Viewer; onProgress?: (done: number, total: number, result: ImportResult) => void },
): Promise<{ results: ImportResult[]; imported: number; skipped: number; failed: number; warned: number }> {
  const team = await requireTeam(db, input.team);
  if (!(await canAdministerTeam(db, viewer, team.id))) throw new AppError('forbidden', `Only an admin of ${team.name} can import decisions into it`);
  const { author, chosenAs } = await importAuthor(db, viewer, team, input.as);
  const files = [...input.files].sort((a, b) => a.name.localeCompare(b.name));

  // What the team holds already: its decisions, and for imported ones their file and the Candor record they came from.
  const held = await db
    .select({ id: decisions.id, title: decisions.title, imported: decisions.imported, source: decisions.importSource, meta: decisions.importMeta, supersedesId: decisions.supersedesId, supersededById: decisions.supersededById })
    .from(decisions)
    .where(eq(decisions.teamId, team.id));
  const heldById = new Map(held.map((h) => [h.id, h]));
  const bySource = new Map<string, (typeof held)[number]>();
  const byOrigin = new Map<string, (typeof held)[number]>();
  for (const h of held) {
    if (!h.source) continue;
    bySource.set(h.source, h);
    const origin = (JSON.parse(h.meta ?? '{}') as { origin?: { id: number; team: string } | null }).origin;
    if (origin) byOrigin.set(`${origin.team}#${origin.id}`, h);
  }

  // 1. Read and check every file; nothing is written yet.
  const results: ImportResult[] = [];
  const plan: Planned[] = [];
  const planOrigins = new Map<string, string>();
  for (const file of files) {
    const result: ImportResult = { file: file.name, status: 'skipped' };
    results.push(result);
    if ('skipped' in file) {
      result.reason = file.skipped;
      continue;
    }
    const earlier = bySource.get(file.name);
    if (earlier) {
      Object.assign(result, { reason: `Already imported as decision #${earlier.id}`, decisionId: earlier.id, title: earlier.title });
      continue;
    }
    let text: string;
    if (typeof file.content === 'string') {
      text = file.content;
    } else {
      const decoded = /\.(md|markdown)$/i.test(file.name) ? decodeAdrBytes(file.content) : ({ ok: true, text: '' } as const);
      if (!decoded.ok) {
        result.reason = decoded.reason;
        continue;
      }
      text = decoded.text;
    }
    let parsed: ReturnType<typeof parseAdr>;
    try {
      parsed = parseAdr(file.name, text);
    } catch (e) {
      console.error(`Import: reading ${file.name} failed`, e);
      Object.assign(result, { status: 'failed', reason: `Candor could not read it (${e instanceof Error ? e.message : String(e)}); the other files were imported` });
      continue;
    }
    if (!parsed.ok) {
      result.reason = parsed.reason;
      continue;
    }
    const adr = parsed.adr;
    // A file exported from Candor names the record it came from: importing it into the team that holds it, again, creates nothing.
    if (adr.candor?.id && adr.candor.team) {
      const key = `${adr.candor.team}#${adr.candor.id}`;
      const here = adr.candor.team === team.slug ? heldById.get(adr.candor.id) : undefined;
      const copy = byOrigin.get(key);
      if (here) {
        Object.assign(result, { reason: `Already here: it was exported from decision #${here.id} of this team`, decisionId: here.id, title: here.title });
        continue;
      }
      if (copy) {
        Object.assign(result, { reason: `Already imported as decision #${copy.id} (from the same exported record, under another file name)`, decisionId: copy.id, title: copy.title });
        continue;
      }
      const twin = planOrigins.get(key);
      if (twin) {
        result.reason = `It is another copy of ${twin} (the same exported record), which is imported instead`;
        continue;
      }
      planOrigins.set(key, file.name);
    }
    const content = decisionContentSchema.safeParse(adr.content);
    if (!content.success) {
      Object.assign(result, { status: 'failed', reason: `Its content does not fit a decision: ${content.error.issues[0]?.path.join('.')}: ${content.error.issues[0]?.message}` });
      continue;
    }
    if (adr.candor?.status === 'in-review') adr.warnings.push('It was in review in Candor; it is imported as a draft (reviews and comments do not travel with an export)');
    Object.assign(result, { status: 'imported', title: content.data.title, warnings: [...adr.warnings] });
    plan.push({ file: file.name, original: text, adr, content: content.data, result });
  }

  // 2. Resolve the links among the records, against this import and what the team holds, refusing cycles.
  const keyIndex = new Map<string, Ref>();
  const numberIndex = new Map<number, Ref[]>();
  const index = (name: string, ref: Ref) => {
    keyIndex.set(fileKey(name), ref);
    const n = recordNumber(name);
    if (n !== null) numberIndex.set(n, [...(numberIndex.get(n) ?? []), ref]);
  };
  for (const h of held) if (h.source) index(h.source, { id: h.id });
  plan.forEach((p, i) => index(p.file, { plan: i }));
  const resolve = (link: string): Ref | null => {
    const exact = keyIndex.get(fileKey(link));
    if (exact) return exact;
    const n = recordNumber(link);
    const candidates = n === null ? [] : (numberIndex.get(n) ?? []);
    return candidates.length === 1 ? candidates[0] : null;
  };
  const node = (r: Ref) => ('plan' in r ? `p${r.plan}` : `d${r.id}`);
  const describe = (r: Ref) => ('plan' in r ? plan[r.plan].file : `decision #${r.id}`);
  // The supersede pointers as they will be: existing ones, then each accepted link (only empty sides are filled).
  const next = new Map<string, string>();
  const prev = new Map<string, string>();
  for (const h of held) {
    if (h.supersededById) next.set(`d${h.id}`, `d${h.supersededById}`);
    if (h.supersedesId) prev.set(`d${h.id}`, `d${h.supersedesId}`);
  }
  const reaches = (map: Map<string, string>, from: string, to: string) => {
    const seen = new Set<string>();
    for (let at: string | undefined = from; at && !seen.has(at); at = map.get(at)) {
      if (at === to) return true;
      seen.add(at);
    }
    return false;
  };
  const supersedeLinks: [Ref, Ref][] = [];
  const warn = (r: Ref, w: string) => {
    if ('plan' in r && !plan[r.plan].result.warnings!.includes(w)) plan[r.plan].result.warnings!.push(w);
  };
  const proposeSupersede = (oldRef: Ref, newRef: Ref) => {
    const o = node(oldRef);
    const n = node(newRef);
    if (o === n) return;
    if ('id' in oldRef && !heldById.get(oldRef.id)?.imported) {
      // A decision that passed Candor's gate changes status only through Candor (publish a successor), never by a file's say-so.
      warn(newRef, `${describe(newRef)} says it supersedes decision #${oldRef.id}, which was published through Candor’s gate; an imported file cannot supersede it, so that link was not made. Supersede it from Candor instead`);
      return;
    }
    const wouldCycle = (!next.has(o) && reaches(next, n, o)) || (!prev.has(n) && reaches(prev, o, n));
    if (wouldCycle) {
      const w = `${describe(oldRef)} and ${describe(newRef)} would supersede each other in a circle; the link from ${describe(oldRef)} to ${describe(newRef)} was not made. Fix the “Supersedes” / “Superseded by” lines`;
      warn(oldRef, w);
      warn(newRef, w);
      return;
    }
    if (!next.has(o)) next.set(o, n);
    if (!prev.has(n)) prev.set(n, o);
    supersedeLinks.push([oldRef, newRef]);
  };
  const relatedLinks: [Ref, Ref][] = [];
  plan.forEach((p, i) => {
    const self: Ref = { plan: i };
    for (const link of p.adr.supersededBy) {
      const by = resolve(link);
      if (by) proposeSupersede(self, by);
      else warn(self, `It says it is superseded by “${link}”, but no file in this import or record in this team matches; that link was not made`);
    }
    for (const link of p.adr.supersedes) {
      const old = resolve(link);
      if (old) proposeSupersede(old, self);
      else warn(self, `It says it supersedes “${link}”, but no file in this import or record in this team matches; that link was not made`);
    }
    for (const link of p.adr.relatesTo) {
      const other = resolve(link);
      if (other) relatedLinks.push([self, other]);
    }
  });

  // 3. Write every accepted record and its links in one transaction.
  const ids: number[] = [];
  const importedAt = new Date(currentTime()).toISOString();
  await db.transaction(async (tx) => {
    // Again inside the write, after any change to the team's members that landed first (removeMember takes the
    // same lock, then looks for drafts it would strand): otherwise both could pass and leave these drafts authorless.
    await lockTeam(tx, team.id);
    await refuseAuthorOutsideTeam(tx, author, team, chosenAs);
    for (const p of plan) {
      const { adr, content } = p;
      const status = STATUS_FOR[adr.status];
      const at = adr.date ? Date.parse(`${adr.date}T12:00:00Z`) : currentTime();
      const decided = status !== 'draft' && status !== 'withdrawn';
      const recorded = adr.candor?.record ?? null;
      const closedReason =
        status === 'reversed' || status === 'withdrawn'
          ? (recorded?.closedReason ?? (status === 'reversed' ? `Deprecated in the original record (“${adr.statusText}”).` : `Rejected in the original record (“${adr.statusText}”).`))
          : null;
      const meta = {
        format: adr.format,
        statusText: adr.statusText,
        date: adr.date,
        deciders: adr.deciders,
        consulted: adr.consulted,
        informed: adr.informed,
        importedAt,
        importedBy: viewer.name,
        importedStatus: status,
        origin: adr.candor?.id && adr.candor.team ? { id: adr.candor.id, team: adr.candor.team } : null,
        record: recorded,
        relaxedPolicy: adr.candor?.relaxedPolicy ?? null,
        warnings: p.result.warnings,
      };
      const [row] = await tx
        .insert(decisions)
        .values({
          teamId: team.id,
          createdBy: author.id,
          status,
          title: content.title,
          currentRevision: 1,
          createdAt: at,
          updatedAt: at,
          lastActivityAt: at,
          outcomeReviewDate: content.outcomeReviewDate,
          publishedAt: decided ? at : null,
          publishedRevision: decided ? 1 : null,
          closedAt: closedReason ? at : null,
          closedReason,
          imported: true,
          importSource: p.file,
          importOriginal: p.original,
          importMeta: JSON.stringify(meta),
        })
        .returning({ id: decisions.id });
      await tx.insert(decisionAuthors).values({ decisionId: row!.id, userId: author.id, addedAt: at });
      await tx
        .insert(revisions)
        .values({ decisionId: row!.id, number: 1, content: JSON.stringify(content), sectionChangedAt: JSON.stringify(initialSectionChangedAt()), authorId: author.id, createdAt: at });
      await indexDerived(tx, row!.id, content);
      await reindexSearch(tx, row!.id);
      await appendEvent(tx, { decisionId: row!.id, teamId: team.id, actor: isSystem(viewer) ? null : viewer, type: 'decision.imported', data: { file: p.file, format: adr.format, originalStatus: adr.statusText }, at });
      ids.push(row!.id);
      p.result.decisionId = row!.id;
    }
    const idOf = (r: Ref) => ('plan' in r ? ids[r.plan] : r.id);
    for (const [o, n] of supersedeLinks) await linkSupersede(tx, idOf(o), idOf(n));
    for (const [a, b] of relatedLinks) {
      const x = idOf(a);
      const y = idOf(b);
      // Within the cap the decision page relies on; a record with more "see also" lines keeps the first 50.
      if (x !== y && (await relatedCount(tx, x)) < RELATED_MAX && (await relatedCount(tx, y)) < RELATED_MAX) await insertLink(tx, x, y, isSystem(viewer) ? null : viewer, currentTime());
    }
  });

  for (const r of results) if (r.warnings && r.warnings.length === 0) delete r.warnings;
  results.forEach((r, i) => input.onProgress?.(i + 1, results.length, r));
  const count = (s: ImportResult['status']) => results.filter((r) => r.status === s).length;
  return { results, imported: count('imported'), skipped: count('skipped'), failed: count('failed'), warned: results.filter((r) => r.warnings?.length).length };
}

/** How an import's author was chosen: the importer, the person named with `as` (the CLI's --as), or the CLI's default admin. */
type ChosenAs = 'importer' | 'as' | 'admin';

/**
 * Why `person` can't be recorded as the author of decisions imported into `team`, and what to do. One wording
 * for every way the author is chosen, so the web (the importer) and the CLI (--as, or its default admin) agree.
 */
export function importAuthorRefusal(person: { name: string }, team: { name: string }, chosenAs: ChosenAs, problem: 'not-member' | 'deactivated'): string {
  const who = chosenAs === 'importer' ? { is: 'You are', s: 'Your' } : { is: `${person.name} is`, s: `${person.name}’s` };
  const recorded = {
    importer: 'imported decisions are recorded as the importer’s',
    as: 'imported decisions are recorded as the person named with --as',
    admin: 'without --as, imported decisions are recorded as the team’s longest-standing active admin',
  }[chosenAs];
  if (problem === 'deactivated') {
    const next = chosenAs === 'importer' ? `ask an admin of ${team.name} to import` : 'import as a member who still works here (--as EMAIL)';
    return `${who.s} account is deactivated: ${recorded}, and an author must be an active member of ${team.name}. Instead, ${next}`;
  }
  const next = chosenAs === 'importer' ? `Add yourself to ${team.name} first, or ask one of its admins to import` : `Add them to ${team.name} first, or import as a member (--as EMAIL)`;
  return `${who.is} not a member of ${team.name}: ${recorded}, and an author must be in the team. ${next}`;
}

/** Refuses (400, naming them) recording `person` as an imported decision's author unless they are an active member of `team`. */
async function refuseAuthorOutsideTeam(db: Executor, person: Viewer, team: { id: number; name: string }, chosenAs: ChosenAs): Promise<void> {
  const row = await first(
    db
      .select({ role: teamMembers.role, deactivatedAt: user.deactivatedAt })
      .from(user)
      .leftJoin(teamMembers, and(eq(teamMembers.userId, user.id), eq(teamMembers.teamId, team.id)))
      .where(eq(user.id, person.id)),
  );
  if (row?.deactivatedAt !== null && row?.deactivatedAt !== undefined) throw new AppError('invalid', importAuthorRefusal(person, team, chosenAs, 'deactivated'));
  if (!row?.role) throw new AppError('invalid', importAuthorRefusal(person, team, chosenAs, 'not-member'));
}

/**
 * The person an import records as author: `as`, else the importer, else (the CLI, which is not a person) the team's
 * longest-standing active admin. Checked before any file is read.
 */
async function importAuthor(db: Db, viewer: Viewer, team: { id: number; name: string }, as: Viewer | undefined): Promise<{ author: Viewer; chosenAs: ChosenAs }> {
  if (as || !isSystem(viewer)) {
    const chosenAs = as ? 'as' : 'importer';
    const author = as ?? viewer;
    await refuseAuthorOutsideTeam(db, author, team, chosenAs);
    return { author, chosenAs };
  }
  // Admins in the order they joined (then by id, for two added at the same moment); a deactivated one is passed over.
  const admins = await db
    .select({ userId: teamMembers.userId, deactivatedAt: user.deactivatedAt })
    .from(teamMembers)
    .innerJoin(user, eq(user.id, teamMembers.userId))
    .where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.role, 'admin')))
    .orderBy(asc(teamMembers.createdAt), asc(teamMembers.userId));
  const active = admins.find((a) => a.deactivatedAt === null);
  const author = active ? await getUserById(db, active.userId) : null;
  if (!author) {
    throw new AppError('invalid', `${team.name} has no ${admins.length ? 'active ' : ''}admin to record as the author of imported decisions; name someone with --as EMAIL`);
  }
  return { author, chosenAs: 'admin' };
}

export type Provenance = {
  file: string;
  original: string;
  format: string;
  statusText: string;
  date: string | null;
  deciders: string[];
  consulted: string[];
  informed: string[];
  importedAt: string;
  importedBy: string;
  /** Candor's status when it was imported (older imports: absent). */
  importedStatus?: string;
  /** For a file exported from Candor: the record it came from. */
  origin?: { id: number; team: string } | null;
  /** For a file exported from Candor: its closing reason, recorded dissent and outcome. */
  record?: CandorRecord | null;
  relaxedPolicy?: string[] | null;
  warnings?: string[];
};

export async function getProvenance(db: Db, id: number): Promise<Provenance | null> {
  const row = await first(db.select({ source: decisions.importSource, original: decisions.importOriginal, meta: decisions.importMeta }).from(decisions).where(eq(decisions.id, id)));
  if (!row?.source) return null;
  return { file: row.source, original: row.original ?? '', ...(JSON.parse(row.meta ?? '{}') as Omit<Provenance, 'file' | 'original'>) };
}
