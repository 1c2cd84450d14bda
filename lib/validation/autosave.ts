import { z } from 'zod';

/**
 * An autosave carries the editor's half-typed form, so it is not validated as
 * a decision: only bounded. Saving a revision validates for real.
 */
export const AUTOSAVE_MAX_BYTES = 1024 * 1024;

export const autosaveSchema = z.object({
  baseRevision: z.number({ error: 'The revision the edits started from is missing' }).int().min(1, { error: 'Revisions start at 1' }),
  content: z
    .record(z.string(), z.unknown(), { error: 'Autosaved content must be an object of fields' })
    .refine((c) => JSON.stringify(c).length <= AUTOSAVE_MAX_BYTES, { error: 'These edits are larger than 1 MB and cannot be autosaved; save a revision instead' }),
});
export type AutosaveInput = z.infer<typeof autosaveSchema>;
