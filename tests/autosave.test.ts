import { describe, expect, it } from 'vitest';
import { autosaveDraft, discardAutosave, getAutosave } from '@/db/queries/autosave';
import { createDecision, updateDecision } from '@/db/queries/decisions';
import { withdraw } from '@/db/queries/publish';
import { AppError } from '@/lib/errors';
import { blankEvidence, blankOption, formFromSaved, fromFormIndexed, toForm, toFormPath } from '@/app/(app)/decisions/[id]/edit/form-model';
import { decisionContentSchema, emptyContent } from '@/lib/validation/decision';
import { makeWorkspace, testDb } from './helpers/db';

const db = await testDb();
const ws = await makeWorkspace(db);

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('autosave on the server', () => {
  it('keeps an author’s unsaved edits for another device, and a saved revision clears them', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Autosave me' } });
    expect(await getAutosave(db, ws.pm, d.id)).toBeNull();
    await autosaveDraft(db, ws.pm, { id: d.id, baseRevision: 1, content: { title: 'Autosave me, half-typ' } });
    await autosaveDraft(db, ws.pm, { id: d.id, baseRevision: 1, content: { title: 'Autosave me, half-typed' } });
    const kept = await getAutosave(db, ws.pm, d.id);
    expect(kept).toMatchObject({ baseRevision: 1, content: { title: 'Autosave me, half-typed' } });
    // Autosave is not a revision.
    expect((await updateDecision(db, ws.pm, { id: d.id, baseRevision: 1, content: { title: 'Autosave me, saved' } })).decision.revision).toBe(2);
    expect(await getAutosave(db, ws.pm, d.id)).toBeNull();
  });

  it('is per person: a co-author’s autosave is theirs alone', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Mine' } });
    await autosaveDraft(db, ws.pm, { id: d.id, baseRevision: 1, content: { title: 'Mine, edited' } });
    expect(await getAutosave(db, ws.ds, d.id)).toBeNull();
  });

  it('refuses people who are not authors, frozen decisions and oversized or malformed input', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Guarded' } });
    expect(await code(autosaveDraft(db, ws.ds, { id: d.id, baseRevision: 1, content: { title: 'x' } }))).toBe('forbidden');
    expect(await code(autosaveDraft(db, ws.pm, { id: 999_999, baseRevision: 1, content: {} }))).toBe('not_found');
    expect(await code(autosaveDraft(db, ws.pm, { id: d.id, baseRevision: 0, content: {} }))).toBe('invalid');
    expect(await code(autosaveDraft(db, ws.pm, { id: d.id, baseRevision: 1, content: 'text' }))).toBe('invalid');
    expect(await code(autosaveDraft(db, ws.pm, { id: d.id, baseRevision: 1, content: { context: 'x'.repeat(1024 * 1024 + 1) } }))).toBe('invalid');
    expect(await getAutosave(db, ws.pm, d.id)).toBeNull();
  });

  it('says why it refuses, in autosave’s own words for a frozen decision', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Gone' } });
    // Nor may an admin who is not an author (ws.admin is an org admin and administers ws.team).
    for (const v of [ws.ds, ws.admin]) {
      await expect(autosaveDraft(db, v, { id: d.id, baseRevision: 1, content: { title: 'x' } })).rejects.toMatchObject({ code: 'forbidden', message: 'Only the authors of a decision can edit it' });
    }
    await withdraw(db, ws.pm, { id: d.id, reason: 'Another team is solving this, so this draft is no longer needed.' });
    await expect(autosaveDraft(db, ws.pm, { id: d.id, baseRevision: 1, content: { title: 'x' } })).rejects.toMatchObject({
      code: 'frozen',
      message: 'This decision is withdrawn: its content is frozen, so there is nothing to autosave',
    });
    await expect(autosaveDraft(db, ws.pm, { id: 2_147_483_648, baseRevision: 1, content: {} })).rejects.toMatchObject({ code: 'not_found', message: 'There is no decision #2147483648' });
    expect(await getAutosave(db, ws.pm, d.id)).toBeNull();
  });

  it('can be discarded', async () => {
    const d = await createDecision(db, ws.pm, { team: ws.team.slug, content: { title: 'Discard' } });
    await autosaveDraft(db, ws.pm, { id: d.id, baseRevision: 1, content: { title: 'Discard me' } });
    await discardAutosave(db, ws.pm, d.id);
    expect(await getAutosave(db, ws.pm, d.id)).toBeNull();
  });
});

describe('the editor’s form model', () => {
  it('leaves empty new cards out of what is saved, so they never block saving a draft', () => {
    const form = toForm(emptyContent());
    form.title = 'A draft';
    form.options = [blankOption(), { ...blankOption(), name: 'Keep checkout as is' }, blankOption()];
    form.evidence = [blankEvidence()];
    const { content, index } = fromFormIndexed(form);
    expect(content.options).toEqual([{ name: 'Keep checkout as is', description: '', chosen: false }]);
    expect(content.evidence).toEqual([]);
    expect(decisionContentSchema.safeParse(content).success).toBe(true);
    // An error about the second saved option points at the card the person sees.
    expect(index.options).toEqual([1]);
    expect(toFormPath('options.0.name', index)).toBe('options.1.name');
    expect(toFormPath('title', index)).toBe('title');
  });

  it('reads kept edits defensively: unknown or mistyped parts fall back to the saved revision', () => {
    const saved = toForm({ ...emptyContent(), title: 'Saved title', summary: 'Saved summary' });
    const restored = formFromSaved({ title: 'Typed title', summary: 42, options: [{ name: 'A', chosen: 'yes' }, 'junk'], evil: '<script>' }, saved);
    expect(restored.title).toBe('Typed title');
    expect(restored.summary).toBe('Saved summary');
    expect(restored.options).toHaveLength(1);
    expect(restored.options[0]).toMatchObject({ name: 'A', chosen: false, description: '' });
    expect('evil' in restored).toBe(false);
    expect(formFromSaved(null, saved)).toBe(saved);
  });
});
