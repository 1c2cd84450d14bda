'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { importAdrs, type ImportFile, type ImportResult } from '@/db/queries/adr';
import { importPathDepth, MAX_FILE_BYTES, uploadTooLarge } from '@/lib/adr/limits';
import { updatePolicy } from '@/db/queries/publish';
import { addMember, createTeam, removeMember, setMemberRole } from '@/db/queries/teams';
import type { FormState } from '@/app/_components/form-bits';
import { failed, formValues } from '@/app/_lib/action-state';
import { getViewer } from '@/app/_lib/viewer';
import { setUserRoles } from '@/db/queries/users';
import { FUNCTION_LABELS } from '@/lib/vocabulary';

const signedOut: FormState = { ok: false, formError: 'Your session has ended: sign in again.' };

export async function createTeamAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form, ['slug', 'name']);
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  let slug: string;
  try {
    slug = (await createTeam(getDb(), viewer, values)).slug;
  } catch (e) {
    return failed(e, values);
  }
  redirect(`/teams/${slug}`);
}

export async function addMemberAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = formValues(form, ['email', 'role']);
  const team = String(form.get('team') ?? '');
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  try {
    const m = await addMember(getDb(), viewer, team, values);
    revalidatePath(`/teams/${team}/settings`);
    return { ok: true, message: `${m.name} is now a ${m.role} of the team.` };
  } catch (e) {
    return failed(e, values);
  }
}

export async function setMemberRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const team = String(form.get('team') ?? '');
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  try {
    await setMemberRole(getDb(), viewer, team, { userId: form.get('userId'), role: form.get('role') });
    revalidatePath(`/teams/${team}/settings`);
    return { ok: true, message: 'Role updated.' };
  } catch (e) {
    return failed(e, {});
  }
}

/** An organisation admin sets a member's function from team settings, as on the People page (an event; team admins are refused). */
export async function setMemberFunctionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const team = String(form.get('team') ?? '');
  const values = formValues(form, ['function']);
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  try {
    const u = await setUserRoles(getDb(), viewer, String(form.get('userId') ?? ''), { function: values.function });
    revalidatePath(`/teams/${team}/settings`);
    revalidatePath(`/teams/${team}`);
    return { ok: true, message: `${u.name} is now ${FUNCTION_LABELS[u.function]}.`, values };
  } catch (e) {
    return failed(e, values);
  }
}

export async function removeMemberAction(_prev: FormState, form: FormData): Promise<FormState> {
  const team = String(form.get('team') ?? '');
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  try {
    await removeMember(getDb(), viewer, team, String(form.get('userId') ?? ''));
    revalidatePath(`/teams/${team}/settings`);
    return { ok: true, message: 'Removed from the team.' };
  } catch (e) {
    return failed(e, {});
  }
}

/** Numbers arrive as text; an empty box keeps the current value. Field paths match the form's names. */
export async function updatePolicyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const team = String(form.get('team') ?? '');
  const values: Record<string, string> = {};
  const input: Record<string, unknown> = { minWords: {} as Record<string, number>, lintLevels: {} as Record<string, string> };
  for (const [key, raw] of form.entries()) {
    const v = String(raw);
    if (key === 'team' || key.startsWith('$')) continue;
    values[key] = v;
    if (key.startsWith('lint:')) {
      if (v !== 'default') (input.lintLevels as Record<string, string>)[key.slice(5)] = v;
    } else if (key.startsWith('minWords.')) {
      if (v.trim()) (input.minWords as Record<string, number>)[key.slice(9)] = Number(v);
    } else if (key !== 'requireMetricOwnerReview' && v.trim()) {
      input[key] = Number(v);
    }
  }
  input.requireMetricOwnerReview = form.get('requireMetricOwnerReview') === 'on';
  const viewer = await getViewer();
  if (!viewer) return { ...signedOut, values };
  try {
    await updatePolicy(getDb(), viewer, team, input);
  } catch (e) {
    return failed(e, values);
  }
  revalidatePath(`/teams/${team}/settings`);
  return { ok: true, message: 'Policy saved. Every open decision’s checklist now follows it.', values };
}

export type ImportState = FormState & { results?: ImportResult[]; summary?: string };

const MAX_IMPORT_FILES = 500;

/** Import uploaded ADR files (a folder or a selection of .md files) into a team. */
export async function importAdrsAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  const team = String(form.get('team') ?? '');
  const viewer = await getViewer();
  if (!viewer) return signedOut;
  // An input left empty still sends a nameless, zero-byte part; a real file always has a name.
  const uploads = [...form.getAll('files'), ...form.getAll('folder')].filter(
    (f): f is File => typeof f === 'object' && 'text' in f && !!f.name && f.name !== 'undefined' && !(f.size === 0 && f.name === 'blob'),
  );
  if (uploads.length === 0) return { ok: false, formError: 'Choose a folder or some .md files to import' };
  if (uploads.length > MAX_IMPORT_FILES) return { ok: false, formError: `That is ${uploads.length} files; import at most ${MAX_IMPORT_FILES} at a time` };
  // A file's path within the chosen folder ("adr/0001-x.md"), which the form sends beside each file in
  // `paths` (the multipart parser keeps only a file name's last part); without JavaScript, the name.
  const paths = form.getAll('paths').map(String);
  const pathOf = (f: File, i: number) => (paths.length === uploads.length ? paths[i]! : f.name);
  const tooLarge = uploadTooLarge(uploads.reduce((sum, f, i) => sum + (importPathDepth(pathOf(f, i)) > 2 ? 0 : f.size), 0));
  if (tooLarge) return { ok: false, formError: tooLarge };
  // Files in the chosen folder itself are imported under their own name; files in its sub-folders are
  // reported, not imported (as the CLI does), so two files of the same name cannot collide.
  const files: ImportFile[] = await Promise.all(
    uploads.map(async (f, i): Promise<ImportFile> => {
      const parts = pathOf(f, i).split('/').filter(Boolean);
      const name = parts.at(-1) ?? f.name;
      if (parts.length > 2) return { name: parts.slice(1).join('/'), skipped: `It is in the sub-folder ${parts.slice(1, -1).join('/')}/, whose files were not imported; import that folder on its own` };
      if (f.size > MAX_FILE_BYTES) return { name, skipped: `It is ${Math.ceil(f.size / 1024).toLocaleString('en')} KB; Candor reads decision records of at most ${MAX_FILE_BYTES / 1024} KB. Split it or move attachments out of it` };
      return { name, content: new Uint8Array(await f.arrayBuffer()) };
    }),
  );
  try {
    const r = await importAdrs(getDb(), viewer, { team, files });
    revalidatePath(`/teams/${team}`);
    return {
      ok: true,
      results: r.results,
      summary: `${r.imported} imported${r.warned ? ` (${r.warned} with warnings)` : ''}, ${r.skipped} skipped${r.failed ? `, ${r.failed} failed` : ''}, of ${files.length} file${files.length === 1 ? '' : 's'}.`,
    };
  } catch (e) {
    return failed(e, {});
  }
}
