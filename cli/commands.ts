import { getDb } from '@/db/client';
import { createMetric } from '@/db/queries/metrics';
import { addMember, createTeam } from '@/db/queries/teams';
import { createToken } from '@/db/queries/tokens';
import { createUserWithPassword, getUserByEmail, SYSTEM_VIEWER } from '@/db/queries/users';
import { AppError } from '@/lib/errors';

export class CliError extends Error {}

type Opt = { type: 'string' | 'boolean'; help: string; required?: boolean; multiple?: boolean };
type Values = Record<string, string | boolean | string[] | undefined>;
export type Command = { name: string; usage: string; summary: string; options: Record<string, Opt>; run: (v: Values) => Promise<void> };

const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

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

export const commands: Command[] = [
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
      const db = getDb();
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
      const db = getDb();
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
      const m = await guard(createMetric(getDb(), SYSTEM_VIEWER, { key: str(v, 'key'), name: str(v, 'name'), kind: str(v, 'kind'), ownerEmail: str(v, 'owner'), definition: str(v, 'definition') }));
      console.log(`Created metric ${m.key} (${m.kind}, owner ${m.owner.email})`);
    },
  },
  {
    name: 'token create',
    usage: '--email E [--label L]',
    summary: 'Mint a personal API token; prints it alone on the last line.',
    options: {
      email: { type: 'string', help: 'the account the token acts as', required: true },
      label: { type: 'string', help: 'what the token is for' },
    },
    async run(v) {
      const db = getDb();
      const user = await getUserByEmail(db, str(v, 'email')!);
      if (!user) throw new CliError(`no account with the email ${str(v, 'email')}`);
      const { token, record } = await guard(createToken(db, user, { label: str(v, 'label') ?? 'CLI token' }));
      console.log(`Token "${record.label}" for ${user.email} (shown once; stored hashed):`);
      console.log(token);
    },
  },
];
