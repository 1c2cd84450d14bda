import { backupDatabase, getDb, migrateDb, type Db } from '@/db/client';
import { engine } from '@/db/engine';
import { exportDecision, importAdrs, type ImportFile } from '@/db/queries/adr';
import { listDecisions } from '@/db/queries/history';
import { rebuildSearch } from '@/db/queries/search';
import { createMetric } from '@/db/queries/metrics';
import { addMember, createTeam } from '@/db/queries/teams';
import { createToken } from '@/db/queries/tokens';
import { createInvite } from '@/db/queries/invites';
import { createUserWithPassword, getUserByEmail, setUserActive, setUserRoles, SYSTEM_VIEWER } from '@/db/queries/users';
import { closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportIndex, type ExportIndexEntry } from '@/lib/adr/export';
import { MAX_FILE_BYTES } from '@/lib/adr/limits';
import { SKIP_REASONS } from '@/lib/adr/parse';
import { AppError } from '@/lib/errors';
import { TOKEN_SCOPE_LABELS } from '@/lib/validation/token';
import { notifyCommands } from './notify';

export class CliError extends Error {}

type Opt = { type: 'string' | 'boolean'; help: string; required?: boolean; multiple?: boolean };
type Values = Record<string, string | boolean | string[] | undefined>;
export type Command = { name: string; usage: string; summary: string; options: Record<string, Opt>; run: (v: Values) => Promise<void> };

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

let opened: Promise<Db> | undefined;
/**
 * The database this process is configured for (DATABASE_URL or DATABASE_PATH),
 * with every migration applied: SQLite applies them when opened, PostgreSQL
 * here. Opened on first use, so commands that need no database never touch it.
 */
export function openDatabase(): Promise<Db> {
  opened ??= (async () => {
    const db = getDb();
    await migrateDb(db);
    return db;
  })();
  return opened;
}

/** Data-layer errors become one precise line; the issue paths name the flag. */
async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof AppError) {
      const details = e.issues?.length ? e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') : e.message;
      throw new CliError(details);
    }
    throw e;
  }
}

/**
 * The entries of an ADR folder, for import: regular files only, read without
 * following links (O_NOFOLLOW, then fstat on the open file, so a file swapped
 * for a link between listing and reading is refused too). Links, sub-folders
 * and anything else are reported by name instead of read; files over the size
 * limit are not read at all.
 */
export function readImportFolder(dir: string): ImportFile[] {
  const out: ImportFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const name = entry.name;
    if (entry.isSymbolicLink()) {
      out.push({ name, skipped: 'It is a symbolic link; Candor imports only regular files inside the folder, never what a link points to' });
      continue;
    }
    if (entry.isDirectory()) {
      out.push({ name: `${name}/`, skipped: `It is a sub-folder; its files were not imported. Import it on its own (candor import ${path.join(dir, name)} --team …)` });
      continue;
    }
    if (!entry.isFile()) {
      out.push({ name, skipped: 'It is not a regular file (a device, socket or pipe)' });
      continue;
    }
    if (!/\.(md|markdown)$/i.test(name)) {
      out.push({ name, skipped: SKIP_REASONS.notMarkdown });
      continue;
    }
    let fd: number;
    try {
      fd = openSync(path.join(dir, name), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.push({ name, skipped: code === 'ELOOP' ? 'It is a symbolic link; Candor imports only regular files inside the folder, never what a link points to' : `It could not be read (${code ?? 'error'})` });
      continue;
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) {
        out.push({ name, skipped: 'It is not a regular file' });
      } else if (st.size > MAX_FILE_BYTES) {
        out.push({ name, skipped: `It is ${Math.ceil(st.size / 1024).toLocaleString('en')} KB; Candor reads decision records of at most ${MAX_FILE_BYTES / 1024} KB. Split it or move attachments out of it` });
      } else {
        const bytes = Buffer.alloc(st.size);
        let read = 0;
        while (read < st.size) {
          const n = readSync(fd, bytes, read, st.size - read, read);
          if (n === 0) break;
          read += n;
        }
        out.push({ name, content: new Uint8Array(bytes.buffer, bytes.byteOffset, read) });
      }
    } finally {
      closeSync(fd);
    }
  }
  return out;
}

