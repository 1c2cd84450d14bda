import type { DecisionContent } from '@/lib/validation/decision';
import type { DecisionStatus } from '@/lib/vocabulary';

/*
 * The shapes shared by the ADR importer (parse.ts) and the MADR exporter
 * (export.ts). Pure types: no database, no file system.
 */

export const ADR_STATUSES = ['accepted', 'proposed', 'draft', 'rejected', 'deprecated', 'superseded'] as const;
export type AdrStatus = (typeof ADR_STATUSES)[number];

export const ADR_FORMATS = ['madr', 'nygard', 'log4brains', 'candor'] as const;
export type AdrFormat = (typeof ADR_FORMATS)[number];

export type ParsedAdr = {
  fileName: string;
  title: string;
  status: AdrStatus;
  /** The status as written, e.g. "superseded by [ADR-0005](0005-foo.md)"; empty when the file states none. */
  statusText: string;
  /** YYYY-MM-DD, or null when the file states no (valid) date. */
  date: string | null;
  /** Normalised to Candor's tag rule: lowercase letters, digits and dashes. */
  tags: string[];
  deciders: string[];
  consulted: string[];
  informed: string[];
  /** Link targets as written: file names (basename, e.g. "0005-foo.md") or slugs. */
  supersedes: string[];
  supersededBy: string[];
  relatesTo: string[];
  /** Always passes decisionContentSchema.parse(). */
  content: DecisionContent;
  format: AdrFormat;
  /** What the importer should tell the person about this file (plain sentences); the file is still imported. */
  warnings: string[];
  /** Present only for files written by Candor's exporter (front matter candor-id / candor-status / team, and the record comment). */
  candor?: { id: number | null; status: string | null; team: string | null; record: CandorRecord | null; relaxedPolicy: string[] | null };
};

/** What Candor's export carries besides the content and the front matter, so that an import keeps it exactly. */
export type CandorRecord = {
  closedReason: string | null;
  dissent: ExportInput['dissent'];
  outcome: ExportInput['outcome'];
};

export type ParseResult = { ok: true; adr: ParsedAdr } | { ok: false; reason: string };

/** Candor's decision lifecycle, as the exporter receives it. */
export type ExportStatus = DecisionStatus;

export type ExportInput = {
  id: number;
  title: string;
  status: ExportStatus;
  team: { slug: string; name: string };
  /** YYYY-MM-DD: the published date, else the last update; null for an imported record that states none. */
  date: string | null;
  /**
   * For an imported record: the people and the status wording its original
   * file stated, written back as recorded instead of Candor's own (authors,
   * reviewers, team). `status` null means "use Candor's status".
   */
  recorded?: { deciders: string[]; consulted: string[]; informed: string[]; status: string | null } | null;
  /** Decision-makers. */
  authors: string[];
  /** Consulted. */
  reviewers: { name: string; function: string; verdict: string }[];
  content: DecisionContent;
  supersedes?: { id: number; title: string } | null;
  supersededBy?: { id: number; title: string } | null;
  /** "Relates to" links. */
  related?: { id: number; title: string }[];
  /** The withdraw reason or the reversal rationale. */
  closedReason?: string | null;
  dissent?: {
    overridden: { author: string; section: string; body: string; rationale: string; by: string }[];
    staleChangeRequests: { reviewer: string; revision: number; body: string }[];
  } | null;
  outcome?: { verdict: string; body: string; date: string } | null;
  imported?: boolean;
  /** Published under a team policy weaker than Candor's default gate: each relaxation in a sentence. Null or absent: not relaxed, or not recorded. */
  relaxedPolicy?: string[] | null;
};

export type ExportIndexEntry = {
  id: number;
  title: string;
  status: ExportStatus;
  /** YYYY-MM-DD */
  date: string;
  /** The team's name (or the team); shown as a column when any entry has one. */
  team?: string | { slug: string; name: string } | null;
  /** Defaults to exportFileName(id, title). */
  fileName?: string;
};