export const commands: Command[] = [
  {
    name: 'export',
    usage: '--out DIR [--team SLUG]',
    summary: 'Write every decision as MADR-compatible Markdown (one file each) plus an index.md.',
    options: {
      out: { type: 'string', help: 'directory to write into (created if missing)', required: true },
      team: { type: 'string', help: 'only this team’s decisions' },
    },
    async run(v) {
      const db = await openDatabase();
      const out = str(v, 'out')!;
      mkdirSync(out, { recursive: true });
      const entries: ExportIndexEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await guard(listDecisions(db, SYSTEM_VIEWER, { team: str(v, 'team'), limit: 100, cursor }));
        for (const d of page.items) {
          const { fileName, markdown } = await exportDecision(db, SYSTEM_VIEWER, d.id);
          writeFileSync(path.join(out, fileName), markdown);
          entries.push({ id: d.id, title: d.title, status: d.status, date: (d.publishedAt ?? d.updatedAt).slice(0, 10), team: { slug: d.team, name: d.teamName }, fileName });
        }
        cursor = page.nextCursor ?? undefined;
        if (entries.length % 500 === 0 && entries.length) console.log(`  ${entries.length} written…`);
      } while (cursor);
      entries.sort((a, b) => a.id - b.id);
      writeFileSync(path.join(out, 'index.md'), exportIndex(entries));
      console.log(`Exported ${entries.length} decision${entries.length === 1 ? '' : 's'} and index.md to ${out}`);
    },
  },
  {
    name: 'import',
    usage: 'DIR --team SLUG [--as EMAIL]',
    summary: 'Import an ADR folder (MADR, Nygard / adr-tools, log4brains) into a team; reports every file.',
    options: {
      team: { type: 'string', help: 'the team to import into', required: true },
      as: { type: 'string', help: 'email of the person recorded as author, an active member of the team (default: the team’s longest-standing active admin)' },
    },
    async run(v) {
      const dir = (v._ as string[] | undefined)?.[0];
      if (!dir) throw new CliError('name the folder to import, e.g. `import docs/adr --team platform`');
      if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dir} is not a folder`);
      const db = await openDatabase();
      const as = str(v, 'as') ? await getUserByEmail(db, str(v, 'as')!) : undefined;
      if (str(v, 'as') && !as) throw new CliError(`no account with the email ${str(v, 'as')}`);
      const files = readImportFolder(dir);
      const r = await guard(
        importAdrs(db, SYSTEM_VIEWER, {
          team: str(v, 'team')!,
          files,
          as: as ?? undefined,
          onProgress: (done, total, res) => {
            console.log(`[${String(done).padStart(String(total).length)}/${total}] ${res.file} → ${res.status}${res.decisionId && res.status === 'imported' ? ` as #${res.decisionId}` : ''}${res.reason ? `: ${res.reason}` : ''}`);
            for (const w of res.warnings ?? []) console.log(`    warning: ${w}`);
          },
        }),
      );
      console.log(`${r.imported} imported, ${r.skipped} skipped, ${r.failed} failed.${r.warned ? ` ${r.warned} imported with warnings (above).` : ''}`);
      if (r.failed > 0) throw new CliError(`${r.failed} file${r.failed === 1 ? '' : 's'} could not be imported (reasons above)`);
    },
  },
  {
    name: 'backup',
    usage: '--out FILE',
    summary: 'Write a consistent copy of the SQLite database (safe while the app is running). PostgreSQL: use pg_dump.',
    options: { out: { type: 'string', help: 'where to write the copy, e.g. backups/candor-2026-11-25.db', required: true } },
    async run(v) {
      // The online backup copies a SQLite file; a PostgreSQL server has its own tools.
      if (engine() === 'pg') {
        throw new CliError('backup copies a SQLite database, but this one is PostgreSQL (DATABASE_URL). Back it up with pg_dump instead, e.g. pg_dump --format=custom --file=candor.dump "$DATABASE_URL"');
      }
      const out = str(v, 'out')!;
      if (existsSync(out)) throw new CliError(`${out} already exists; choose a new file name`);
      await backupDatabase(await openDatabase(), out);
      console.log(`Backed up to ${out}`);
    },
  },
  {
    name: 'search rebuild',
    usage: '',
    summary: 'Rebuild the full-text search index from every decision and comment.',
    options: {},
    async run() {
      const started = Date.now();
      const n = await rebuildSearch(await openDatabase());
      console.log(`Indexed ${n} decisions in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  },
  {
    name: 'team create',
    usage: '--slug S --name N [--admin EMAIL]',
    summary: 'Create a team.',
    options: {
      slug: { type: 'string', help: 'URL name, e.g. checkout', required: true },
      name: { type: 'string', help: 'display name, e.g. "Checkout"', required: true },
      admin: { type: 'string', help: 'email of an existing user who becomes team admin' },
    },
    async run(v) {
      const db = await openDatabase();
      const team = await guard(createTeam(db, SYSTEM_VIEWER, { slug: str(v, 'slug'), name: str(v, 'name') }));
      if (str(v, 'admin')) await guard(addMember(db, SYSTEM_VIEWER, team.slug, { email: str(v, 'admin'), role: 'admin' }));
      console.log(`Created team ${team.slug} (${team.name})`);
    },
  },
  {
    name: 'user create',
    usage: '--email E --name N --function F --password P [--team S]... [--team-admin] [--org-admin]',
    summary: 'Create an account (and add it to teams).',
    options: {
      email: { type: 'string', help: 'sign-in email', required: true },
      name: { type: 'string', help: 'display name', required: true },
      function: { type: 'string', help: 'product | data-science | engineering | design | marketing | research | other', required: true },
      password: { type: 'string', help: 'at least 8 characters', required: true },
      team: { type: 'string', help: 'team slug to join (repeatable)', multiple: true },
      'team-admin': { type: 'boolean', help: 'join the teams as admin' },
      'org-admin': { type: 'boolean', help: 'make the account an organisation admin' },
    },
    async run(v) {
      const db = await openDatabase();
      const u = await guard(
        createUserWithPassword(db, { email: str(v, 'email'), name: str(v, 'name'), function: str(v, 'function'), password: str(v, 'password'), orgAdmin: v['org-admin'] === true }),
      );
      for (const slug of (v.team as string[] | undefined) ?? []) {
        await guard(addMember(db, SYSTEM_VIEWER, slug, { email: u.email, role: v['team-admin'] ? 'admin' : 'member' }));
      }
      console.log(`Created user ${u.email} (${u.function}${u.isOrgAdmin ? ', org admin' : ''})`);
    },
  },
  {
    name: 'user set',
    usage: '--email E [--function F] [--org-admin | --no-org-admin] [--deactivate | --reactivate]',
    summary: 'Set an account’s function and/or organisation-admin flag, or deactivate someone who left (recorded as events).',
    options: {
      email: { type: 'string', help: 'the account to change', required: true },
      function: { type: 'string', help: 'product | data-science | engineering | design | marketing | research | other' },
      'org-admin': { type: 'boolean', help: 'make the account an organisation admin' },
      'no-org-admin': { type: 'boolean', help: 'remove organisation admin (not from the last one)' },
      deactivate: { type: 'boolean', help: 'someone who left: sessions ended, tokens revoked, named review requests closed (not the last org admin, nor an owner of metrics)' },
      reactivate: { type: 'boolean', help: 'let a deactivated account sign in again' },
    },
    async run(v) {
      const db = await openDatabase();
      const target = await getUserByEmail(db, str(v, 'email')!);
      if (!target) throw new CliError(`no account with the email ${str(v, 'email')}`);
      if (v['org-admin'] && v['no-org-admin']) throw new CliError('choose one of --org-admin and --no-org-admin');
      if (v.deactivate && v.reactivate) throw new CliError('choose one of --deactivate and --reactivate');
      const orgAdmin = v['org-admin'] ? true : v['no-org-admin'] ? false : undefined;
      const active = v.deactivate ? false : v.reactivate ? true : undefined;
      if (active === undefined && str(v, 'function') === undefined && orgAdmin === undefined) {
        throw new CliError('nothing to change: give --function, --org-admin or --no-org-admin, --deactivate or --reactivate');
      }
      // Deactivation first: when it is refused (the last org admin, an owner of metrics), nothing has changed.
      if (active !== undefined) {
        const r = await guard(setUserActive(db, SYSTEM_VIEWER, target.id, { active }));
        console.log(
          active
            ? `${target.email} can sign in again`
            : `${target.email} is deactivated: ${r.sessionsEnded} session(s) ended, ${r.tokensRevoked} token(s) and ${r.invitesRevoked} unused invite(s) revoked`,
        );
      }
      if (str(v, 'function') !== undefined || orgAdmin !== undefined) {
        const u = await guard(setUserRoles(db, SYSTEM_VIEWER, target.id, { function: str(v, 'function'), orgAdmin }));
        console.log(`${u.email} is ${u.function}${u.isOrgAdmin ? ', org admin' : ''}`);
      }
    },
  },
  {
    name: 'invite create',
    usage: '--function F [--email E] [--team S] [--org-admin] [--days N] [--base-url URL]',
    summary: 'Create an invite link; prints the link alone on the last line (shown once).',
    options: {
      function: { type: 'string', help: 'the newcomer’s function', required: true },
      email: { type: 'string', help: 'only this address may use the link' },
      team: { type: 'string', help: 'team slug the newcomer joins as a member' },
      'org-admin': { type: 'boolean', help: 'the newcomer becomes an organisation admin' },
      days: { type: 'string', help: 'days until the link expires (default 7)' },
      'base-url': { type: 'string', help: 'where Candor is reached (default http://localhost:3000)' },
    },
    async run(v) {
      const db = await openDatabase();
      const { token, invite } = await guard(
        createInvite(db, SYSTEM_VIEWER, { function: str(v, 'function'), email: str(v, 'email'), team: str(v, 'team'), orgAdmin: v['org-admin'] === true, expiresInDays: str(v, 'days') }),
      );
      const base = (str(v, 'base-url') ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
      console.log(`Invite ${invite.id}: ${invite.function}${invite.team ? `, team ${invite.team.slug}` : ''}${invite.email ? `, for ${invite.email}` : ''}; expires ${invite.expiresAt} (shown once):`);
      console.log(`${base}/sign-up?invite=${token}`);
    },
  },
  {
    name: 'metric create',
    usage: '--key K --name N --kind K --owner EMAIL --definition TEXT',
    summary: 'Add a metric to the catalogue.',
    options: {
      key: { type: 'string', help: 'e.g. checkout_conversion', required: true },
      name: { type: 'string', help: 'display name', required: true },
      kind: { type: 'string', help: 'north-star | primary | guardrail', required: true },
      owner: { type: 'string', help: "owner's email", required: true },
      definition: { type: 'string', help: 'Markdown definition', required: true },
    },
    async run(v) {
      const m = await guard(createMetric(await openDatabase(), SYSTEM_VIEWER, { key: str(v, 'key'), name: str(v, 'name'), kind: str(v, 'kind'), ownerEmail: str(v, 'owner'), definition: str(v, 'definition') }));
      console.log(`Created metric ${m.key} (${m.kind}, owner ${m.owner.email})`);
    },
  },
  {
    name: 'token create',
    usage: '--email E [--label L] [--scope api|feed]',
    summary: 'Mint a personal token (an API token, or a feed token for ?token= in a feed URL); prints it alone on the last line.',
    options: {
      email: { type: 'string', help: 'the account the token acts as', required: true },
      label: { type: 'string', help: 'what the token is for' },
      scope: { type: 'string', help: 'api (the JSON API, the default) or feed (reads the Atom feeds only)' },
    },
    async run(v) {
      const db = await openDatabase();
      const user = await getUserByEmail(db, str(v, 'email')!);
      if (!user) throw new CliError(`no account with the email ${str(v, 'email')}`);
      const { token, record } = await guard(createToken(db, user, { label: str(v, 'label') ?? 'CLI token', scope: str(v, 'scope') }));
      console.log(`${TOKEN_SCOPE_LABELS[record.scope]} "${record.label}" for ${user.email} (shown once; stored hashed):`);
      console.log(token);
    },
  },
];

// `candor notify send` and `candor notify test-mail` (cli/notify.ts).
commands.push(...notifyCommands);
